"""Relative ages: what the page says (``parse_age``) and what it means (``resolve_age``).

English ages are read by one regular expression; every other language's by CLDR's own
relative-time patterns (``vor {0} Stunden``, ``{0} jam yang lalu``, ``{0}時間前``), looked up
as plain dictionary keys. Both give the same ``Age`` and the same honest intervals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache

from service.normalise.agebounds import (
    calendar_bounds,
    legacy_bounds,
    plan,
    shift_months,
    step_delta,
)
from service.normalise.cldrwords import age_words, fold
from service.normalise.datewords import (
    MOMENT_PHRASES,
    NUMBER_WORDS,
    ONE_WORDS,
    UNIT_ORDER,
    UNIT_SECONDS,
    UNIT_WORDS,
)
from service.normalise.stamp import Stamp, format_instant  # noqa: F401  (doctests)

_MAX_AGE_TEXT = 80
_units = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_numbers = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# A number word needs its space (``an hour``), or ``and 2 days`` would read as ``an d``; a
# unit may carry an abbreviation's dot (``5 mins. ago``).
_PART = rf"(?:(\d{{1,15}}) ?|(?<![a-z])({_numbers}) )({_units})\.?(?![a-z])"
_SEP = r"(?: ?, ?(?:and )?| and | )"
_PARTS = rf"{_PART}(?:{_SEP}{_PART}){{0,6}}"
_AGE_PAST = re.compile(rf"({_PARTS}) ago")
_AGE_FUTURE = re.compile(rf"in ({_PARTS})|({_PARTS}) from now")
_PART_RE = re.compile(_PART)
#: One run of digits in any script (``3``, ``३``, ``٣``) inside a folded age.
_DIGITS = re.compile(r"\d{1,6}")
#: The longest non-English age read (``قبل 3 ساعات``, ``il y a 5 minutes``).
_MAX_WORLD_AGE = 48
#: The shortest age a unit's rounding formatter may have written as ``n - 0.5`` units: Babel
#: counts 30-day months and 365-day years; moment.js about 30.44 and 365.24.
_ROUNDED_MIN_SECONDS = {**UNIT_SECONDS, "month": 30 * 86400, "year": 365 * 86400}
#: The longest unit a formatter may count: timeago.js months of 365/12 days, leap years.
_ROUNDED_MAX_SECONDS = {**UNIT_SECONDS, "month": 2629800, "year": 31622400}


@dataclass(slots=True, unsafe_hash=True)  # never changed once made; see ``Stamp``
class Age:
    """A relative age as written: ``4 days, 10 hours ago`` -> parts ``(("day", 4), ("hour", 10))``.

    ``moment`` holds fixed bounds in seconds for phrases like ``just now``; ``yesterday``
    marks the one calendar word the page may use as its date.
    """

    text: str
    parts: tuple[tuple[str, int], ...] = ()
    future: bool = False
    moment: tuple[int, int, str] | None = None
    yesterday: bool = False


@lru_cache(maxsize=4096)
def parse_age(text: str) -> Age | None:
    """Read a whole-line relative age, in any supported language; ``None`` when it is not one.

    >>> parse_age("4 days, 10 hours ago").parts
    (('day', 4), ('hour', 10))
    >>> parse_age("an hour ago").parts, parse_age("in 2 hrs").future
    ((('hour', 1),), True)
    >>> parse_age("vor 3 Stunden").parts, parse_age("hace una hora").parts
    ((('hour', 3),), (('hour', 1),))
    >>> parse_age("3時間前").parts, parse_age("2 jam yang lalu").parts
    ((('hour', 3),), (('hour', 2),))
    >>> parse_age("Trump to talk with Putin on March 18") is None
    True
    """
    if len(text) > _MAX_AGE_TEXT:
        return None
    folded = " ".join(text.casefold().split())  # NBSP, tabs and runs of spaces: one space
    if folded == "yesterday":
        return Age(text, parts=(("day", 1),), yesterday=True)
    moment = MOMENT_PHRASES.get(folded)
    if moment is not None:
        return Age(text, moment=moment)
    if not folded.isascii():  # the English expression needs ASCII: go straight to CLDR's
        return _world_age(text, folded)
    future = False
    match = _AGE_PAST.fullmatch(folded)
    if match:
        body = match.group(1)
    else:
        match = _AGE_FUTURE.fullmatch(folded)
        if not match:
            return _world_age(text, folded)
        body = match.group(1) or match.group(match.lastindex or 1)
        future = True
    parts = _read_parts(body)
    if parts is None:
        return None
    return _age_of(text, parts, future)


def _age_of(text: str, parts: tuple[tuple[str, int], ...], future: bool) -> Age:
    if not parts[0][1] and all(count == 0 for _, count in parts):
        unit = parts[-1][0]
        return Age(text, moment=(0, _ROUNDED_MIN_SECONDS[unit], unit))
    return Age(text, parts=parts, future=future)


def _world_age(text: str, folded: str) -> Age | None:
    """An age in another language, by CLDR's patterns: the number becomes ``{0}`` and the rest
    is looked up whole, so ``vor 3 Stunden`` matches ``vor {0} Stunden`` and nothing longer."""
    if (
        len(folded) > _MAX_WORLD_AGE
        or folded.isascii()
        and not folded[:1].isalnum()
        and (
            folded[:1] not in "-+"  # Babel's narrow ``-12 min``
        )
    ):
        return None
    words = age_words()
    key = "".join(folded.split(" "))
    number = _DIGITS.search(key)
    if number is None:
        word = words.get(key)
        count = word.count if word is not None else None
        if word is None:
            word, count = _one_word_age(folded, words)
    else:
        if _DIGITS.search(key, number.end()) is not None:
            return None  # two numbers: no age pattern holds them
        word = words.get(f"{key[: number.start()]}{{0}}{key[number.end() :]}")
        count = int(number.group())
    if word is None or count is None:
        return None
    if word.now:
        return Age(text, moment=MOMENT_PHRASES["just now"])
    if word.yesterday:
        return Age(text, parts=(("day", 1),), yesterday=True)
    return _age_of(text, ((word.unit, count),), word.future)


def _one_word_age(folded: str, words: dict) -> tuple[object, int | None]:
    """``vor einer Stunde``, ``il y a une heure``: a word for one where CLDR writes the digit."""
    tokens = folded.split(" ")
    for index, token in enumerate(tokens):
        if token in ONE_WORDS:
            key = fold(" ".join([*tokens[:index], "{0}", *tokens[index + 1 :]]))
            word = words.get(key)
            if word is not None:
                return word, 1
    return None, None


def _read_parts(body: str) -> tuple[tuple[str, int], ...] | None:
    parts: list[tuple[str, int]] = []
    last_rank = -1
    for digits, word, unit_word in _PART_RE.findall(body):
        unit = UNIT_WORDS[unit_word]
        rank = UNIT_ORDER.index(unit)
        if rank <= last_rank:
            return None  # units out of order or repeated: not an age a formatter writes
        last_rank = rank
        parts.append((unit, int(digits) if digits else NUMBER_WORDS[word]))
    return tuple(parts) or None


def _next_unit(unit: str) -> str:
    rank = UNIT_ORDER.index(unit)
    return UNIT_ORDER[min(rank + 1, len(UNIT_ORDER) - 1)]


def age_step(age: Age, *, two_unit_formatter: bool) -> str:
    """The unit that bounds the truncated remainder of an age.

    A two-unit formatter (Django's ``timesince``) that writes one unit of a day or longer had
    a zero second unit, so the remainder is below one of the *next* unit; otherwise the
    remainder is below one of the smallest unit written.

    >>> age_step(parse_age("2 months ago"), two_unit_formatter=True)
    'week'
    >>> age_step(parse_age("2 months ago"), two_unit_formatter=False)
    'month'
    >>> age_step(parse_age("3 hours ago"), two_unit_formatter=True)
    'hour'
    """
    smallest = age.parts[-1][0]
    if two_unit_formatter and len(age.parts) == 1 and smallest in ("year", "month", "week", "day"):
        return _next_unit(smallest)
    return smallest


@lru_cache(maxsize=4096)
def resolve_age(
    age: Age, reference: datetime, zone: tzinfo, *, two_unit_formatter: bool = False
) -> Stamp | None:
    """Turn an age into an instant and an honest interval, given the reference time.

    ``value`` is the reference minus the stated age (calendar months and years, as
    ``relativedelta`` counts them). The interval holds the true instant whether the formatter
    counted months as calendar months (Django 4+) or as 30 days (older Django), and, unless
    the formatter is known to be Django's two-unit one (``two_unit_formatter``), whether it
    truncated a one-unit age (timeago.js) or rounded it (moment.js, Babel). It is ``None``
    only when the age is beyond the calendar.

    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> s = resolve_age(parse_age("4 days, 10 hours ago"), ref, UTC, two_unit_formatter=True)
    >>> format_instant(s.value), format_instant(s.earliest), format_instant(s.latest)
    ('2025-03-20T02:00:00Z', '2025-03-20T01:00:00Z', '2025-03-20T02:00:00Z')
    >>> s = resolve_age(parse_age("3 hours ago"), ref, UTC)  # moment says so from 2.5 hours
    >>> format_instant(s.earliest), format_instant(s.latest)
    ('2025-03-24T08:00:00Z', '2025-03-24T09:30:00Z')
    """
    try:
        if age.moment is not None:
            low, high, precision = age.moment
            return Stamp(
                age.text,
                "relative",
                reference - timedelta(seconds=low),
                reference - timedelta(seconds=high),
                reference - timedelta(seconds=low),
                precision,
            )
        if age.yesterday:
            return _resolve_yesterday(age, reference, zone)
        return _resolve_parts(age, reference, two_unit_formatter)
    except (OverflowError, ValueError):
        return None


def _resolve_yesterday(age: Age, reference: datetime, zone: tzinfo) -> Stamp:
    local_today = reference.astimezone(zone).date()
    day_start = datetime.combine(local_today - timedelta(days=1), time(), zone)
    day_end = datetime.combine(local_today, time(), zone) - timedelta(microseconds=1)
    earliest = min(day_start.astimezone(UTC), reference - timedelta(hours=48))
    latest = max(day_end.astimezone(UTC), reference - timedelta(hours=24))
    value = reference - timedelta(days=1)
    return Stamp(age.text, "relative", value, earliest, latest, "day")


def _resolve_parts(age: Age, reference: datetime, two_unit_formatter: bool) -> Stamp:
    if not two_unit_formatter and not age.future and len(age.parts) == 1:
        fast = _fixed_unit_stamp(age, reference)
        if fast is not None:
            return fast
    step = age_step(age, two_unit_formatter=two_unit_formatter)
    months, seconds, legacy_seconds, legacy_step_seconds = plan(age.parts, step)
    precision = age.parts[-1][0]
    if age.future:
        value = shift_months(reference, months) + timedelta(seconds=seconds)
        return Stamp(age.text, "relative", value, value, value + step_delta(step), precision)

    value = shift_months(reference, -months) - timedelta(seconds=seconds)
    cal_earliest, cal_latest = calendar_bounds(reference, months, seconds, step)
    old_earliest, old_latest = legacy_bounds(legacy_seconds, legacy_step_seconds, reference)
    earliest = min(cal_earliest, old_earliest, value)
    latest = max(cal_latest, old_latest, value)
    if not two_unit_formatter and len(age.parts) == 1:
        round_earliest, round_latest = rounded_bounds(age.parts[0], reference)
        earliest = min(earliest, round_earliest)
        latest = max(latest, round_latest)
    return Stamp(age.text, "relative", value, earliest, latest, precision)


def _fixed_unit_stamp(age: Age, reference: datetime) -> Stamp | None:
    """A one-unit age of fixed length (seconds to weeks) whose window stays inside the
    reference's year, in integer seconds: there the calendar, old-Django and rounding bounds
    reduce to ``[ref - (n + 1) units, ref - (n - 0.5) units]`` (old Django's leap-day shift is
    zero within a year). ``None`` for anything else, which takes the general path.

    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> format_instant(_fixed_unit_stamp(parse_age("vor 3 Stunden"), ref).latest)
    '2025-03-24T09:30:00Z'
    """
    unit, count = age.parts[0]
    length = UNIT_SECONDS.get(unit)
    if length is None:
        return _calendar_unit_stamp(age, reference)
    now = int(reference.timestamp())
    earliest = now - (count + 1) * length
    if earliest < _year_start(reference.year):
        return None
    latest = now - length * max(2 * count - 1, 0) // 2
    value = now - count * length
    return Stamp(
        age.text,
        "relative",
        datetime.fromtimestamp(value, UTC),
        datetime.fromtimestamp(earliest, UTC),
        datetime.fromtimestamp(latest, UTC),
        unit,
    )


def _calendar_unit_stamp(age: Age, reference: datetime) -> Stamp:
    """A one-unit age in months or years: the rounding bound is the latest (``n - 0.5`` units
    of 30 or 365 days is later than ``n`` calendar months or years, or old Django's ``n``
    times 30 or 365 days); the earliest is the earliest of the calendar, old-Django and
    rounding bounds, old Django's worked out only where its leap-day shift could reach past
    the others.

    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> s = _calendar_unit_stamp(parse_age("hace 2 meses"), ref)
    >>> format_instant(s.earliest), format_instant(s.latest)
    ('2024-12-23T04:30:00Z', '2025-02-07T12:00:00Z')
    """
    unit, count = age.parts[0]
    months = count * (12 if unit == "year" else 1)
    step_months = 12 if unit == "year" else 1
    value = shift_months(reference, -months)
    latest = reference - timedelta(seconds=_ROUNDED_MIN_SECONDS[unit] * (2 * count - 1) // 2)
    earliest = min(
        shift_months(reference, -(months + step_months)),
        reference - timedelta(seconds=_ROUNDED_MAX_SECONDS[unit] * (count + 1)),
    )
    stated, step_seconds = _legacy_plan(unit, count)
    reach_days = (count * step_months // 12 + 3) // 4 + 3  # old Django's largest leap shift
    if reference - timedelta(seconds=stated + step_seconds, days=reach_days) < earliest:
        earliest = min(earliest, legacy_bounds(stated, step_seconds, reference)[0])
    return Stamp(age.text, "relative", value, earliest, max(latest, value), unit)


def _legacy_plan(unit: str, count: int) -> tuple[int, int]:
    days = 365 if unit == "year" else 30
    return count * days * 86400, days * 86400


@lru_cache(maxsize=64)
def _year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=UTC).timestamp())


def rounded_bounds(part: tuple[str, int], reference: datetime) -> tuple[datetime, datetime]:
    """Where a one-unit age may lie under a formatter that rounds (moment.js, Babel: ``n``
    from ``n - 0.5`` units, ``1`` from half a unit) or truncates with fixed-length months
    (timeago.js: ``n`` up to ``n + 1`` months of 365/12 days).

    >>> ref = datetime(2025, 4, 30, tzinfo=UTC)
    >>> [format_instant(t) for t in rounded_bounds(("month", 2), ref)]
    ['2025-01-28T16:30:00Z', '2025-03-16T00:00:00Z']
    """
    unit, count = part
    # Whole seconds, rounded outwards: every bound must format without loss.
    shortest = _ROUNDED_MIN_SECONDS[unit] * max(2 * count - 1, 0) // 2
    longest = _ROUNDED_MAX_SECONDS[unit] * (count + 1)
    return reference - timedelta(seconds=longest), reference - timedelta(seconds=shortest)
