"""Zones: the zone a written abbreviation or offset names, the request's zone, and the
readings a wall-clock time has in a zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.normalise.errors import InvalidOptionError
from service.normalise.stamp import format_instant  # noqa: F401  (doctests)
from service.normalise.zonewords import ZONE_ABBREVIATIONS


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


def zone_of_word(value: int | str, name: str) -> tzinfo:
    """The zone a table entry names: a fixed offset in minutes or an IANA zone.

    >>> zone_of_word(330, "IST").utcoffset(None), zone_of_word("America/New_York", "ET").key
    (datetime.timedelta(seconds=19800), 'America/New_York')
    """
    if isinstance(value, str):
        return ZoneInfo(value)
    zone = fixed_zone(value * 60, name)
    assert zone is not None
    return zone


_TZINFOS = {name: zone_of_word(value, name) for name, value in ZONE_ABBREVIATIONS.items()}
#: Zone words in any case, but only right after a clock time: ``10:04 ist`` is India Standard
#: Time, while a lower-case ``eat`` elsewhere on a line is a word.
ZONE_AFTER_CLOCK = re.compile(
    r"(\d{1,2}[:.]\d{2}(?::\d{2})?(?: ?[ap]\.?m\.?)? ?)\(?("
    + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


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
