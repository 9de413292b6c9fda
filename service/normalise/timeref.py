"""Relative and absolute times: what the page says, and what it means given a reference time.

Parsing (``parse_age``, ``parse_absolute``) is kept apart from arithmetic (``resolve_age``),
as python-dateutil keeps ``parser`` apart from ``relativedelta``. The work lives in
``ages`` (relative ages), ``absolute`` and ``worlddates`` (absolute dates), ``zones`` and
``stamp``; this module holds the reference time and names the parts the rest of the core uses.

A resolved time is a ``Stamp``: the instant the page most plausibly means (``value``) and a
closed interval ``[earliest, latest]`` that contains the true instant under every formatter
the page may have used.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo  # noqa: F401  (doctest)

from service.normalise.absolute import iso_date_stamp, parse_absolute
from service.normalise.agebounds import shift_months
from service.normalise.ages import Age, age_step, parse_age, resolve_age
from service.normalise.errors import InvalidOptionError
from service.normalise.stamp import Stamp, format_instant
from service.normalise.zones import (
    _TZINFOS,
    fixed_zone,
    load_zone,
    local_readings,
    zone_for_name,
)

__all__ = [
    "Age",
    "REFERENCE_RANGE",
    "Stamp",
    "_TZINFOS",
    "age_step",
    "fixed_zone",
    "format_instant",
    "iso_date_stamp",
    "load_zone",
    "local_readings",
    "parse_absolute",
    "parse_age",
    "parse_reference_time",
    "reference_instant",
    "resolve_age",
    "shift_months",
    "zone_for_name",
]


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
