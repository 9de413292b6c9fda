"""Relative and absolute times: what the page says, and what it means given a reference time.

Parsing (``parse_age``, ``parse_absolute``) is kept apart from arithmetic (``resolve_age``),
as python-dateutil keeps ``parser`` apart from ``relativedelta``.

A resolved time is a ``Stamp``: the instant the page most plausibly means (``value``) and a
closed interval ``[earliest, latest]`` that contains the true instant under every formatter
the page may have used.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from service.normalise.errors import InvalidOptionError
from service.normalise.tables import (
    LEGACY_UNIT_DAYS,
    MOMENT_PHRASES,
    NUMBER_WORDS,
    UNIT_ORDER,
    UNIT_SECONDS,
    UNIT_WORDS,
    ZONE_OFFSETS_MINUTES,
)

#: Django's ``timesince`` months table: February always has 28 days.
_DJANGO_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Stamp:
    """A resolved time: ``value`` inside the closed interval ``[earliest, latest]``."""

    text: str
    kind: str
    value: datetime
    earliest: datetime
    latest: datetime
    precision: str
    _fields: dict[str, str] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def as_dict(self) -> dict[str, str]:
        """The contract's timestamp object, formatted on first use and kept: a history list
        repeats the same (cached) stamps, and a caller that needs only the instants never
        pays for the formatting.

        >>> t = datetime(2025, 1, 21, tzinfo=UTC)
        >>> Stamp("2025-01-21", "absolute", t, t, t, "day").as_dict()["value"]
        '2025-01-21T00:00:00Z'
        """
        fields = self._fields
        if fields is None:
            fields = {
                "text": self.text,
                "kind": self.kind,
                "value": format_instant(self.value),
                "earliest": format_instant(self.earliest),
                "latest": format_instant(self.latest),
                "precision": self.precision,
            }
            object.__setattr__(self, "_fields", fields)
        return dict(fields)


_RFC3339_UTC = "%04d-%02d-%02dT%02d:%02d:%02dZ"


def format_instant(instant: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, in whole seconds (a fraction is dropped).

    >>> format_instant(datetime(2025, 3, 24, 17, 30, tzinfo=ZoneInfo("Asia/Kolkata")))
    '2025-03-24T12:00:00Z'
    >>> format_instant(datetime(1, 1, 1, 0, 0, 0, 999, tzinfo=UTC))
    '0001-01-01T00:00:00Z'
    """
    if instant.tzinfo is not UTC:
        instant = instant.astimezone(UTC)
    # %-formatting of the fields: a third of isoformat's cost here (it asks the tzinfo for its
    # offset), pads the year to four digits (strftime's %Y does not below 1000) and drops the
    # fraction of a second.
    return _RFC3339_UTC % (
        instant.year,
        instant.month,
        instant.day,
        instant.hour,
        instant.minute,
        instant.second,
    )


def load_zone(name: str) -> tzinfo:
    """The IANA zone of that name; ``InvalidOptionError`` if there is none.

    >>> load_zone("Asia/Kolkata").key
    'Asia/Kolkata'
    """
    return _load_zone_cached(name)


@lru_cache(maxsize=64)
def _load_zone_cached(name: str) -> tzinfo:
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise InvalidOptionError("timezone", f"unknown time zone {name!r}") from error


def parse_reference_time(value: str) -> datetime:
    """Parse an RFC 3339 reference time; it must carry an offset.

    >>> parse_reference_time("2025-03-24T12:00:00+05:30").isoformat()
    '2025-03-24T06:30:00+00:00'
    """
    text = value.strip()
    if text[-1:] in ("z", "Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidOptionError(
            "reference_time", f"not an RFC 3339 date-time: {value[:60]!r}"
        ) from error
    if parsed.tzinfo is None or "T" not in text.upper() and " " not in text:
        raise InvalidOptionError(
            "reference_time", "reference_time needs a date, a time and an offset (RFC 3339)"
        )
    return reference_instant(parsed)


#: Reference times a page can be read against: ages reach back at most a few centuries and
#: every instant must stay a ``datetime`` in any zone (year 1 to 9999).
REFERENCE_RANGE = (datetime(1800, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))


def reference_instant(moment: datetime) -> datetime:
    """An aware reference time as the UTC instant the core works with, in whole seconds (every
    bound is then a whole second and formats without loss); InvalidOptionError("reference_time")
    outside REFERENCE_RANGE.

    >>> reference_instant(datetime(2025, 3, 24, 17, 30, 0, 5, tzinfo=ZoneInfo("Asia/Kolkata")))
    datetime.datetime(2025, 3, 24, 12, 0, tzinfo=datetime.timezone.utc)
    >>> try:
    ...     reference_instant(datetime(9999, 12, 31, tzinfo=UTC))
    ... except InvalidOptionError as error:
    ...     print(error)
    reference_time must lie between 1800-01-01 and 9000-01-01
    """
    try:
        instant = moment.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError) as error:
        raise InvalidOptionError("reference_time", "reference_time is out of range") from error
    low, high = REFERENCE_RANGE
    if not low <= instant < high:
        raise InvalidOptionError(
            "reference_time",
            f"reference_time must lie between {low.date()} and {high.date()}",
        )
    return instant


# --- relative ages -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_age(text: str) -> Age | None:
    """Read a whole-line relative age; ``None`` when the text is not one.

    >>> parse_age("4 days, 10 hours ago").parts
    (('day', 4), ('hour', 10))
    >>> parse_age("an hour ago").parts, parse_age("in 2 hrs").future
    ((('hour', 1),), True)
    >>> parse_age("1 week and 2 days ago").parts
    (('week', 1), ('day', 2))
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
    future = False
    match = _AGE_PAST.fullmatch(folded)
    if match:
        body = match.group(1)
    else:
        match = _AGE_FUTURE.fullmatch(folded)
        if not match:
            return None
        body = match.group(1) or match.group(match.lastindex or 1)
        future = True
    parts = _read_parts(body)
    if parts is None:
        return None
    if all(count == 0 for _, count in parts):
        return Age(text, moment=(0, UNIT_SECONDS[parts[-1][0]], parts[-1][0]))
    return Age(text, parts=parts, future=future)


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
    counted months as calendar months (Django 4+) or as 30 days (older Django), and it is
    ``None`` only when the age is beyond the calendar.

    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> s = resolve_age(parse_age("4 days, 10 hours ago"), ref, UTC, two_unit_formatter=True)
    >>> format_instant(s.value), format_instant(s.earliest), format_instant(s.latest)
    ('2025-03-20T02:00:00Z', '2025-03-20T01:00:00Z', '2025-03-20T02:00:00Z')
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


def _split_parts(parts: tuple[tuple[str, int], ...]) -> tuple[int, int]:
    """Calendar months and fixed seconds of an age's parts."""
    months = 0
    seconds = 0
    for unit, count in parts:
        if unit == "year":
            months += 12 * count
        elif unit == "month":
            months += count
        else:
            seconds += UNIT_SECONDS[unit] * count
    return months, seconds


def _resolve_parts(age: Age, reference: datetime, two_unit_formatter: bool) -> Stamp:
    step = age_step(age, two_unit_formatter=two_unit_formatter)
    months, seconds, legacy_seconds, legacy_step_seconds = _plan(age.parts, step)
    precision = age.parts[-1][0]
    if age.future:
        value = shift_months(reference, months) + timedelta(seconds=seconds)
        return Stamp(age.text, "relative", value, value, value + _step_delta(step), precision)

    value = shift_months(reference, -months) - timedelta(seconds=seconds)
    cal_earliest, cal_latest = _calendar_bounds(reference, months, seconds, step)
    old_earliest, old_latest = _legacy_bounds(legacy_seconds, legacy_step_seconds, reference)
    earliest = min(cal_earliest, old_earliest, value)
    latest = max(cal_latest, old_latest, value)
    return Stamp(age.text, "relative", value, earliest, latest, precision)


def shift_months(instant: datetime, months: int) -> datetime:
    """``instant + relativedelta(months=months)`` (day clamped to the month), without the
    cost of building a ``relativedelta`` on the hot path.

    >>> shift_months(datetime(2025, 3, 31, 12), -1), shift_months(datetime(2024, 1, 31), 1)
    (datetime.datetime(2025, 2, 28, 12, 0), datetime.datetime(2024, 2, 29, 0, 0))
    """
    if not months:
        return instant
    year, month_index = divmod(instant.year * 12 + instant.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    day = min(instant.day, _month_length(year, month_index + 1))
    return instant.replace(year=year, month=month_index + 1, day=day)


@lru_cache(maxsize=4096)
def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _step_delta(step: str) -> relativedelta:
    if step == "year":
        return relativedelta(years=1)
    if step == "month":
        return relativedelta(months=1)
    return relativedelta(seconds=UNIT_SECONDS[step])


def _calendar_bounds(
    reference: datetime, months: int, seconds: int, step: str
) -> tuple[datetime, datetime]:
    """Bounds under Django 4+ ``timesince``: calendar months through a clamped pivot date."""
    if step in ("month", "year"):
        step_months = 12 if step == "year" else 1
        earliest = shift_months(reference, -(months + step_months))
        latest = _latest_for_pivot(reference, months)
        return earliest, latest
    low = reference - timedelta(seconds=seconds + UNIT_SECONDS[step])
    high = reference - timedelta(seconds=seconds)
    if months == 0:
        return low, high
    return shift_months(low, -months), _latest_for_pivot(high, months)


def _latest_for_pivot(bound: datetime, months: int) -> datetime:
    """The latest instant ``d`` whose Django pivot (``d`` + ``months``, day clamped) <= ``bound``.

    Django clamps the pivot's day to its month table (February: 28), and a day of ``d``'s
    month past ``bound``'s day cannot exist when that month is short: in both cases whole
    days of ``d``'s month map onto a pivot at or before ``bound``.

    >>> ref = datetime(2026, 3, 30, 4, 24, 55, tzinfo=UTC)
    >>> format_instant(_latest_for_pivot(ref, 13))  # all of 28 Feb 2025 pivots to 28 Mar 2026
    '2025-02-28T23:59:59Z'
    >>> format_instant(_latest_for_pivot(datetime(2025, 2, 28, 10, tzinfo=UTC), 1))
    '2025-01-31T10:00:00Z'
    """
    if months == 0:
        return bound
    latest = shift_months(bound, -months)
    month_len = _month_length(latest.year, latest.month)
    clamp_day = _DJANGO_MONTH_DAYS[bound.month - 1]
    if bound.day > month_len or bound.day > clamp_day:
        return latest.replace(day=month_len, hour=23, minute=59, second=59, microsecond=999999)
    if bound.day == clamp_day:
        return latest.replace(day=month_len)
    return latest


@lru_cache(maxsize=1024)
def _plan(parts: tuple[tuple[str, int], ...], step: str) -> tuple[int, int, int, int]:
    """What an age's bounds need that does not depend on the reference time: its calendar
    months and fixed seconds, and its length and step in old Django's fixed-length units.

    >>> _plan((("month", 2),), "week")
    (2, 0, 5184000, 604800)
    """
    months, seconds = _split_parts(parts)
    stated = 0
    for unit, count in parts:
        stated += count * _legacy_seconds(unit)
    return months, seconds, stated, _legacy_seconds(step)


def _legacy_seconds(unit: str) -> int:
    return LEGACY_UNIT_DAYS[unit] * 86400 if unit in LEGACY_UNIT_DAYS else UNIT_SECONDS[unit]


def _legacy_bounds(
    stated: int, step_seconds: int, reference: datetime
) -> tuple[datetime, datetime]:
    """Bounds under pre-4 Django: 30-day months, 365-day years, minus counted leap days.
    ``stated`` and ``step_seconds`` are the age and its step in those units (``_plan``).

    Old Django took ``_legacy_leap_days(d.year, now.year)`` days off the elapsed time, so the
    shift depends on the year ``d`` falls in: each candidate year contributes the part of its
    shifted interval that lies inside that year.

    >>> ref = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    >>> low, high = _legacy_bounds(3900, 60, ref)  # 1 hour, 5 minutes ago; step a minute
    >>> format_instant(low), format_instant(high)
    ('2024-12-31T23:24:00Z', '2024-12-31T23:25:00Z')
    """
    low = reference - timedelta(seconds=stated + step_seconds)
    high = reference - timedelta(seconds=stated)
    # The correction is at most one day per four years plus two: only the years that the
    # window, shifted back by that much, can reach are candidates for ``d``'s year.
    most = timedelta(days=(reference.year - low.year + 2) // 4 + 2)
    first_year = max((low - most).year if low.year > 1 else 1, 1)
    if first_year == high.year:
        shift = timedelta(days=_legacy_leap_days(first_year, reference.year))
        return low - shift, high - shift
    earliest: datetime | None = None
    latest: datetime | None = None
    for year in range(first_year, high.year + 1):
        shift = timedelta(days=_legacy_leap_days(year, reference.year))
        first = low - shift
        last = high - shift
        if first.year > year or last.year < year:
            continue
        if first.year < year:
            first = first.replace(
                year=year, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
            )
        if last.year > year:
            last = last.replace(
                year=year, month=12, day=31, hour=23, minute=59, second=59, microsecond=999999
            )
        earliest = first if earliest is None or first < earliest else earliest
        latest = last if latest is None or last > latest else latest
    if earliest is None or latest is None:
        return low, high
    return earliest, latest


@lru_cache(maxsize=4096)
def _legacy_leap_days(year: int, now_year: int) -> int:
    """The days old Django took off an age from ``year`` to ``now_year`` for leap days.

    >>> _legacy_leap_days(2019, 2024), _legacy_leap_days(2024, 2025), _legacy_leap_days(2023, 2025)
    (2, 0, 1)
    """
    leap = calendar.leapdays(year, now_year)
    if leap:
        if calendar.isleap(year):
            leap -= 1
        elif calendar.isleap(now_year):
            leap += 1
    return leap


# --- absolute dates ----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\d{1,2} ?[ap]\.?m\b|\b\d{4} ?hrs\b", re.IGNORECASE)
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_HAS_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/-]\d{1,2}")
# A zone abbreviation in any case, but only right after a clock time: ``10:04 ist`` is India
# Standard Time, while a lower-case ``eat`` elsewhere on a line is a word.
_ZONE_WORD = re.compile(
    r"(\d{1,2}[:.]\d{2}(?::\d{2})?(?: ?[ap]\.?m\.?)? ?)("
    + "|".join(sorted(ZONE_OFFSETS_MINUTES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def fixed_zone(seconds: int, name: str | None = None) -> tzinfo | None:
    """A fixed-offset zone as a ``datetime.timezone``: hashable, so it may key a cache (dateutil's
    ``tzoffset`` is not); ``None`` for an offset no clock shows (a day or more).

    >>> fixed_zone(19800, "IST").utcoffset(None), hash(fixed_zone(0)) == hash(UTC)
    (datetime.timedelta(seconds=19800), True)
    >>> fixed_zone(90000) is None
    True
    """
    if not -86400 < seconds < 86400:
        return None
    offset = timedelta(seconds=seconds)
    return timezone(offset, name) if name else timezone(offset)


_TZINFOS = {name: fixed_zone(minutes * 60, name) for name, minutes in ZONE_OFFSETS_MINUTES.items()}


def zone_for_name(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's ``tzinfos`` hook: our zone table, a written offset, or no zone at all.

    As a callable it also stops dateutil from reading a name as the *machine's* local zone
    (its ``time.tzname`` rule) and from warning about names it does not know.

    >>> zone_for_name("IST", None).utcoffset(None), zone_for_name(None, 7200).utcoffset(None)
    (datetime.timedelta(seconds=19800), datetime.timedelta(seconds=7200))
    >>> zone_for_name("XYZ", None) is None
    True
    """
    if name is not None and name in _TZINFOS:
        return _TZINFOS[name]
    if offset is not None:
        return fixed_zone(offset, name)
    return None


_MISSING = datetime(1, 1, 1)
_MISSING_ALT = datetime(2, 2, 2)


def iso_date_stamp(text: str, zone: tzinfo) -> Stamp | None:
    """A ``YYYY-MM-DD`` or ``YYYY-MM`` date as the whole local day or month.

    >>> s = iso_date_stamp("2025-01", UTC)
    >>> s.precision, format_instant(s.earliest), format_instant(s.latest)
    ('month', '2025-01-01T00:00:00Z', '2025-01-31T23:59:59Z')
    """
    match = _ISO_DATE.fullmatch(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day is None:
            start = date(int(year), int(month), 1)
            return _span_stamp(text, start, start + relativedelta(months=1), "month", zone)
        start = date(int(year), int(month), int(day))
        return _span_stamp(text, start, start + timedelta(days=1), "day", zone)
    except (ValueError, OverflowError):
        return None


def local_readings(wall: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The earliest and latest UTC instants a wall-clock time in ``zone`` can mean.

    A wall time repeated when the clocks go back (or skipped when they go forward) has two
    readings; the interval must hold both.

    >>> ny = ZoneInfo("America/New_York")
    >>> [format_instant(t) for t in local_readings(datetime(2024, 11, 3, 1, 30), ny)]
    ['2024-11-03T05:30:00Z', '2024-11-03T06:30:00Z']
    """
    readings = [wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)]
    return min(readings), max(readings)


def _span_stamp(text: str, first: date, after: date, precision: str, zone: tzinfo) -> Stamp:
    start = local_readings(datetime.combine(first, time()), zone)[0]
    end = local_readings(datetime.combine(after, time()), zone)[1] - timedelta(microseconds=1)
    return Stamp(text, "absolute", start, start, end, precision)


def parse_absolute(text: str, zone: tzinfo, *, dayfirst: bool = False) -> Stamp | None:
    """Parse an absolute date or date-time written in a header line.

    The interval is the span the written precision leaves open: a whole day in ``zone`` for a
    bare date, a whole minute for ``10:30``. A zone written on the page wins over ``zone``.

    >>> s = parse_absolute("Friday, May 23, 2025 at 4:29:25 AM", UTC)
    >>> format_instant(s.value), s.precision
    ('2025-05-23T04:29:25Z', 'second')
    >>> s = parse_absolute("Last updated 12 March 2024 10:04 IST", UTC)
    >>> format_instant(s.value), s.precision
    ('2024-03-12T04:34:00Z', 'minute')
    >>> format_instant(parse_absolute("12 March 2024 10:04 ist", UTC).value)
    '2024-03-12T04:34:00Z'
    >>> parse_absolute("March 18, 2025", ZoneInfo("Asia/Kolkata")).as_dict()["earliest"]
    '2025-03-17T18:30:00Z'
    """
    iso = iso_date_stamp(text, zone)
    if iso is not None:
        return iso
    upper = _ZONE_WORD.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    try:
        first = date_parser.parse(
            upper, default=_MISSING, fuzzy=True, dayfirst=dayfirst, tzinfos=zone_for_name
        )
        second = date_parser.parse(
            upper, default=_MISSING_ALT, fuzzy=True, dayfirst=dayfirst, tzinfos=zone_for_name
        )
    except (ValueError, OverflowError, TypeError, date_parser.ParserError):
        return None
    if first.year != second.year or first.month != second.month:
        return None  # no year or no month written: not a date we can place
    try:
        return _parsed_stamp(text, first, has_day=first.day == second.day, zone=zone)
    except (OverflowError, ValueError):
        return None  # at the edge of the calendar (year 1 or 9999): no span to give


def _parsed_stamp(text: str, first: datetime, *, has_day: bool, zone: tzinfo) -> Stamp:
    """The span a parsed date leaves open: its month, its day, its minute or its second."""
    if not has_day:
        return _span_stamp(
            text,
            date(first.year, first.month, 1),
            date(first.year, first.month, 1) + relativedelta(months=1),
            "month",
            zone,
        )
    if not _HAS_TIME.search(text):
        day = date(first.year, first.month, first.day)
        return _span_stamp(text, day, day + timedelta(days=1), "day", zone)
    if first.tzinfo is not None:
        instant = latest = first.astimezone(UTC)
    else:
        instant, latest = local_readings(first, zone)
    if _HAS_SECONDS.search(text):
        return Stamp(text, "absolute", instant, instant, latest, "second")
    return Stamp(text, "absolute", instant, instant, latest + timedelta(seconds=59), "minute")
