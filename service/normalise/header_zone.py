"""The header zone at the top of a page's body: its headline, time statements, bylines,
captions and the furniture around them, each line at most once read.

Why a header line left the article is decided here (``take_header_zone``); why a body
paragraph left is decided in ``article_run``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import compress
from operator import not_

from service.normalise.boilerplate import (
    boilerplate_note,
    split_gallery_counter,
)
from service.normalise.bylines import read_byline
from service.normalise.datelines import read_dateline
from service.normalise.header import (
    chrome_note,
    is_caption,
)
from service.normalise.headline import (
    Headline,
    headline_by_shape,
    headline_by_slug,
    is_headline_shaped,
    slug_words,
)
from service.normalise.history import title_key
from service.normalise.language import main_script
from service.normalise.layout import _SENTENCE_END, is_headline_like
from service.normalise.page import Context, Page
from service.normalise.page_times import assign_times
from service.normalise.statements import TimeStatement, read_time_line
from service.normalise.text import CleanLine

#: How far below its start a header zone is searched for a time or byline line: characters of
#: text (not lines, so that re-joined wrapped lines reach exactly as far), and the line length
#: from which a line is a body paragraph that ends the search.
_WINDOW_CHARS = 1200
_PARAGRAPH_CHARS = 320
_MAX_CHROME_WORDS = 12


@dataclass(slots=True)
class _Verdict:
    """What one header-zone line is on its own: a reason to leave the body, or ``other``."""

    kind: str
    statement: TimeStatement | None = None
    byline: str | None = None


class _HeaderReader:
    """Classifies body lines as header lines, each line at most once (parsing is not free)."""

    def __init__(self, page: Page, ctx: Context) -> None:
        self.page = page
        self.ctx = ctx
        self.lines = page.body_lines
        # A verdict depends on the line's text alone: a page of one header line repeated
        # (100,000 date lines) holds one verdict, and one reading of the line.
        self.cache: dict[str, _Verdict] = {}
        prefix = page.prefix_day
        self.day = date.fromisoformat(prefix) if prefix and len(prefix) == 10 else None
        self._script: list[str | None] = []

    def evident(self, index: int) -> _Verdict:
        """The verdict for a line that is a header line on its own, or ``other``."""
        line = self.lines[index]
        self.ctx.spend(line.number)
        text = line.text
        verdict = self.cache.get(text)
        if verdict is not None:
            return verdict
        verdict = _Verdict("other")
        if boilerplate_note(text) is not None:
            verdict = _Verdict("boilerplate")
        elif (statement := self._read_time(text)) is not None:
            verdict = _Verdict("date_line", statement=statement)
        elif (credit := read_byline(text)) is not None:
            # a date printed on a byline line after the name (``By Jane Doe May 7, 2023``)
            verdict = _Verdict("byline", statement=self._read_time(credit.rest), byline=credit.name)
        elif is_caption(text) or split_gallery_counter(text) is not None:
            verdict = _Verdict("caption")
        elif chrome_note(text) is not None:
            verdict = _Verdict("chrome")
        self.cache[text] = verdict
        return verdict

    def _read_time(self, text: str) -> TimeStatement | None:
        """The time statement a line (or what follows a byline's name) makes, in the page's
        zone, day order and dateline day."""
        if not text:
            return None
        return read_time_line(
            text,
            self.ctx.zone,
            self.ctx.reference,
            dayfirst=self.ctx.day_first,
            two_unit=self.page.format == "aggregator",
            day=self.day,
        )

    @property
    def script(self) -> str | None:
        """The script most of the page's top is written in (a headline is written in it),
        worked out once, when a headline is looked for."""
        if not self._script:
            self._script.append(main_script(self.opening(40)))
        return self._script[0]

    def opening(self, count: int) -> str:
        """The text of the body's first ``count`` input lines (blank ones too), joined by
        spaces.

        >>> from datetime import UTC, datetime
        >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, blank=bytearray([0, 1, 0, 1, 0]))
        >>> page = Page("plain", body_lines=[CleanLine(2, "a"), CleanLine(4, "b")])
        >>> _HeaderReader(page, ctx).opening(3)
        ' a '
        """
        texts: list[str] = []
        above = self.page.body_start - 1
        for line in self.lines:
            blanks = self.ctx.blanks_between(above, line.number)
            if len(texts) + blanks >= count:
                texts += [""] * (count - len(texts))
                break
            texts += [""] * blanks
            texts.append(line.text)
            above = line.number
        return " ".join(texts)

    def is_evidence(self, index: int) -> bool:
        """A time statement or a byline: proof that the lines above it are a page header."""
        return self.evident(index).kind in ("date_line", "byline")


class Taken:
    """Which body lines (by index) the header zone took, and why: one byte a line, as a page
    may be all header lines (a dict would cost some 80 bytes a line).

    >>> taken = Taken(4)
    >>> taken[2] = "chrome"
    >>> taken[0] = "title"
    >>> 2 in taken, 1 in taken, list(taken.items()), taken.left(["a", "b", "c", "d"])
    (True, False, [(0, 'title'), (2, 'chrome')], ['b', 'd'])
    """

    __slots__ = ("_codes", "_reasons")

    def __init__(self, lines: int) -> None:
        self._codes = bytearray(lines)
        self._reasons = [""]  # code 0: not taken

    def __contains__(self, index: int) -> bool:
        return self._codes[index] != 0

    def __setitem__(self, index: int, reason: str) -> None:
        if reason not in self._reasons:
            self._reasons.append(reason)
        self._codes[index] = self._reasons.index(reason)

    def __bool__(self) -> bool:
        return len(self._reasons) > 1

    def items(self) -> Iterator[tuple[int, str]]:
        """The lines taken, in line order, each with its reason (found in C)."""
        for match in _TAKEN.finditer(self._codes):
            yield match.start(), self._reasons[self._codes[match.start()]]

    def left(self, lines: list[CleanLine]) -> list[CleanLine]:
        """The lines not taken."""
        return list(compress(lines, map(not_, self._codes)))


_TAKEN = re.compile(b"[^\\x00]")


def take_header_zone(page: Page, ctx: Context, *, title_allowed: bool) -> None:
    """Consume the header lines at the top of the body: times, bylines, captions, chrome.

    Lines that are header lines on their own (boilerplate, a time statement, a byline, a
    caption, a breadcrumb) go wherever they stand at the top. A short window below is then
    searched for a time or byline line: when one stands there, the lines above it are header
    too: the first headline there is the title, other short lines are chrome, and sentences
    (a standfirst) stay in the body. Without such evidence a headline is never invented,
    except the short line that opens a dateline page. The search repeats from where the
    header ends, so that normalising the body again finds no header in it.

    >>> from service.normalise import normalise
    >>> article = normalise("Rain returns to the city\\nBy Staff Reporter\\nPublished: 2 March 2025"
    ...                     "\\n\\nIt rained.", reference_time="2025-03-24T12:00:00Z")
    >>> article["title"], article["byline"], article["published"]["value"], article["body"]
    ('Rain returns to the city', 'Staff Reporter', '2025-03-02T00:00:00Z', 'It rained.')
    """
    reader = _HeaderReader(page, ctx)
    body = page.body_lines
    consumed = Taken(len(body))
    statements: list[tuple[CleanLine, TimeStatement]] = []
    position = 0
    dateline_title_tried = not (page.format == "dateline" and title_allowed)
    shape_tried = not (page.format == "plain" and title_allowed)
    if title_allowed and page.title is None:
        headline = headline_by_slug(
            body, ctx.url, sentences=page.format == "plain", script=reader.script
        )
        if headline is not None:
            position = _take_headline(reader, headline, consumed, statements)
        if headline is not None or slug_words(ctx.url):
            # The address names the headline: an opening line it does not name is not one.
            dateline_title_tried = True
    while True:
        position = _consume_evident(reader, position, consumed, statements)
        evidence = _last_evidence(reader, position)
        if evidence is not None:
            _classify_window(reader, position, evidence, consumed, statements, title_allowed)
            position = evidence
            continue
        if not dateline_title_tried:
            dateline_title_tried = True
            if _dateline_title(reader, position, consumed):
                position += 1
                continue
        if not shape_tried and page.title is None:
            shape_tried = True
            headline = headline_by_shape(
                body,
                lambda index: reader.evident(index).kind != "other",
                position,
                script=reader.script,
            )
            if headline is not None:
                position = _take_headline(reader, headline, consumed, statements)
                continue
        break
    for index, reason in consumed.items():
        line = body[index]
        # Every line taken for another reason than the title was read (a title never holds a
        # byline: it was read as ``other``, or taken by the address's words unread).
        verdict = reader.cache.get(line.text) if reason != "title" else None
        if verdict is not None and verdict.byline is not None:
            page.byline = page.byline or verdict.byline
        if reason not in ("title", "date_line"):
            ctx.remove(line, reason)
    if consumed:
        page.body_lines = consumed.left(body)
    if statements:
        assign_times(page, statements, ctx)


#: A title this short may be a word of a sentence: only a longer one is looked for in a line.
_MIN_TITLE_CHARS = 12
_TOKEN = re.compile(r"\w+")


def _take_headline(
    reader: _HeaderReader,
    headline: Headline,
    consumed: Taken,
    statements: list[tuple[CleanLine, TimeStatement]],
) -> int:
    """Make the line the title; the lines above it are header lines (times and bylines are
    read) or furniture. Returns where the rest of the header zone starts."""
    lines = reader.lines
    for index in range(headline.index):
        if not lines[index].text or index in consumed:
            continue
        verdict = reader.evident(index)
        if verdict.kind == "other":
            consumed[index] = "above_headline"
            continue
        consumed[index] = verdict.kind
        if verdict.statement is not None:
            statements.append((lines[index], verdict.statement))
    reader.page.title = lines[headline.index].text
    reader.page.title_line = lines[headline.index].number
    consumed[headline.index] = "title"
    return headline.index + 1


def _consume_evident(
    reader: _HeaderReader,
    position: int,
    consumed: Taken,
    statements: list[tuple[CleanLine, TimeStatement]],
) -> int:
    lines = reader.lines
    while position < len(lines):
        if not lines[position].text or position in consumed:
            position += 1
            continue
        verdict = reader.evident(position)
        if verdict.kind == "other":
            if not _repeats_title(reader, position):
                break
            consumed[position] = "repeated_title"
        else:
            consumed[position] = verdict.kind
            if verdict.statement is not None:
                statements.append((lines[position], verdict.statement))
        position += 1
    return position


#: A line holding the title with at most this many words of its own repeats it (a picture's
#: text: ``Title - Illustrative image of the article Title``).
_TITLE_LABEL_WORDS = 6


def _repeats_title(reader: _HeaderReader, index: int) -> bool:
    title = reader.page.title
    text = reader.lines[index].text
    if title is None or len(text) > 3 * len(title) + 60:
        return False  # a paragraph, not a repeat (and title_key of it is not free)
    if title in text and len(title) >= _MIN_TITLE_CHARS:
        rest = re.sub(rf"(?<!\w){re.escape(title)}(?!\w)", " ", text)
        if rest != text:
            return len(_TOKEN.findall(rest)) <= _TITLE_LABEL_WORDS
    return len(text) <= 2 * len(title) + 20 and title_key(text) == title_key(title)


def _last_evidence(reader: _HeaderReader, position: int) -> int | None:
    """The last time or byline line in the window that starts at ``position``."""
    lines = reader.lines
    budget = _WINDOW_CHARS
    found = None
    for index in range(position, len(lines)):
        text = lines[index].text
        if not text:
            continue
        if len(text) > _PARAGRAPH_CHARS or budget <= 0:
            break
        if reader.evident(index).kind == "boilerplate":
            continue
        budget -= len(text) + 1
        if reader.is_evidence(index):
            found = index
    return found


def _classify_window(
    reader: _HeaderReader,
    position: int,
    evidence: int,
    consumed: Taken,
    statements: list[tuple[CleanLine, TimeStatement]],
    title_allowed: bool,
) -> None:
    """Give each line above a time or byline line its place: title, repeat, chrome or body."""
    page = reader.page
    lines = reader.lines
    others = [i for i in range(position, evidence) if lines[i].text and i not in consumed]
    if title_allowed and page.title is None:
        headlines = [i for i in others if reader.evident(i).kind == "other"]
        headlines = [i for i in headlines if is_headline_like(lines[i].text)]
        headlines = [i for i in headlines if is_headline_shaped(lines[i].text)]
        headlines = [i for i in headlines if main_script(lines[i].text) == reader.script]
        longer = [i for i in headlines if lines[i].text.count(" ") >= 2]
        chosen = (longer or headlines or [None])[0]
        if chosen is not None:
            page.title = lines[chosen].text
            page.title_line = lines[chosen].number
            consumed[chosen] = "title"
            for index in others:
                if index < chosen and reader.evident(index).kind == "other":
                    consumed[index] = "above_headline"
    for index in others:
        if index in consumed:
            continue
        text = lines[index].text
        verdict = reader.evident(index)
        if _repeats_title(reader, index):
            consumed[index] = "repeated_title"
        elif verdict.kind != "other":
            consumed[index] = verdict.kind
            if verdict.statement is not None:
                statements.append((lines[index], verdict.statement))
        elif not _SENTENCE_END.search(text) and text.count(" ") < _MAX_CHROME_WORDS:
            consumed[index] = "chrome"


def _dateline_title(reader: _HeaderReader, position: int, consumed: Taken) -> bool:
    """The short line that opens a dateline page is its headline (when a body follows)."""
    lines = reader.lines
    if reader.page.title is not None or position >= len(lines) or position in consumed:
        return False
    if any(i not in consumed for i in range(position)):
        return False
    first = position
    text = lines[first].text
    has_more = first + 1 < len(lines)
    if not (has_more and is_headline_like(text) and not _SENTENCE_END.search(text)):
        return False
    below = lines[first + 1]
    wrapped = not reader.ctx.blanks_between(lines[first].number, below.number)
    if wrapped and below.text[:1].islower():
        return False  # a sentence wrapped onto the next line, not a headline
    if reader.evident(first).kind != "other":
        return False
    if read_dateline(text) is not None:
        return False  # a dateline on a line of its own (``AP, BEIJING``): the article's
    reader.page.title = text
    consumed[first] = "title"
    return True
