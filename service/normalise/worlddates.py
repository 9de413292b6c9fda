"""Absolute dates in every supported language, read by looking words up in CLDR's tables.

``5 de setembro de 2023, 10:44``, ``Sabtu 08 Feb 2020 11:04 WIB``, ``114年01月13日``,
``13 มกราคม 2568``, ``Mon, 3 Mar 2025``: the line is cut into a clock time, a zone, numbers and
words; every word must be a month, a weekday, a day period, a zone or a word dates are glued
with (``de``, ``um``, ``г.``), or the line is no date. No per-line call into a general parser:
a few regular expressions and dictionary look-ups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo  # noqa: F401  (UTC: doctest)
from functools import cache
from zoneinfo import ZoneInfo

from service.normalise.absolute import span_stamp
from service.normalise.cldrwords import (
    AM_MARK,
    MONTH_MARK,
    PM_MARK,
    WORD,
    ambiguous_months,
    glue_words,
    marks,
    month_words,
    weekday_words,
)
from service.normalise.datewords import BUDDHIST_YEARS, DATE_GLUE_WORDS, ERA_MARKS
from service.normalise.stamp import Stamp, format_instant  # noqa: F401  (doctest)
from service.normalise.zones import _TZINFOS, fixed_zone, local_readings
from service.normalise.zonewords import ZONE_PHRASES

#: What ``read_date`` says of a line that is no date: ``NOT_DATE`` when a word is no date word
#: (a sentence), ``UNSURE`` when the words are date words in a shape it does not place (a
#: two-digit year, two clocks), which a caller may hand to another reader.
NOT_DATE = "not a date"
UNSURE = "unsure"

_NUMERIC_DATE = re.compile(r"(?<![\d.:/-])(\d{1,4})([-/.]|\. )(\d{1,2})\2(\d{1,4})(?![\d:/-]|\.\d)")
_CLOCKS = (
    re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d{1,6})?(?![\d:])"),
    re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])()"),
    re.compile(r"(?<![\d:])(\d{1,2}) ?h ?(\d{2})(?!\d)()"),
    re.compile(r"(\d{1,2}) ?[時时시点點] ?(?:(\d{1,2}) ?[分분])?(?: ?(\d{1,2}) ?[秒초])?"),
)
_AFTER_CLOCK_OFFSET = re.compile(r"\s?(?:\(?(?:gmt|utc) ?)?([+−-])(\d{1,2})(?::?(\d{2}))?\)?(?!\d)")
_GMT_OFFSET = re.compile(r"\(?(?:gmt|utc) ?([+−-]) ?(\d{1,2})(?::?(\d{2}))?\)?(?!\d)")
#: ``am``/``p.m.`` only right after a clock: German ``am 5. März`` is "on".
_LATIN_PERIOD = re.compile(r"\s?([ap])\.? ?m\b\.?")
_ZONE_AFTER = re.compile(r"\s?\(?([a-z]{1,5})\)?(?![^\W\d_])")
#: A number, a mark, or a word with its inner dots (Thai ``ม.ค.``, January).
_TOKEN = re.compile(rf"(\d+)|([\ue000-\ue0ff])|({WORD.pattern}(?:\.{WORD.pattern})*)")
_CJK_MARKERS = {
    "年": "y",
    "년": "y",
    "月": "m",
    "월": "m",
    "日": "d",
    "号": "d",
    "號": "d",
    "일": "d",
}
_MAX_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Reading:
    """A date line's parts as written, before any zone is applied."""

    year: int
    month: int
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    zone: tzinfo | None = None
    #: Other months a month word may mean in another language (Croatian ``listopad``).
    other_months: tuple[int, ...] = ()


@cache
def _skippable() -> frozenset[str]:
    return weekday_words() | glue_words() | DATE_GLUE_WORDS


def read_date(phrase: str, *, dayfirst: bool = False) -> Reading | str:
    """The parts of a date line, or ``NOT_DATE`` / ``UNSURE``.

    >>> read_date("05 setembro 2023, 10:44")
    Reading(year=2023, month=9, day=5, hour=10, minute=44, second=None, zone=None, other_months=())
    >>> read_date("114年01月13日").year
    2025
    >>> read_date("13 มกราคม 2568").year, read_date("Dienstag, 4. März 2025 um 18:30 Uhr").hour
    (2025, 18)
    >>> read_date("Trump to talk with Putin on March 18")
    'not a date'
    """
    text = " ".join(phrase.casefold().split())
    if len(text) > _MAX_LENGTH:
        return UNSURE
    zone, text = _zone_phrase(text)
    era, text = _era(text)
    pattern, table = marks()
    text = pattern.sub(lambda m: f" {table[m.group(0)]} ", text)
    parts: dict[str, int] = {}
    numeric = _NUMERIC_DATE.search(text)
    if numeric is not None:
        if not _numeric_parts(numeric, dayfirst, parts):
            return UNSURE
        text = text[: numeric.start()] + " " + text[numeric.end() :]
    clock, text, clock_zone = _clock(text)
    if clock == UNSURE:
        return UNSURE
    zone = clock_zone or zone
    outcome = _words(text, phrase, parts)
    if isinstance(outcome, str):
        return outcome
    period, word_zone = outcome
    zone = zone or word_zone
    return _assemble(parts, clock, period, era, zone)


def _zone_phrase(text: str) -> tuple[tzinfo | None, str]:
    for words, name in ZONE_PHRASES.items():
        if words in text:
            return ZoneInfo(name), text.replace(words, " ")
    match = _GMT_OFFSET.search(text)
    if match:
        return _offset_zone(match), text[: match.start()] + " " + text[match.end() :]
    return None, text


def _offset_zone(match: re.Match[str]) -> tzinfo | None:
    sign = -1 if match.group(1) in "-−" else 1
    return fixed_zone(sign * (int(match.group(2)) * 3600 + int(match.group(3) or 0) * 60))


def _era(text: str) -> tuple[int | None, str]:
    for mark, years in ERA_MARKS.items():
        if mark in text:
            return years, text.replace(mark, " ")
    return None, text


def _numeric_parts(match: re.Match[str], dayfirst: bool, parts: dict[str, int]) -> bool:
    """``2025-01-13``, ``13/01/2025``, ``4-6-2025`` (day first or not, as the caller says;
    a first number over 12 is a day, as dateutil reads it)."""
    first, _, second, third = match.groups()
    if len(first) == 4:
        parts.update(y=int(first), m=int(second), d=int(third))
        return len(third) <= 2
    if len(third) != 4:
        return False
    a, b = int(first), int(second)
    month_first = not dayfirst
    if a > 12 >= b:
        month_first = False
    elif b > 12 >= a:
        month_first = True
    parts.update(y=int(third), m=a if month_first else b, d=b if month_first else a)
    return True


def _clock(text: str) -> tuple[tuple[int, int, int | None] | str | None, str, tzinfo | None]:
    """The one clock time of a line, the text without it, and a zone written right after it."""
    found = None
    for pattern in _CLOCKS:
        match = pattern.search(text)
        if match is not None and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return None, text, None
    hour, minute, second = found.group(1), found.group(2), found.group(3)
    clock = (int(hour), int(minute or 0), int(second) if second else None)
    rest = text[found.end() :]
    period = _LATIN_PERIOD.match(rest)
    if period is not None:
        rest = f" {AM_MARK if period.group(1) == 'a' else PM_MARK} " + rest[period.end() :]
    zone = None
    offset = _AFTER_CLOCK_OFFSET.match(rest)
    if offset is not None and (offset.group(3) or len(offset.group(2)) == 2):
        zone = _offset_zone(offset)
        rest = rest[offset.end() :]
    else:
        word = _ZONE_AFTER.match(rest)
        if word is not None and word.group(1).upper() in _TZINFOS:
            zone = _TZINFOS[word.group(1).upper()]
            rest = rest[word.end() :]
    left = text[: found.start()] + " " + rest
    if any(pattern.search(left) for pattern in _CLOCKS):
        return UNSURE, text, None  # two clock times: not one date
    return clock, left, zone


def _words(text: str, phrase: str, parts: dict[str, int]) -> tuple[str | None, tzinfo | None] | str:
    """Read the numbers and words left once the clock and a numeric date are out."""
    months, skippable = month_words(), _skippable()
    plain: list[str] = []
    period: str | None = None
    zone: tzinfo | None = None
    tokens = [m for m in _TOKEN.finditer(text)]
    for index, token in enumerate(tokens):
        number, mark, word = token.groups()
        if number is not None:
            following = tokens[index + 1].group(3) if index + 1 < len(tokens) else None
            role = _CJK_MARKERS.get((following or "")[:1])
            if (
                role is not None
                and following is not None
                and following[:1] == text[token.end() :][:1]
            ):
                if role in parts:
                    return NOT_DATE
                parts[role] = int(number)
            else:
                plain.append(number)
            continue
        if mark is not None:
            if mark in (AM_MARK, PM_MARK):
                period = mark
            elif not _set(parts, "m", ord(mark) - MONTH_MARK):
                return NOT_DATE
            continue
        for piece in _pieces(word.replace(".", "")):
            if piece in months:  # before the weekdays: Spanish ``mar`` is both
                if not _set(parts, "m", months[piece]):
                    return NOT_DATE
                if piece in ambiguous_months():
                    parts["alt"] = piece  # type: ignore[assignment]
            elif piece in _CJK_MARKERS or piece in skippable:
                continue
            elif piece.upper() in _TZINFOS and piece.upper() in phrase:
                zone = zone or _TZINFOS[piece.upper()]
            else:
                return NOT_DATE
    return _plain_numbers(plain, parts) or (period, zone)


def _pieces(word: str) -> list[str]:
    """A word, or a CJK marker glued to the weekday after it (``日火曜日``) as two pieces."""
    if len(word) > 1 and word[0] in _CJK_MARKERS and word not in weekday_words():
        return [word[0], word[1:]]
    return [word]


def _set(parts: dict[str, int], key: str, value: int) -> bool:
    if parts.get(key, value) != value:
        return False
    parts[key] = value
    return True


def _plain_numbers(plain: list[str], parts: dict[str, int]) -> str | None:
    """Place the numbers no marker placed: a four-digit year and a day of at most two digits."""
    for number in plain:
        if len(number) >= 3 and "y" not in parts:
            parts["y"] = int(number)
        elif len(number) <= 2 and "d" not in parts and "m" in parts:
            parts["d"] = int(number)
        elif len(number) <= 2 and "y" not in parts:
            return UNSURE  # ``6 October 23``: a two-digit year is the caller's to expand
        else:
            return NOT_DATE
    return None


def _assemble(
    parts: dict[str, int],
    clock: tuple[int, int, int | None] | None,
    period: str | None,
    era: int | None,
    zone: tzinfo | None,
) -> Reading | str:
    if "y" not in parts or "m" not in parts:
        return NOT_DATE
    year = parts["y"]
    if era is not None and (era > 0 or year >= BUDDHIST_YEARS[0]):
        year += era
    elif year < 1000 and "y" in parts:
        year += 1911  # ``114年``: the Republic of China's calendar
    elif BUDDHIST_YEARS[0] <= year <= BUDDHIST_YEARS[1]:
        year -= 543  # a Thai page's Buddhist-era year
    hour = minute = second = None
    if clock is not None:
        hour, minute, second = clock
        if period == PM_MARK and hour < 12:
            hour += 12
        elif period == AM_MARK and hour == 12:
            hour = 0
    alternatives = ambiguous_months().get(str(parts.get("alt", "")), ())[1:]
    reading = Reading(year, parts["m"], parts.get("d"), hour, minute, second, zone, alternatives)
    return reading if _valid(reading) else NOT_DATE


def _valid(reading: Reading) -> bool:
    try:
        date(reading.year, reading.month, reading.day or 1)
    except ValueError:
        return False
    if reading.hour is None:
        return True
    return (
        0 <= reading.hour <= 23 and 0 <= (reading.minute or 0) <= 59 and (reading.second or 0) <= 59
    )


def world_stamp(phrase: str, zone: tzinfo, *, dayfirst: bool = False) -> Stamp | str:
    """A date line as a ``Stamp`` (its whole day, or its minute or second, in the zone it
    writes or else ``zone``), or ``NOT_DATE`` / ``UNSURE`` as ``read_date`` says.

    >>> s = world_stamp("Sabtu 08 Feb 2020 11:04 WIB", UTC)
    >>> format_instant(s.value), s.precision
    ('2020-02-08T04:04:00Z', 'minute')
    >>> format_instant(world_stamp("May 17, 2024, 06:18 ET", UTC).value)
    '2024-05-17T10:18:00Z'
    """
    reading = read_date(phrase, dayfirst=dayfirst)
    if isinstance(reading, str):
        return reading
    try:
        stamp = _stamp_of(phrase, reading, zone)
        for month in reading.other_months:  # every month the word may mean
            other = _stamp_of(phrase, replace(reading, month=month), zone)
            earliest, latest = min(stamp.earliest, other.earliest), max(stamp.latest, other.latest)
            stamp = replace(stamp, earliest=earliest, latest=latest)
        return stamp
    except (OverflowError, ValueError):
        return NOT_DATE


def _stamp_of(phrase: str, reading: Reading, zone: tzinfo) -> Stamp:
    local = reading.zone is None
    zone = reading.zone or zone
    if reading.day is None:
        first = date(reading.year, reading.month, 1)
        after = date(reading.year + reading.month // 12, reading.month % 12 + 1, 1)
        return span_stamp(phrase, first, after, "month", zone, local=local)
    day = date(reading.year, reading.month, reading.day)
    if reading.hour is None:
        return span_stamp(phrase, day, day + timedelta(days=1), "day", zone, local=local)
    wall = datetime(day.year, day.month, day.day, reading.hour, reading.minute or 0)
    wall = wall.replace(second=reading.second or 0)
    earliest, latest = local_readings(wall, zone)
    if reading.second is not None:
        return Stamp(phrase, "absolute", earliest, earliest, latest, "second", local)
    end = latest + timedelta(seconds=59)
    return Stamp(phrase, "absolute", earliest, earliest, end, "minute", local)
