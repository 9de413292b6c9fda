"""Which way round a page writes numeric dates: day first (``04-06-2025`` = 4 June), month
first (April 6), or not evident.

Only evidence the page or the request carries counts: the URL's country domain, the zone
words and dateline places printed on the page, the request's ``timezone``. Without evidence
the answer is ``None`` and an ambiguous date gets an interval covering both readings.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from service.normalise.zonewords import (
    DAY_FIRST_AGENCIES,
    DAY_FIRST_TIMEZONES,
    DAY_FIRST_TLDS,
    DAY_FIRST_WORDS,
    DAY_FIRST_ZONE_WORDS,
    MONTH_FIRST_TIMEZONES,
    MONTH_FIRST_TLDS,
    MONTH_FIRST_ZONE_WORDS,
)

_WORD = re.compile(r"[A-Za-z]{2,20}")
#: How much of the page's start is read for evidence (header lines and first paragraphs).
_HEAD_CHARS = 3000


def _from_url(url: str | None) -> bool | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    tld = host.rsplit(".", 1)[-1]
    if tld in DAY_FIRST_TLDS:
        return True
    if tld in MONTH_FIRST_TLDS:
        return False
    return None


def _from_text(head: str) -> bool | None:
    words = set(_WORD.findall(head[:_HEAD_CHARS]))
    day = (
        bool(words & DAY_FIRST_ZONE_WORDS)
        or bool(words & DAY_FIRST_AGENCIES)
        or any(word.casefold() in DAY_FIRST_WORDS for word in words)
    )
    month = bool(words & MONTH_FIRST_ZONE_WORDS)
    if day != month:
        return day
    return None


def _from_timezone(name: str) -> bool | None:
    if name.startswith(DAY_FIRST_TIMEZONES):
        return True
    if name.startswith(MONTH_FIRST_TIMEZONES):
        return False
    return None


def writes_day_first(head: str, url: str | None, timezone: str) -> bool | None:
    """``True`` when the page evidently writes day first, ``False`` month first, else ``None``.

    >>> writes_day_first("MADURAI: The collector said", None, "UTC")
    True
    >>> writes_day_first("Posted 10:00 AM EST", None, "UTC")
    False
    >>> writes_day_first("A page with no hint", "https://example.com/a", "UTC") is None
    True
    >>> writes_day_first("A page", "https://www.example.co.in/a", "UTC")
    True
    """
    for answer in (_from_url(url), _from_text(head), _from_timezone(timezone)):
        if answer is not None:
            return answer
    return None
