"""The interval a truncating formatter leaves open for an age: Django's ``timesince``, both
its calendar-month kind (Django 4 and later, February always 28 days) and its older 30-day one.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta  # noqa: F401  (UTC: doctests)
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from service.normalise.datewords import LEGACY_UNIT_DAYS, UNIT_SECONDS
from service.normalise.stamp import format_instant  # noqa: F401  (doctests)

#: Django's ``timesince`` months table: February always has 28 days.
_DJANGO_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def split_parts(parts: tuple[tuple[str, int], ...]) -> tuple[int, int]:
    """Calendar months and fixed seconds of an age's parts.

    >>> split_parts((("year", 1), ("month", 2), ("day", 3)))
    (14, 259200)
    """
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


def step_delta(step: str) -> relativedelta:
    if step == "year":
        return relativedelta(years=1)
    if step == "month":
        return relativedelta(months=1)
    return relativedelta(seconds=UNIT_SECONDS[step])


def calendar_bounds(
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
def plan(parts: tuple[tuple[str, int], ...], step: str) -> tuple[int, int, int, int]:
    """What an age's bounds need that does not depend on the reference time: its calendar
    months and fixed seconds, and its length and step in old Django's fixed-length units.

    >>> plan((("month", 2),), "week")
    (2, 0, 5184000, 604800)
    """
    months, seconds = split_parts(parts)
    stated = 0
    for unit, count in parts:
        stated += count * _legacy_seconds(unit)
    return months, seconds, stated, _legacy_seconds(step)


def _legacy_seconds(unit: str) -> int:
    return LEGACY_UNIT_DAYS[unit] * 86400 if unit in LEGACY_UNIT_DAYS else UNIT_SECONDS[unit]


def legacy_bounds(stated: int, step_seconds: int, reference: datetime) -> tuple[datetime, datetime]:
    """Bounds under pre-4 Django: 30-day months, 365-day years, minus counted leap days.
    ``stated`` and ``step_seconds`` are the age and its step in those units (``plan``).

    Old Django took ``_legacy_leap_days(d.year, now.year)`` days off the elapsed time, so the
    shift depends on the year ``d`` falls in: each candidate year contributes the part of its
    shifted interval that lies inside that year.

    >>> ref = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    >>> low, high = legacy_bounds(3900, 60, ref)  # 1 hour, 5 minutes ago; step a minute
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
