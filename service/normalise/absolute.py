"""Absolute dates as dateutil reads them: ISO dates, and English date-times with a zone word.

The CLDR reader (``worlddates``) is tried first for date lines; this is the path for what it
leaves (and for clock times placed on a known day).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo  # noqa: F401  (doctest)

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from service.normalise.stamp import (
    Stamp,
    format_instant,  # noqa: F401  (doctests)
)
from service.normalise.zones import ZONE_AFTER_CLOCK, local_readings, zone_for_name

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\d{1,2} ?[ap]\.?m\b|\b\d{4} ?hrs\b", re.IGNORECASE)
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_HAS_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/-]\d{1,2}")
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
            return span_stamp(text, start, start + relativedelta(months=1), "month", zone)
        start = date(int(year), int(month), int(day))
        return span_stamp(text, start, start + timedelta(days=1), "day", zone)
    except (ValueError, OverflowError):
        return None


def span_stamp(
    text: str, first: date, after: date, precision: str, zone: tzinfo, *, local: bool = False
) -> Stamp:
    """The local days ``[first, after)`` in ``zone``; ``local``: the page wrote no zone."""
    start = local_readings(datetime.combine(first, time()), zone)[0]
    end = local_readings(datetime.combine(after, time()), zone)[1] - timedelta(microseconds=1)
    return Stamp(text, "absolute", start, start, end, precision, local)


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
    upper = ZONE_AFTER_CLOCK.sub(lambda m: m.group(1) + m.group(2).upper(), text)
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
    local = first.tzinfo is None
    if not has_day:
        return span_stamp(
            text,
            date(first.year, first.month, 1),
            date(first.year, first.month, 1) + relativedelta(months=1),
            "month",
            zone,
            local=local,
        )
    if not _HAS_TIME.search(text):
        day = date(first.year, first.month, first.day)
        return span_stamp(text, day, day + timedelta(days=1), "day", zone, local=local)
    if not local:
        instant = latest = first.astimezone(UTC)
    else:
        instant, latest = local_readings(first, zone)
    if _HAS_SECONDS.search(text):
        return Stamp(text, "absolute", instant, instant, latest, "second", local)
    end = latest + timedelta(seconds=59)
    return Stamp(text, "absolute", instant, instant, end, "minute", local)
