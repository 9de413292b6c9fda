"""Time statements: header lines that state when a page was published or updated.

Dates are taken only from lines that are *wholly* a date statement (``Published: 23
February 2024``, ``2 hours ago``, ``Updated 8 hours ago``); a date inside a sentence is
narrative and never becomes the page's date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from functools import lru_cache

from service.normalise.absolute import parse_absolute
from service.normalise.ages import parse_age, resolve_age
from service.normalise.bylines import byline_name
from service.normalise.datephrases import (
    MAX_HEADER_LENGTH,
    expand_two_digit_year,
    has_date_hint,
    parse_date_phrase,
    written_zone,
)
from service.normalise.datewords import TIME_LABELS, WORLD_TIME_LABELS
from service.normalise.furniture import COUNTER_WORDS
from service.normalise.stamp import Stamp
from service.normalise.zonewords import ZONE_ABBREVIATIONS

_WORLD_LABELS = "|".join(sorted(map(re.escape, WORLD_TIME_LABELS), key=len, reverse=True))
_LABEL_SPLIT = re.compile(
    r"(?:(?<=[a-z0-9.])|\b)(?=(?:last )?(?:updated|published|publish|posted|modified)\b)"
    r"|(?<=[\w.] )(?=(?:atualizado|actualizado|aktualisiert|mis à jour|diperbarui|aggiornato)\b)",
    re.IGNORECASE,
)
_LABEL_PREFIX = re.compile(
    r"(?:(last updated|last modified|first published|published date|publish date|published|"
    rf"publish|posted|updated|modified|this story is from|date|{_WORLD_LABELS})"
    r"(?: (?:on|at|em|el|le|am|il|pada|op|на))?)(?:\b|(?<=\W)) ?[:\-–—：]? ?",
    re.IGNORECASE,
)
#: A place before the date on the same piece (``SÃO PAULO, 05 setembro 2023, 10:44``), or up
#: to three capitalised words (a section, an agency) before a numeric one (``Bernama
#: 05/01/2026``, ``Courts 2022-02-08, 8:32pm``).
_PLACE_PREFIX = re.compile(
    r"([^\W\d_][^\d,|:]{1,28}), (?=[^,]{0,40}\d)"
    r"|([^\W\d_a-z][^\W\d_]{0,30}(?: [^\W\d_]{1,30}){0,2}) (?=\d)"
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})(?:[-/]|\. ?)(\d{1,2})(?:[-/]|\. ?)(\d{4})\b")
_WEEKDAY_WORD = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\b\.?,?",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?",
    re.IGNORECASE,
)
#: A publisher glued to the date that follows it: ``BBC NewsThursday, May 29, 2025``.
_GLUED_DATE_WORD = re.compile(
    r"(?<=[^\W\d_A-Z])(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d)"
    r"|(?<=[a-z])(?=\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4}\b)"
)
_PUBLISHED_IN = re.compile(r"((?:first )?published) in (?:the )?([^,|]{2,40}?)(?:, | on )", re.I)
_EDITION = re.compile(r",? ?\bedition ?[-–:]? ?\d{1,6}\b,?", re.IGNORECASE)
_READ_TIME_PREFIX = re.compile(r"\d{1,3} ?min(?:ute)?s? read\b ?[.|•·:–—-]? ?", re.IGNORECASE)
_AGO_WORD = re.compile(r"\bago\b", re.IGNORECASE)
_COUNTER = re.compile(r"[\d,.]{1,9}k? (?:views|reads|shares|comments|likes)", re.IGNORECASE)
#: Anything a numeric date (``4-6-25``, ``04.06.2025``, ``4. 6. 2025``) may be read from.
_MAYBE_NUMERIC = re.compile(r"\d{1,2}(?:[-/]|\. ?)\d{1,2}(?:[-/]|\. ?)\d{2}")
_PIECE_SPLIT = re.compile(r" ?[|•] ?| [-–—] ")


@dataclass(slots=True)
class TimeStatement:
    """What one header line states: published and updated times, and the words around them.

    ``published_day`` is the calendar day the line writes for the publication time, in the
    zone it writes (or the request's): what a dateline prefix is compared with.
    """

    published: Stamp | None = None
    updated: Stamp | None = None
    source: str | None = None
    byline: str | None = None
    others: list[str] = field(default_factory=list)
    labelled: bool = False
    weekday: bool = False
    ambiguous: bool = False
    published_day: date | None = None


DayFirst = bool | None | Callable[[], bool | None]


def _numeric_readings(piece: str) -> bool:
    """A ``dd-mm-yyyy`` date whose day and month may be swapped (both at most 12, unequal)."""
    match = _NUMERIC_DATE.search(piece)
    if not match:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first != second and 1 <= first <= 12 and 1 <= second <= 12


def _resolve_day_first(dayfirst: DayFirst) -> bool | None:
    return dayfirst() if callable(dayfirst) else dayfirst


def _resolve_piece(
    piece: str,
    zone: tzinfo,
    reference: datetime,
    *,
    dayfirst: DayFirst,
    two_unit: bool,
    others: list[str] | None = None,
) -> tuple[Stamp | None, bool]:
    """The stamp one piece of a header line states, and whether its day/month order is a guess.

    A place or a few capitalised words before the date (``SÃO PAULO, …``, ``Bernama …``) go to
    ``others`` when the rest is a date of at least a day's precision.
    """
    age = parse_age(piece)
    if age is not None:
        return resolve_age(age, reference, zone, two_unit_formatter=two_unit), False
    phrase = expand_two_digit_year(piece, reference) if any(c.isdigit() for c in piece) else piece
    stamp, ambiguous = _date_of(phrase, zone, dayfirst)
    place = None
    if stamp is None and others is not None:
        place = _PLACE_PREFIX.match(phrase)
        if place is not None:
            stamp, ambiguous = _date_of(phrase[place.end() :], zone, dayfirst)
            if stamp is not None and (place.group(1) or stamp.precision != "month"):
                others.append(place.group(1) or place.group(2))
            else:
                stamp = None
    if stamp is not None and stamp.text != piece and (place is None or stamp is None):
        stamp = replace(stamp, text=piece)
    return stamp, ambiguous


def read_date_piece(
    piece: str, zone: tzinfo, reference: datetime, *, dayfirst: DayFirst = None
) -> tuple[Stamp | None, bool]:
    """The stamp a piece of text that is wholly a date or an age states, and whether its
    day/month order is a guess (``04-06-2025`` on a page that makes no order evident).

    >>> from datetime import UTC
    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> stamp, guess = read_date_piece("am 28.06.2023", UTC, ref)
    >>> stamp.value.date().isoformat(), guess
    ('2023-06-28', False)
    >>> read_date_piece("wurde am 28.06.2023", UTC, ref)
    (None, False)
    """
    return _resolve_piece(piece, zone, reference, dayfirst=dayfirst, two_unit=False)


def local_day(stamp: Stamp, zone: tzinfo) -> date:
    """The calendar day an absolute stamp was written on, in the zone it was written in.

    >>> from datetime import UTC
    >>> stamp, _ = read_date_piece("3 March 2024 23:30 IST", UTC, datetime(2025, 1, 1, tzinfo=UTC))
    >>> local_day(stamp, UTC).isoformat()
    '2024-03-03'
    """
    return _local_day(stamp, zone)


def _date_of(phrase: str, zone: tzinfo, dayfirst: DayFirst) -> tuple[Stamp | None, bool]:
    """A date phrase's stamp; a ``04-06-2025`` whose order the page does not make evident
    spans both readings (and is marked a guess)."""
    if not _numeric_readings(phrase):
        return parse_date_phrase(phrase, zone, dayfirst=False), False
    order = _resolve_day_first(dayfirst)
    if order is not None:
        return parse_date_phrase(phrase, zone, dayfirst=order), False
    day_first = parse_date_phrase(phrase, zone, dayfirst=True)
    month_first = parse_date_phrase(phrase, zone, dayfirst=False)
    if day_first is None or month_first is None:
        return day_first or month_first, False
    wide = replace(
        day_first,
        earliest=min(day_first.earliest, month_first.earliest),
        latest=max(day_first.latest, month_first.latest),
    )
    return wide, True


def _embedded_age(piece: str, zone: tzinfo, reference: datetime, others: list[str]) -> Stamp | None:
    """An age inside a meta line: ``News 7 years ago 605 Views`` (section, age, counter)."""
    match = _AGO_WORD.search(piece)
    if match is None:
        return None
    before = piece[: match.start()].split()
    after = piece[match.end() :].strip()
    for size in (3, 2, 1):
        if len(before) < size:
            continue
        age = parse_age(" ".join([*before[-size:], "ago"]))
        if age is None:
            continue
        lead = before[:-size]
        if len(lead) > 3 or any(ch.isdigit() for word in lead for ch in word):
            return None
        if after and not _COUNTER.fullmatch(after):
            return None
        others.extend(part for part in (" ".join(lead), after) if part)
        return resolve_age(age, reference, zone)
    return None


_CLOCK_ONLY = re.compile(
    r"(\d{1,2})[:.](\d{2})(?::(\d{2}))? ?([ap]\.?m\.?)?(?: ?([A-Za-z]{2,4}))?", re.IGNORECASE
)


def _time_on_day(piece: str, local_day: date, zone: tzinfo) -> Stamp | None:
    """A bare clock time (``11:59 pm IST``) on a given calendar day (the date before it on the
    line, or the page's dateline prefix)."""
    match = _CLOCK_ONLY.fullmatch(piece.strip())
    if not match:
        return None
    zone_word = match.group(5)
    if zone_word and zone_word.upper() not in ZONE_ABBREVIATIONS:
        return None
    stamp = parse_absolute(f"{local_day.isoformat()} {piece}", zone)
    return replace(stamp, text=piece) if stamp is not None else None


def _local_day(stamp: Stamp, zone: tzinfo) -> date:
    """The calendar day an absolute stamp was written on, in the zone it was written in."""
    return stamp.value.astimezone(written_zone(stamp.text) or zone).date()


def _strip_prefixes(line: str, statement: TimeStatement) -> str:
    """Take off what a scraper glued around the dates: a reading time, a publisher, an edition."""
    match = _READ_TIME_PREFIX.match(line)
    if match:
        statement.others.append(match.group(0).strip(" .|•·:–—-"))
        line = line[match.end() :]
    match = _PUBLISHED_IN.match(line)
    if match:
        statement.source = match.group(2).strip()
        line = f"{match.group(1)} {line[match.end() :]}"
    else:
        glue = _GLUED_DATE_WORD.search(line)
        if glue is not None and 2 <= glue.start() <= 40:
            source = line[: glue.start()]
            if source[:1].isupper() and not _LABEL_PREFIX.fullmatch(source):
                statement.source = source
                line = line[glue.start() :]
    if "dition" in line:
        line = _EDITION.sub(",", line)
    return line


def read_time_line(
    line: str,
    zone: tzinfo,
    reference: datetime,
    *,
    dayfirst: DayFirst = None,
    two_unit: bool = False,
    day: date | None = None,
) -> TimeStatement | None:
    """Read a header line that states a publication and/or update time.

    Returns ``None`` unless the whole line is time statements plus a few short words
    (a place, an agency, a source glued in front). A written zone applies to every time on
    the line; ``day`` (a dateline prefix) places a bare clock time such as ``06:11 AM IST``.
    ``dayfirst`` (or a function giving it) orders ``04-06-2025``; ``None`` means unknown:
    the stamp then spans both readings and the statement is marked ``ambiguous``.

    >>> from datetime import UTC
    >>> ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    >>> s = read_time_line("Updated On: 12 May, 2024 07:19 AM IST | Doha | PTI", UTC, ref)
    >>> s.updated.as_dict()["value"], s.others
    ('2024-05-12T01:49:00Z', ['Doha', 'PTI'])
    >>> s = read_time_line("BBC NewsThursday, May 29, 2025 at 2:33:52 AM", UTC, ref)
    >>> s.source, s.published.as_dict()["value"]
    ('BBC News', '2025-05-29T02:33:52Z')
    >>> read_time_line("Trump to talk with Putin on March 18", UTC, ref) is None
    True
    """
    if len(line) > MAX_HEADER_LENGTH:
        return None
    # A line's reading depends on the page's day/month order only where it holds a numeric
    # date: there the order (worked out once per page) is part of the key, so that a page
    # of repeated date lines reads each distinct line once.
    order = _resolve_day_first(dayfirst) if _MAYBE_NUMERIC.search(line) else None
    statement = _read_time_line(line, zone, reference, order, two_unit, day)
    if statement is None:
        return None
    # A fresh statement per call (the layout may add to ``others``); built directly, as
    # ``dataclasses.replace`` costs more than the rest of a cached read.
    return TimeStatement(
        statement.published,
        statement.updated,
        statement.source,
        statement.byline,
        list(statement.others),
        statement.labelled,
        statement.weekday,
        statement.ambiguous,
        statement.published_day,
    )


#: Words in lower case that make the words beside a date a clause of a sentence, not a place,
#: an agency or a section (``The inspectors' report was``; ``Times of India`` has one).
_CLAUSE_WORDS = 2

#: A counter after the date (``…, 2023 at 12:00 AM  Count : 51``, ``| Views: 1,234``).
_TRAILING_COUNTER = re.compile(
    rf"(?:\s{{1,3}}|\s?[|•·]\s?)(?:{'|'.join(COUNTER_WORDS)})\s?:?\s?\d[\d,.]{{0,12}}[kKmM]?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _read_time_line(
    line: str,
    zone: tzinfo,
    reference: datetime,
    dayfirst: bool | None,
    two_unit: bool,
    day: date | None,
) -> TimeStatement | None:
    read_time = _READ_TIME_PREFIX.match(line) is not None
    if not (read_time and day is not None) and not has_date_hint(line):
        return None
    statement = TimeStatement()
    text = _TRAILING_COUNTER.sub("", _strip_prefixes(line, statement))
    line_zone = written_zone(text)
    reader = _LineReader(statement, line_zone or zone, reference, dayfirst, two_unit, day)
    for segment in _LABEL_SPLIT.split(text):
        segment = segment.strip()
        if segment and not reader.read_segment(segment):
            return None
    if not reader.slots:
        return None
    statement.published = _zoned(reader.slots.get("published"), line_zone)
    statement.updated = _zoned(reader.slots.get("updated"), line_zone)
    if statement.published is not None and statement.published.kind == "absolute":
        statement.published_day = _local_day(statement.published, reader.zone)
    return statement


def _zoned(stamp: Stamp | None, line_zone: tzinfo | None) -> Stamp | None:
    """A clock time read in the zone its line writes elsewhere (``… | Updated 11:59 pm IST``)
    is no longer zone-less."""
    if stamp is not None and stamp.local and line_zone is not None:
        return replace(stamp, local=False)
    return stamp


class _LineReader:
    """Reads the segments of one header line (``Published …``, ``Updated …``) into slots.

    A bare clock refines the date before it in the same segment (``May 09, 2025 | 5:59 PM``),
    takes the day of an earlier date on the line (``… | Updated 11:59 pm IST``) or of the
    page's dateline prefix, or waits for the date after it (``10:20 AM, Fri – 6 October 23``).
    """

    def __init__(
        self,
        statement: TimeStatement,
        zone: tzinfo,
        reference: datetime,
        dayfirst: DayFirst,
        two_unit: bool,
        day: date | None,
    ) -> None:
        self.statement = statement
        self.zone = zone
        self.reference = reference
        self.dayfirst = dayfirst
        self.two_unit = two_unit
        self.day = day
        self.slots: dict[str, Stamp] = {}
        self.last: tuple[str, Stamp] | None = None

    def read_segment(self, segment: str) -> bool:
        """Read one labelled (or unlabelled) segment; ``False`` when it is no time statement."""
        role = "published"
        label = _LABEL_PREFIX.match(segment)
        if label and (label.end() < len(segment) or label.group(1)):
            name = label.group(1).casefold()
            role = TIME_LABELS.get(name) or WORLD_TIME_LABELS.get(name, "published")
            self.statement.labelled = True
            segment = segment[label.end() :]
        pending_clock: str | None = None
        segment_start = self.last
        for raw_piece in _PIECE_SPLIT.split(segment):
            piece = self._without_weekday(raw_piece.strip(" ,;:"))
            if not piece:
                continue
            stamp, ambiguous = _resolve_piece(
                piece,
                self.zone,
                self.reference,
                dayfirst=self.dayfirst,
                two_unit=self.two_unit,
                others=self.statement.others,
            )
            if stamp is None and "ago" in piece.casefold():
                stamp = _embedded_age(piece, self.zone, self.reference, self.statement.others)
            if stamp is None and _CLOCK_ONLY.fullmatch(piece):
                if self._refine_last(piece, segment_start):
                    continue
                anchor = self._anchor_day()
                if anchor is None:
                    pending_clock = piece
                    continue
                stamp = _time_on_day(piece, anchor, self.zone)
            if stamp is None:
                if not self._read_words(piece):
                    return False
                continue
            if pending_clock is not None and stamp.precision == "day":
                timed = _time_on_day(pending_clock, _local_day(stamp, self.zone), self.zone)
                if timed is not None:
                    stamp = replace(timed, text=f"{pending_clock} {stamp.text}")
                pending_clock = None
            self.statement.ambiguous = self.statement.ambiguous or ambiguous
            self._assign(role, stamp)
        return pending_clock is None

    def _without_weekday(self, piece: str) -> str:
        """Note and drop a weekday that stands alone or beside a clock (``10:20 AM, Fri``)."""
        if not piece or _WEEKDAY_WORD.search(piece) is None:
            return piece
        self.statement.weekday = True
        if _WEEKDAY_ONLY.fullmatch(piece):
            return ""
        bare = _WEEKDAY_WORD.sub("", piece).strip(" ,;:")
        return bare if _CLOCK_ONLY.fullmatch(bare) else piece

    def _refine_last(self, clock: str, segment_start: tuple[str, Stamp] | None) -> bool:
        """Give the day-only date just read in this segment the clock time after it."""
        if self.last is None or self.last is segment_start or self.last[1].precision != "day":
            return False
        slot, day_stamp = self.last
        timed = _time_on_day(clock, _local_day(day_stamp, self.zone), self.zone)
        if timed is None:
            return False
        self.slots[slot] = replace(timed, text=f"{day_stamp.text} {clock}")
        self.last = (slot, self.slots[slot])
        return True

    def _anchor_day(self) -> date | None:
        if self.last is not None and self.last[1].kind == "absolute":
            return _local_day(self.last[1], self.zone)
        return self.day

    def _read_words(self, piece: str) -> bool:
        """A piece that is no time: a byline, or a few words (place, agency, section)."""
        name = byline_name(piece)
        if name is not None:
            self.statement.byline = self.statement.byline or name
            return True
        words = piece.split()
        if len(words) > 5 or any(ch.isdigit() for ch in piece):
            return False
        if len(words) >= 3 and sum(1 for word in words if word.islower()) >= _CLAUSE_WORDS:
            return False  # a clause (``The report was published on …``): a sentence, no label
        self.statement.others.append(piece)
        return True

    def _assign(self, role: str, stamp: Stamp) -> None:
        slot = "updated" if role == "updated" or "published" in self.slots else "published"
        if slot not in self.slots:
            self.slots[slot] = stamp
            self.last = (slot, stamp)
