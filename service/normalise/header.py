"""Header lines: the short lines above a body that state times, bylines and captions.

Dates are taken only from lines that are *wholly* a date statement (``Published: 23
February 2024``, ``2 hours ago``, ``Updated 8 hours ago``); a date inside a sentence is
narrative and never becomes the page's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from dateutil import parser as date_parser

from service.normalise.tables import (
    AGENCY_SLUG_AGENCIES,
    DATE_FILLER_WORDS,
    TIME_LABELS,
    ZONE_OFFSETS_MINUTES,
)
from service.normalise.timeref import (
    _TZINFOS,
    Stamp,
    parse_absolute,
    parse_age,
    resolve_age,
)

_MAX_HEADER_LENGTH = 160
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_HINT = re.compile(
    rf"\b{_MONTH}\b|\d{{4}}-\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\bago\b|\byesterday\b",
    re.IGNORECASE,
)
_LABEL_SPLIT = re.compile(
    r"(?:(?<=[a-z0-9.])|\b)(?=(?:last )?(?:updated|published|posted|modified)\b)", re.IGNORECASE
)
_LABEL_PREFIX = re.compile(
    r"(?:(last updated|last modified|first published|published date|publish date|published|"
    r"posted|updated|modified|this story is from|date)(?: (?:on|at))?)\b ?[:\-–—]? ?",
    re.IGNORECASE,
)
_HOURS_CLOCK = re.compile(r"\b(\d{2})(\d{2}) ?hrs?\b\.?", re.IGNORECASE)
_TWO_DIGIT_YEAR = re.compile(r"\b(\d{1,2} [A-Za-z]{3,9}) (\d{2})\b(?! ?:)")
_DAY_FIRST_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_BYLINE = re.compile(
    r"by:? ((?:[A-Z][\w.'’-]*|de|van|von|bin|al)"
    r"(?: (?:[A-Z][\w.'’-]*|and|&|de|van|von|bin|al)){0,7})"
    r"(?: ?[|,] ?.{0,60})?",
)
_CAPTION = re.compile(
    r".{3,}\|? ?(?:photo|image|file photo|picture) ?(?:credit|courtesy|:)\s?:?.{0,120}",
    re.IGNORECASE,
)
_READ_TIME = re.compile(r"(\d{1,3}) ?min(?:ute)?s? read\b", re.IGNORECASE)
_PIECE_SPLIT = re.compile(r" ?[|•] ?| [-–—] ")
_WORDS = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class TimeStatement:
    """What one header line states: published and updated times, and the words around them."""

    published: Stamp | None = None
    updated: Stamp | None = None
    source: str | None = None
    others: list[str] = field(default_factory=list)
    labelled: bool = False
    has_weekday_only_date: bool = False


def looks_like_time_line(line: str) -> bool:
    """Cheap filter before any parsing: short and mentions a month, a numeric date or ``ago``.

    >>> looks_like_time_line("Published: 23 February 2024"), looks_like_time_line("Hello")
    (True, False)
    """
    return len(line) <= _MAX_HEADER_LENGTH and _DATE_HINT.search(line) is not None


def _clean_date_phrase(phrase: str) -> str:
    phrase = _HOURS_CLOCK.sub(r"\1:\2", phrase)
    return phrase.strip(" ,;:|-–—.•")


def _only_filler(tokens: tuple[str, ...]) -> bool:
    for token in tokens:
        for word in _WORDS.findall(token):
            if (
                word.casefold() not in DATE_FILLER_WORDS
                and word.upper() not in ZONE_OFFSETS_MINUTES
            ):
                return False
        if any(ch.isdigit() for ch in token):
            return False
    return True


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
    try:
        _, skipped = date_parser.parse(
            phrase, fuzzy_with_tokens=True, dayfirst=dayfirst, tzinfos=_TZINFOS
        )
    except (ValueError, OverflowError, TypeError, date_parser.ParserError):
        return None
    if not _only_filler(skipped):
        return None
    return parse_absolute(phrase, zone, dayfirst=dayfirst)


def _resolve_piece(
    piece: str, zone: tzinfo, reference: datetime, *, dayfirst: bool, two_unit: bool
) -> Stamp | None:
    age = parse_age(piece)
    if age is not None:
        return resolve_age(age, reference, zone, two_unit_formatter=two_unit)
    return parse_date_phrase(piece, zone, dayfirst=dayfirst)


def read_time_line(
    line: str,
    zone: tzinfo,
    reference: datetime,
    *,
    dayfirst: bool = False,
    two_unit: bool = False,
) -> TimeStatement | None:
    """Read a header line that states a publication and/or update time.

    Returns ``None`` unless the whole line is time statements plus a few short words
    (a place, an agency, a source glued in front).

    >>> from datetime import UTC
    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> s = read_time_line("Updated On: 12 May, 2024 07:19 AM IST | Doha | PTI", UTC, ref)
    >>> s.updated.as_dict()["value"], s.others
    ('2024-05-12T01:49:00Z', ['Doha', 'PTI'])
    >>> read_time_line("Trump to talk with Putin on March 18", UTC, ref) is None
    True
    """
    if not looks_like_time_line(line):
        return None
    statement = TimeStatement()
    last_date: Stamp | None = None
    for segment in _LABEL_SPLIT.split(line):
        segment = segment.strip()
        if not segment:
            continue
        role = "published"
        label = _LABEL_PREFIX.match(segment)
        if label and (label.end() < len(segment) or label.group(1)):
            role = TIME_LABELS.get(
                label.group(1).casefold().split(" on")[0].split(" at")[0], "published"
            )
            if label.group(1).casefold() == "this story is from":
                role = "published"
            statement.labelled = True
            segment = segment[label.end() :]
        for piece in _PIECE_SPLIT.split(segment):
            piece = piece.strip(" ,;:")
            if not piece:
                continue
            stamp = _resolve_piece(piece, zone, reference, dayfirst=dayfirst, two_unit=two_unit)
            if stamp is None and last_date is not None:
                stamp = _time_on_day(piece, last_date, zone)
            if stamp is None:
                if len(piece.split()) > 5 or any(ch.isdigit() for ch in piece):
                    return None
                statement.others.append(piece)
                continue
            last_date = stamp
            if role == "updated":
                statement.updated = statement.updated or stamp
            elif statement.published is None:
                statement.published = stamp
            else:
                statement.updated = statement.updated or stamp
    if statement.published is None and statement.updated is None:
        return None
    return statement


_CLOCK_ONLY = re.compile(
    r"(\d{1,2})[:.](\d{2})(?::(\d{2}))? ?([ap]\.?m\.?)?(?: ?([A-Za-z]{2,4}))?", re.IGNORECASE
)


def _time_on_day(piece: str, day: Stamp, zone: tzinfo) -> Stamp | None:
    """A bare clock time (``11:59 pm IST``) on the day of the date before it on the line."""
    match = _CLOCK_ONLY.fullmatch(piece.strip())
    if not match or day.precision not in ("day", "minute", "second"):
        return None
    zone_word = match.group(5)
    if zone_word and zone_word.upper() not in ZONE_OFFSETS_MINUTES:
        return None
    local_day = day.value.astimezone(zone).date().isoformat()
    return parse_absolute(f"{local_day} {piece}", zone)


def byline_name(line: str) -> str | None:
    """The name in a byline line (``By Express News Service``), or ``None``.

    >>> byline_name("By Express News Service"), byline_name("By the end of the day, rain.")
    ('Express News Service', None)
    """
    if len(line) > 120 or line[:2].casefold() != "by":
        return None
    match = _BYLINE.fullmatch("by" + line[2:])
    if not match:
        return None
    return match.group(1)


def is_caption(line: str) -> bool:
    """A photo caption line such as ``Police at the site. | Photo Credit: PTI``.

    >>> is_caption("Police at the site. | Photo Credit: PTI"), is_caption("A long sentence.")
    (True, False)
    """
    return len(line) <= 400 and "photo" in line.casefold() and _CAPTION.fullmatch(line) is not None


def is_agency_name(word: str) -> bool:
    """A news agency's short name.

    >>> is_agency_name("PTI"), is_agency_name("Doha")
    (True, False)
    """
    return word.upper() in AGENCY_SLUG_AGENCIES or word.upper() in {"REUTERS", "AFP", "AP"}


def split_read_time(line: str) -> tuple[str, str] | None:
    """Split a reading time glued to a headline: ``…districts1 min read . 06:11 AM IST``.

    >>> split_read_time("Rain lashes districts1 min read . 06:11 AM IST")
    ('Rain lashes districts', '1 min read . 06:11 AM IST')
    """
    match = _READ_TIME.search(line)
    if not match or match.start() == 0:
        return None
    return line[: match.start()].rstrip(), line[match.start() :]
