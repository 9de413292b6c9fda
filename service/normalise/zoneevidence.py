"""The zone a page makes evident, for clock times it writes without one.

When the client sends no ``timezone``, a zone-less ``12:20 PM`` is read in the zone the page
itself gives away: a zone it states elsewhere (``06:18 PM IST``, ``18:36:21-05``), its host's
country (``.ph``), or the place of its dateline (``MANILA:``). A country with several zones
gives an interval over all of them. With no evidence at all the time is read as UTC and its
interval widened to every zone a clock shows (UTC-12 to UTC+14), so that it still holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from service.normalise.stamp import Stamp, format_instant  # noqa: F401  (doctests)
from service.normalise.zones import _TZINFOS, ZONE_AFTER_CLOCK, fixed_zone, local_readings
from service.normalise.zonewords import PLACE_ZONES, TLD_ZONES, ZONE_SPAN_MINUTES

#: A numeric offset right after a clock (``18:36:21-05``, ``10:00 +05:30``, ``10:00 GMT+8``).
_STATED_OFFSET = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?: ?(?:GMT|UTC))? ?([+−-])(\d{2})(?::?(\d{2}))?(?![\d:/-])"
)
#: A dateline place at the start of a line: ``MANILA:``, ``SÃO PAULO,``, ``Kuala Lumpur (AFP)``.
_PLACE = re.compile(r"^([^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3})(?: ?[,:(—–]| -)")
#: How much of the page's start is searched: its header lines and first paragraphs.
_HEAD_CHARS = 3000


@dataclass(frozen=True, slots=True)
class ZoneEvidence:
    """The zones a page's zone-less clock times may have been written in, and why."""

    zones: tuple[tzinfo, ...]
    reason: str


@lru_cache(maxsize=256)
def page_zone(head: str, url: str | None) -> ZoneEvidence | None:
    """The zone the page makes evident: a zone it states, its host's country, its dateline's
    place, in that order; ``None`` when it makes none evident.

    >>> page_zone("Updated 06:18 PM IST", None).reason
    'the page states IST elsewhere'
    >>> page_zone("Body", "https://news.example.ph/a").zones
    (zoneinfo.ZoneInfo(key='Asia/Manila'),)
    >>> page_zone("MANILA: The senate met.", None).reason
    "the page's dateline names Manila"
    >>> page_zone("A page that says nothing", "https://example.com/a") is None
    True
    """
    head = head[:_HEAD_CHARS]
    return _stated(head) or _from_host(url) or _from_place(head)


def _stated(head: str) -> ZoneEvidence | None:
    word = ZONE_AFTER_CLOCK.search(head)
    offset = _STATED_OFFSET.search(head)
    if word is not None and (offset is None or word.start() <= offset.start()):
        name = word.group(2).upper()
        return ZoneEvidence((_TZINFOS[name],), f"the page states {name} elsewhere")
    if offset is not None:
        sign = -1 if offset.group(1) in "-−" else 1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        zone = fixed_zone(sign * minutes * 60)
        if zone is not None:
            written = offset.group(0)[offset.group(0).rfind(offset.group(1)) :]
            return ZoneEvidence((zone,), f"the page states the offset {written} elsewhere")
    return None


def _from_host(url: str | None) -> ZoneEvidence | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    tld = host.rsplit(".", 1)[-1]
    names = TLD_ZONES.get(tld)
    if names is None:
        return None
    return ZoneEvidence(tuple(ZoneInfo(name) for name in names), f"the page's domain is .{tld}")


def _from_place(head: str) -> ZoneEvidence | None:
    for line in head.splitlines()[:60]:
        match = _PLACE.match(line.strip())
        if match is None:
            continue
        place = " ".join(match.group(1).casefold().split())
        name = PLACE_ZONES.get(place)
        if name is not None:
            return ZoneEvidence((ZoneInfo(name),), f"the page's dateline names {place.title()}")
    return None


def settle_zone(stamp: Stamp, evidence: ZoneEvidence | None) -> Stamp:
    """Re-read a zone-less clock time (read as UTC) in the zones the evidence gives, its value
    in the first; with no evidence keep the UTC value and widen the interval to UTC-12..UTC+14.
    A written day or month keeps its value; its interval becomes the evident zones' span.

    >>> from datetime import UTC
    >>> t = datetime(2025, 3, 24, 12, 20, tzinfo=UTC)
    >>> s = Stamp("12:20 PM", "absolute", t, t, t + timedelta(seconds=59), "minute", True)
    >>> manila = ZoneEvidence((ZoneInfo("Asia/Manila"),), "domain")
    >>> format_instant(settle_zone(s, manila).value)
    '2025-03-24T04:20:00Z'
    >>> day = Stamp("24 March 2025", "absolute", t, t, t + timedelta(days=1), "day", True)
    >>> [format_instant(x) for x in (lambda d: (d.value, d.earliest))(settle_zone(day, manila))]
    ['2025-03-24T12:20:00Z', '2025-03-24T04:20:00Z']
    >>> wide = settle_zone(s, None)
    >>> format_instant(wide.earliest), format_instant(wide.latest)
    ('2025-03-23T22:20:00Z', '2025-03-25T00:20:59Z')
    """
    if evidence is None:
        west, east = ZONE_SPAN_MINUTES
        return replace(
            stamp,
            earliest=stamp.earliest - timedelta(minutes=east),
            latest=stamp.latest - timedelta(minutes=west),
            local=False,
        )
    value = earliest = latest = None
    for zone in evidence.zones:
        first = local_readings(_wall(stamp.earliest), zone)[0]
        last = local_readings(_wall(stamp.latest), zone)[1]
        earliest = first if earliest is None else min(earliest, first)
        latest = last if latest is None else max(latest, last)
        if value is None:
            value = local_readings(_wall(stamp.value), zone)[0]
    assert value is not None and earliest is not None and latest is not None
    if stamp.precision in ("day", "month", "year"):
        # A written day keeps its value (the day read in UTC, whose date is the one written);
        # only its interval moves to the evident zone's day, and stretches to hold the value.
        value = stamp.value
        earliest, latest = min(earliest, value), max(latest, value)
    return replace(stamp, value=value, earliest=earliest, latest=latest, local=False)


def _wall(instant: datetime) -> datetime:
    return instant.replace(tzinfo=None)


def zone_warning(stamp: Stamp, evidence: ZoneEvidence | None) -> tuple[str, str]:
    """The warning code and message for a settled zone-less time.

    >>> zone_warning(Stamp("12:20 PM", "absolute", *[datetime(2025, 1, 1)] * 3, "minute"), None)[0]
    'zone_unknown'
    """
    if evidence is None:
        return (
            "zone_unknown",
            f"{stamp.text!r} states no zone and the page makes none evident: read as UTC, its "
            "interval widened to every zone from UTC-12 to UTC+14",
        )
    names = ", ".join(getattr(zone, "key", None) or str(zone) for zone in evidence.zones)
    return (
        "zone_from_page",
        f"{stamp.text!r} states no zone: read in {names}, as {evidence.reason}",
    )
