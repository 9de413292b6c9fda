"""Relative ages written by real formatters resolve to intervals that hold the true instant.

The aggregator's ages come from Django's ``timesince`` filter. For many random publication
instants ``d`` and scrape times ``now`` (seeded, so every run checks the same pairs), each
formatter writes the age, ``parse_age`` + ``resolve_age`` turn it back into an interval, and
the interval must contain ``d`` and the resolved ``value``. Three formatters:

* Django's own ``timesince`` (calendar months, February counted as 28 days; the installed
  Django, 4 or later);
* old Django's ``timesince`` (3.2: 30-day months, 365-day years, leap days subtracted),
  reimplemented below line for line;
* a one-unit formatter that truncates to its largest unit (as other sites write
  ``3 hours ago``), resolved without the two-unit assumption.

The interval widths reached are printed as a summary (run with ``-s`` to see them).
The normal run checks 20,000 pairs; ``RUN_SLOW=1`` adds a 500,000-pair sweep::

    RUN_SLOW=1 .venv/bin/pytest tests/test_timeref_django.py -s
"""

from __future__ import annotations

import calendar
import functools
import os
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import django
import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings

from service.normalise.timeref import Age, parse_age, resolve_age

if not settings.configured:
    settings.configure(USE_I18N=False, USE_TZ=True)
    django.setup()

from django.utils.timesince import timesince as django_timesince  # noqa: E402

NBSP = "\u00a0"
SEED = 20250324
FAST_PAIRS = 20_000
SLOW_PAIRS = 500_000
FIVE_YEARS = timedelta(days=5 * 365 + 2)
slow = pytest.mark.skipif(not os.environ.get("RUN_SLOW"), reason="set RUN_SLOW=1 to run")

# --- the formatters ----------------------------------------------------------------------------

_LEGACY_CHUNKS = (
    (60 * 60 * 24 * 365, "year"),
    (60 * 60 * 24 * 30, "month"),
    (60 * 60 * 24 * 7, "week"),
    (60 * 60 * 24, "day"),
    (60 * 60, "hour"),
    (60, "minute"),
)


def _unit_text(count: int, name: str) -> str:
    return f"{count}{NBSP}{name}{'' if count == 1 else 's'}"


def legacy_timesince(d: datetime, now: datetime, depth: int = 2) -> str:
    """Django 3.2's ``timesince``: 30-day months, 365-day years, leap days taken off.

    >>> legacy_timesince(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 3, 20, tzinfo=UTC))
    '2\\xa0months, 2\\xa0weeks'
    """
    delta = now - d
    # Deal with leap years by subtracting the number of leap days (as Django 3.2 did).
    leapdays = calendar.leapdays(d.year, now.year)
    if leapdays != 0:
        if calendar.isleap(d.year):
            leapdays -= 1
        elif calendar.isleap(now.year):
            leapdays += 1
    delta -= timedelta(leapdays)
    since = delta.days * 24 * 60 * 60 + delta.seconds  # microseconds ignored
    if since <= 0:
        return _unit_text(0, "minute")
    for first, (seconds, _name) in enumerate(_LEGACY_CHUNKS):  # noqa: B007
        if since // seconds != 0:
            break
    else:
        return _unit_text(0, "minute")
    result = []
    index = first
    while index < len(_LEGACY_CHUNKS) and len(result) < depth:
        seconds, name = _LEGACY_CHUNKS[index]
        count = since // seconds
        if count == 0:
            break
        result.append(_unit_text(count, name))
        since -= seconds * count
        index += 1
    return ", ".join(result)


def one_unit_truncating(d: datetime, now: datetime) -> str:
    """One unit, the largest that fits, floored (calendar years and months; seconds too).

    >>> one_unit_truncating(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 3, 1, 5, tzinfo=UTC))
    '2 months'
    """
    calendar_gap = relativedelta(now, d)
    months = calendar_gap.years * 12 + calendar_gap.months
    if calendar_gap.years:
        return _plain(calendar_gap.years, "year")
    if months:
        return _plain(months, "month")
    seconds = int((now - d).total_seconds())
    for size, name in ((604800, "week"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return _plain(seconds // size, name)
    return _plain(seconds, "second")


def _plain(count: int, name: str) -> str:
    return f"{count} {name}{'' if count == 1 else 's'}"


def django_current(d: datetime, now: datetime) -> str:
    return django_timesince(d, now)


FORMATTERS: dict[str, tuple[Callable[[datetime, datetime], str], bool]] = {
    # name -> (formatter, written by a two-unit formatter?)
    "django": (django_current, True),
    "django-3.2": (legacy_timesince, True),
    "one-unit": (one_unit_truncating, False),
}

# --- the pairs ---------------------------------------------------------------------------------


def _special_days() -> list[datetime]:
    """Days where calendar arithmetic goes wrong: month ends and starts, Feb 28/29, year ends."""
    days = []
    for year in range(2019, 2031):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            days += [datetime(year, month, 1, tzinfo=UTC), datetime(year, month, last, tzinfo=UTC)]
            if last > 29:
                days.append(datetime(year, month, last - 1, tzinfo=UTC))
        days += [datetime(year, 2, 28, tzinfo=UTC), datetime(year, 3, 1, tzinfo=UTC)]
    return days


_SPECIAL_DAYS = _special_days()
_EPOCH = datetime(2019, 1, 1, tzinfo=UTC)
_SPAN_SECONDS = 12 * 365 * 86400


def _reference(rng: random.Random) -> datetime:
    if rng.random() < 0.5:
        day = rng.choice(_SPECIAL_DAYS)
        return day + timedelta(seconds=rng.randrange(86400))
    return _EPOCH + timedelta(seconds=rng.randrange(_SPAN_SECONDS))


def _published(rng: random.Random, now: datetime) -> datetime:
    """An instant before ``now``: log-uniform ages, or ages right at a calendar boundary."""
    shape = rng.random()
    if shape < 0.4:
        age = timedelta(seconds=10 ** rng.uniform(0, 8.2), microseconds=rng.randrange(10**6))
    elif shape < 0.9:
        years = rng.randrange(6) if rng.random() < 0.3 else 0
        offset = relativedelta(
            years=years,
            months=rng.randrange(13) if rng.random() < 0.7 else 0,
            weeks=rng.randrange(5) if rng.random() < 0.6 else 0,
            days=rng.randrange(8) if rng.random() < 0.6 else 0,
            hours=rng.randrange(24) if rng.random() < 0.5 else 0,
            minutes=rng.randrange(60) if rng.random() < 0.3 else 0,
        )
        jitter = rng.choice((0, 0, 1, -1, 59, -59, 61, -61, 3599, -3599, 86399, -86399))
        if rng.random() < 0.3:
            # Anywhere in the day around the boundary: month ends clamp whole days together.
            jitter = rng.randrange(-86400, 86401)
        age = now - (now - offset + timedelta(seconds=jitter))
    else:
        age = timedelta(seconds=rng.randrange(int(FIVE_YEARS.total_seconds())))
    age = min(max(age, timedelta(0)), FIVE_YEARS)
    return now - age  # a page is published before it is scraped


def _month_length(instant: datetime) -> int:
    return calendar.monthrange(instant.year, instant.month)[1]


def _month_end_pair(rng: random.Random) -> tuple[datetime, datetime]:
    """``now`` late in a month, ``d`` on the last day of a shorter month whole months before,
    or ``d`` around a New Year: where Django clamps whole days onto one pivot day and where
    old Django's leap-day count jumps."""
    while True:
        now = _EPOCH + timedelta(days=rng.randrange(12 * 365), seconds=rng.randrange(86400))
        now = now.replace(day=min(_month_length(now), rng.choice((28, 29, 30, 31))))
        if rng.random() < 0.7:
            months = rng.randrange(1, 61)
            month = now - relativedelta(months=months)
            if _month_length(month) > now.day and rng.random() < 0.8:
                continue  # mostly the short months, where the clamping happens
            day = month.replace(day=_month_length(month), hour=0, minute=0, second=0)
        else:
            day = datetime(now.year - rng.randrange(0, 6), 12, 30, tzinfo=UTC)
            day += timedelta(days=rng.randrange(3))
        d = day + timedelta(seconds=rng.randrange(86400), microseconds=rng.randrange(10**6))
        if now - FIVE_YEARS <= d <= now:
            return d, now


def pairs(count: int, seed: int = SEED) -> Iterator[tuple[datetime, datetime]]:
    """``count`` seeded pairs ``(d, now)``, ``now`` in whole seconds (as the service keeps it)."""
    rng = random.Random(seed)
    for _ in range(count):
        if rng.random() < 0.1:
            yield _month_end_pair(rng)
            continue
        now = _reference(rng)
        yield _published(rng, now), now


# --- checking and measuring --------------------------------------------------------------------


def shape_of(age: Age) -> str:
    """``month+week`` for ``2 months, 1 week``; ``moment`` for ``0 minutes`` and the like."""
    if age.moment is not None:
        return "moment"
    return "+".join(unit for unit, _ in age.parts)


@dataclass
class Sweep:
    """What one formatter's run saw: misses and interval widths by age shape."""

    checked: int = 0
    misses: list[str] = field(default_factory=list)
    widths: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    reference_days: set[tuple[int, int]] = field(default_factory=set)


@functools.cache
def sweep(name: str, count: int, seed: int = SEED) -> Sweep:
    formatter, two_unit = FORMATTERS[name]
    result = Sweep()
    for d, now in pairs(count, seed):
        text = formatter(d, now) + " ago"
        age = parse_age(text)
        result.checked += 1
        result.reference_days.add((now.month, now.day))
        if age is None:
            result.misses.append(f"unparsed {text!r}")
            continue
        stamp = resolve_age(age, now, UTC, two_unit_formatter=two_unit)
        if stamp is None:
            result.misses.append(f"unresolved {text!r}")
            continue
        if not (
            stamp.earliest <= d <= stamp.latest and stamp.earliest <= stamp.value <= stamp.latest
        ):
            result.misses.append(
                f"{text!r} d={d.isoformat()} now={now.isoformat()} "
                f"-> [{stamp.earliest.isoformat()}, {stamp.latest.isoformat()}] "
                f"value={stamp.value.isoformat()}"
            )
        result.widths[shape_of(age)].append((stamp.latest - stamp.earliest).total_seconds())
    return result


def human(seconds: float) -> str:
    """``7d 2h`` style: the two largest units, like the ages themselves.

    >>> human(7 * 86400 + 7200 + 30), human(59.9)
    ('7d 2h', '59s')
    """
    parts = []
    rest = int(seconds)
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        if rest >= size or (unit == "s" and not parts):
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return " ".join(parts[:2])


def summary(name: str, result: Sweep) -> str:
    covered = result.checked - len(result.misses)
    lines = [
        f"{name}: {covered}/{result.checked} intervals hold the true instant "
        f"({100 * covered / result.checked:.3f}%)",
        f"  {'age shape':<14}{'ages':>8}  {'median width':>13}  {'max width':>10}",
    ]
    for shape, widths in sorted(
        result.widths.items(), key=lambda item: -statistics.median(item[1])
    ):
        lines.append(
            f"  {shape:<14}{len(widths):>8}  {human(statistics.median(widths)):>13}"
            f"  {human(max(widths)):>10}"
        )
    return "\n".join(lines)


#: The widest interval each age shape may get: the truncation step plus what the two
#: month-counting conventions (calendar vs 30-day months, leap days) can disagree by.
#: A looser resolver fails here even though its intervals still hold.
DAY = 86400
TWO_UNIT_CEILINGS: dict[str, float] = {
    "year": 34 * DAY,  # second unit (months) was zero: less than one more month
    "year+month": 38 * DAY,
    "month": 15 * DAY,  # second unit (weeks) was zero: less than one more week
    "month+week": 15 * DAY,
    "week": DAY,
    "week+day": DAY,
    "day": 3600,
    "day+hour": 3600,
    "hour": 3600,  # hours get a whole-unit interval (other formatters round)
    "hour+minute": 60,
    "minute": 60,
    "moment": 60,
}
#: A one-unit age off the aggregator holds under rounding formatters too (``n`` from ``n - 0.5``
#: units) and timeago.js's 365/12-day months (up to ``n + 1`` of them): about one and a half
#: units wide.
ONE_UNIT_CEILINGS: dict[str, float] = {
    "year": 600 * DAY,
    "month": 60 * DAY,
    "week": 10.5 * DAY,
    "day": 1.5 * DAY,
    "hour": 1.5 * 3600,
    "minute": 90,
    "second": 2,
    "moment": 60,
}


def _check(name: str, count: int, seed: int = SEED) -> None:
    result = sweep(name, count, seed)
    print("\n" + summary(name, result))
    assert result.checked == count
    assert not result.misses, f"{len(result.misses)} misses, first: " + "\n".join(result.misses[:5])
    ceilings = TWO_UNIT_CEILINGS if FORMATTERS[name][1] else ONE_UNIT_CEILINGS
    for shape, widths in result.widths.items():
        assert max(widths) <= ceilings[shape], (shape, human(max(widths)))


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FORMATTERS))
def test_formatter_ages_resolve_to_intervals_that_hold_the_instant(name: str) -> None:
    _check(name, FAST_PAIRS)


@pytest.mark.slow
@slow
@pytest.mark.parametrize("name", list(FORMATTERS))
def test_formatter_ages_large_sweep(name: str) -> None:
    _check(name, SLOW_PAIRS, seed=SEED + 1)


def test_the_pairs_reach_every_unit_and_the_tricky_days() -> None:
    """The generator really covers what the sweep claims to cover."""
    for d, now in pairs(FAST_PAIRS):
        assert d <= now and now - d <= FIVE_YEARS
    result = sweep("django", FAST_PAIRS, SEED)  # the run the test above checked (cached)
    shapes = set(result.widths)
    assert {"year", "year+month", "month", "month+week", "week", "week+day", "day"} <= shapes
    assert {"day+hour", "hour", "hour+minute", "minute", "moment"} <= shapes
    tricky_days = {(2, 28), (2, 29), (12, 31), (1, 1), (1, 31), (3, 31), (4, 30)}
    assert tricky_days <= result.reference_days


def test_legacy_formatter_matches_django_where_months_do_not_matter() -> None:
    """The reimplementation agrees with Django itself on ages below four weeks."""
    for d, now in pairs(2_000):
        if now - d < timedelta(days=28):
            assert legacy_timesince(d, now) == django_current(d, now)


@pytest.mark.parametrize(
    ("d", "now", "text"),
    [
        # 30-day months and the leap-day correction show where the two Djangos part ways.
        (datetime(2024, 1, 31, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC), "1\xa0month"),
        (datetime(2023, 3, 1, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC), "1\xa0year"),
        (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 8, 0, 59, tzinfo=UTC), "1\xa0week"),
        (
            datetime(2025, 3, 1, tzinfo=UTC),
            datetime(2025, 3, 1, 0, 0, 59, tzinfo=UTC),
            "0\xa0minutes",
        ),
    ],
)
def test_legacy_formatter_known_outputs(d: datetime, now: datetime, text: str) -> None:
    assert legacy_timesince(d, now) == text


def test_the_calendar_month_edge_that_once_escaped() -> None:
    """Django counts all of 28 Feb 2025 as 13 months before 30 Mar 2026: the interval of
    ``1 year, 1 month ago`` must reach the end of that day, not stop at the clock time."""
    d = datetime(2025, 2, 28, 15, 23, 22, tzinfo=UTC)
    now = datetime(2026, 3, 30, 4, 24, 55, tzinfo=UTC)
    text = django_current(d, now) + " ago"
    assert text == "1\xa0year, 1\xa0month ago"
    stamp = resolve_age(parse_age(text), now, UTC, two_unit_formatter=True)
    assert stamp is not None and stamp.earliest <= d <= stamp.latest
