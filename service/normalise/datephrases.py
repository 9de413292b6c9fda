"""Date phrases: whether a line may state a date, reading a phrase that is a date and nothing
else, and the zone a phrase writes.

A phrase is read by the CLDR reader (``worlddates``) first, in any supported language;
dateutil reads what that reader is unsure of.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from functools import lru_cache

from dateutil import parser as date_parser

from service.normalise.absolute import parse_absolute
from service.normalise.ages import parse_age
from service.normalise.cldrwords import WORD, hint_words
from service.normalise.datewords import DATE_FILLER_WORDS
from service.normalise.stamp import Stamp
from service.normalise.worlddates import UNSURE, world_stamp
from service.normalise.zones import _TZINFOS, ZONE_AFTER_CLOCK, fixed_zone, zone_for_name
from service.normalise.zonewords import ZONE_ABBREVIATIONS

MAX_HEADER_LENGTH = 160
#: A word with its inner dots (Thai ``มิ.ย.``), looked up without them.
_DOTTED_WORD = re.compile(rf"{WORD.pattern}(?:\.{WORD.pattern})*")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_HINT = re.compile(
    rf"\b{_MONTH}\b|\d{{4}}-\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\bago\b|\byesterday\b"
    r"|\d{1,4}\. \d{1,2}\. \d{2,4}",
    re.IGNORECASE,
)

_HOURS_CLOCK = re.compile(r"\b(\d{2})(\d{2}) ?hrs?\b\.?", re.IGNORECASE)
#: ``6 October 23`` and ``Oct 6, 23``: a two-digit year after a month name (not a clock).
_TWO_DIGIT_YEAR = re.compile(
    rf"(\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\.?,? |\b{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? )"
    r"(\d{2})\b(?![:.]?\d)",
    re.IGNORECASE,
)
_NUMERIC_TWO_DIGIT_YEAR = re.compile(r"\b(\d{1,2}[-/.]\d{1,2}[-/.])(\d{2})\b(?![-/.:]?\d)")

_ZONE_WORDS = re.compile(
    r"\b(" + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True)) + r")\b"
)
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC) ?([+−-]) ?(\d{1,2})(?::?(\d{2}))?(?!\d)")
_NUMERIC_OFFSET = re.compile(r"(?<=:\d{2})([+-])(\d{2}):?(\d{2})?$")

_WORDS = re.compile(r"[A-Za-z]+")


def looks_like_time_line(line: str) -> bool:
    """Cheap filter before any parsing: short and mentions a month, a numeric date or ``ago``.

    >>> looks_like_time_line("Published: 23 February 2024"), looks_like_time_line("Hello")
    (True, False)
    """
    return len(line) <= MAX_HEADER_LENGTH and has_date_hint(line)


def has_date_hint(line: str) -> bool:
    """A month name, a numeric date or an age word, in any supported language.

    >>> has_date_hint("Sabtu 08 Feb 2020"), has_date_hint("vor 3 Stunden"), has_date_hint("3時間前")
    (True, True, True)
    >>> has_date_hint("Der Regen kam am Abend")
    False
    """
    if _DATE_HINT.search(line) is not None:
        return True
    hints = hint_words()
    folded = line.casefold()
    if any(word.replace(".", "") in hints for word in _DOTTED_WORD.findall(folded)):
        return True
    return len(line) <= 48 and parse_age(line) is not None  # ``il y a 7 h``, ``fa 7 s``


def _clean_date_phrase(phrase: str) -> str:
    phrase = _HOURS_CLOCK.sub(r"\1:\2", phrase)
    return phrase.strip(" ,;:|-–—.•")


def _only_filler(tokens: tuple[str, ...]) -> bool:
    for token in tokens:
        for word in _WORDS.findall(token):
            if word.casefold() not in DATE_FILLER_WORDS and word.upper() not in ZONE_ABBREVIATIONS:
                return False
        if any(ch.isdigit() for ch in token):
            return False
    return True


def expand_two_digit_year(phrase: str, reference: datetime) -> str:
    """Write a two-digit year in full, in the century that puts it at most a year after the
    reference time (dateutil would use today's date, which is not deterministic).

    >>> ref = datetime(2025, 3, 24)
    >>> expand_two_digit_year("10:20 AM, Fri - 6 October 23", ref)
    '10:20 AM, Fri - 6 October 2023'
    >>> expand_two_digit_year("04-06-98", ref), expand_two_digit_year("6 October 23:10", ref)
    ('04-06-1998', '6 October 23:10')
    """

    def full(match: re.Match[str]) -> str:
        year = reference.year // 100 * 100 + int(match.group(2))
        if year > reference.year + 1:
            year -= 100
        return f"{match.group(1)}{year}"

    phrase = _TWO_DIGIT_YEAR.sub(full, phrase)
    return _NUMERIC_TWO_DIGIT_YEAR.sub(full, phrase)


def parse_date_phrase(phrase: str, zone: tzinfo, *, dayfirst: bool) -> Stamp | None:
    """Parse a phrase that is a date and nothing else (weekday, zone and fillers allowed).

    >>> parse_date_phrase("Sunday, March 16, 2008 : 1720 Hrs", __import__("datetime").UTC,
    ...                   dayfirst=False).as_dict()["value"]
    '2008-03-16T17:20:00Z'
    >>> parse_date_phrase("Trump to talk with Putin on March 18", __import__("datetime").UTC,
    ...                   dayfirst=False) is None
    True
    """
    phrase = _clean_date_phrase(phrase)
    if not phrase or len(phrase) > 80:
        return None
    return _parse_date_phrase(phrase, zone, dayfirst)


@lru_cache(maxsize=4096)
def _parse_date_phrase(phrase: str, zone: tzinfo, dayfirst: bool) -> Stamp | None:
    """CLDR's reader first (every language, a few look-ups); dateutil only for what it is
    unsure of, or for an English line it calls no date (dateutil's fuzzy reading of English
    stays the reference there). Kept: a page of date lines repeats the same few."""
    stamp = world_stamp(phrase, zone, dayfirst=dayfirst)
    if isinstance(stamp, Stamp):
        return stamp
    if stamp != UNSURE and not phrase.isascii():
        return None
    try:
        _, skipped = date_parser.parse(
            phrase, fuzzy_with_tokens=True, dayfirst=dayfirst, tzinfos=zone_for_name
        )
    except (ValueError, OverflowError, TypeError, date_parser.ParserError):
        return None
    if not _only_filler(skipped):
        return None
    return parse_absolute(phrase, zone, dayfirst=dayfirst)


def written_zone(text: str) -> tzinfo | None:
    """The zone a date phrase writes: a news-site abbreviation or a numeric offset.

    >>> written_zone("11:59 pm IST").utcoffset(None), written_zone("14:37:02-05").utcoffset(None)
    (datetime.timedelta(seconds=19800), datetime.timedelta(days=-1, seconds=68400))
    >>> written_zone("May 22, 2013") is None
    True
    """
    match = ZONE_AFTER_CLOCK.search(text)
    if match:
        return _TZINFOS[match.group(2).upper()]
    match = _GMT_OFFSET.search(text)
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return fixed_zone((-1 if match.group(1) in "-−" else 1) * minutes * 60)
    for match in _ZONE_WORDS.finditer(text):
        if len(match.group(1)) >= 3:  # ``ET`` alone is a masthead (ET Bureau), not a zone
            return _TZINFOS[match.group(1)]
    match = _NUMERIC_OFFSET.search(text)
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        sign = -1 if match.group(1) == "-" else 1
        return fixed_zone(sign * minutes * 60)
    return None
