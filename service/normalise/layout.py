"""Recognising the page layout and cutting the page into title, times, body and history."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import date

from service.normalise.boilerplate import (
    boilerplate_note,
    is_history_heading,
    split_gallery_counter,
)
from service.normalise.bylines import read_byline
from service.normalise.header import (
    chrome_note,
    is_caption,
    split_glued_standfirst,
    split_read_time,
)
from service.normalise.headline import (
    Headline,
    headline_by_shape,
    headline_by_slug,
    is_headline_shaped,
    slug_words,
)
from service.normalise.history import HistoryEntry, is_label, title_key
from service.normalise.language import main_script
from service.normalise.page import Context, Page
from service.normalise.statements import TimeStatement, read_time_line
from service.normalise.text import CleanLine
from service.normalise.timeref import Stamp, iso_date_stamp, parse_age, resolve_age

#: `` date 2025-01-21 `` at byte 0: a space, ``date``, a space, the date (VARIANTS.md). The
#: leading space is required: a normalised body never starts with one, so a body paragraph
#: that opens with ``date 2025-01-21`` is never read as a prefix the second time round.
DATELINE_PREFIX = re.compile(r"\ufeff? date (\d{4}-\d{2}(?:-\d{2})?)(?: |$)")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)\]]$")
_MAX_SOURCE_WORDS = 6
_MAX_TITLE_WORDS = 30


def detect_layout(raw: str, lines: list[CleanLine]) -> str:
    """``dateline`` for a `` date YYYY-MM-DD`` dump, ``aggregator`` for the aggregator's
    title/age/history page, otherwise ``plain``.

    >>> from service.normalise.text import clean_text
    >>> detect_layout(" date 2025-01-21 Text", clean_text(" date 2025-01-21 Text").lines)
    'dateline'
    >>> page = "T\\n2 months ago\\n\\nT\\n\\nBody."
    >>> detect_layout(page, clean_text(page).lines)
    'aggregator'
    """
    if DATELINE_PREFIX.match(raw):
        return "dateline"
    first_two = [line.text for line in _nonblank(lines[:40])[:3]]
    if len(first_two) >= 2 and len(first_two[0]) <= 300 and parse_age(first_two[1]) is not None:
        repeated = len(first_two) == 3 and title_key(first_two[2]) == title_key(first_two[0])
        if repeated or any(is_history_heading(line.text) for line in lines):
            return "aggregator"
    return "plain"


def _nonblank(lines: list[CleanLine]) -> list[CleanLine]:
    return [line for line in lines if line.text]


def is_headline_like(text: str) -> bool:
    """A line that can be a headline: short, several words, no sentence punctuation at its end.

    >>> is_headline_like("Putin, Xi discuss their close ties"), is_headline_like("He said so.")
    (True, False)
    """
    words = text.count(" ") + 1
    return 2 <= words <= _MAX_TITLE_WORDS and len(text) <= 250 and not text.endswith(".")


def is_source_like(text: str) -> bool:
    """A publisher line: one to six words, no sentence punctuation, not a date.

    >>> is_source_like("The Hindu"), is_source_like("Russian President Vladimir Putin spoke.")
    (True, False)
    """
    return (
        0 < len(text) <= 60
        and text.count(" ") < _MAX_SOURCE_WORDS
        and not _SENTENCE_END.search(text)
        and parse_age(text) is None
        and not is_history_heading(text)
    )


# --- aggregator ------------------------------------------------------------------------------


def cut_aggregator(lines: list[CleanLine], ctx: Context) -> Page:
    """Title, age, repeated title, source, body, ``History of this topic`` entries, footer."""
    page = Page("aggregator")
    content = _nonblank(lines)
    title_line, age_line = content[0], content[1]
    page.title = title_line.text
    age = parse_age(age_line.text)
    if age is not None:
        page.published = resolve_age(age, ctx.reference, ctx.zone, two_unit_formatter=True)
        page.published_line = age_line.number
        if page.published is None:
            ctx.warn("unparsed_time", f"age out of range: {age_line.text!r}", age_line.number)
            ctx.remove(age_line, "date_line")
    index = 2
    if index < len(content) and title_key(content[index].text) == title_key(page.title):
        ctx.remove(content[index], "repeated_title")
        index += 1
    heading_at = next(
        (i for i in range(index, len(content)) if is_history_heading(content[i].text)), None
    )
    history_at = (
        heading_at + 1 if heading_at is not None else trailing_history_start(content, index)
    )
    body_end = heading_at if heading_at is not None else history_at
    if (
        index < body_end - 1
        and is_source_like(content[index].text)
        and boilerplate_note(content[index].text) is None
    ):
        page.source = content[index].text
        index += 1
    first_body = content[index].number if index < body_end else None
    last_body = content[body_end - 1].number if body_end > index else None
    if first_body is not None and last_body is not None:
        page.body_lines = [line for line in lines if first_body <= line.number <= last_body]
    if heading_at is not None:
        ctx.remove(content[heading_at], "section_heading")
    if history_at < len(content):
        page.history = cut_history(content[history_at:], ctx)
    return page


#: A history list without its heading is read as one only from this many entries on.
_MIN_HEADINGLESS_ENTRIES = 2


def trailing_history_start(content: list[CleanLine], start: int) -> int:
    """Where a history list whose heading the scraper lost begins: a run of at least two
    entries (title, optional label, age line) that ends the page (bar boilerplate such as
    ``Discover Related``) and stands after a blank line. ``len(content)`` when there is none.

    >>> from service.normalise.text import clean_text
    >>> page = "Body.\\n\\nTrump calls Putin\\nTop News\\n4 days ago\\nXi meets envoy\\n1 week ago"
    >>> content = [line for line in clean_text(page).lines if line.text]
    >>> trailing_history_start(content, 0)
    1
    >>> trailing_history_start(content[:4], 0)  # one entry is not a list
    4
    """
    end = len(content)
    while end > start and boilerplate_note(content[end - 1].text) is not None:
        end -= 1
    at, entries = end, 0
    while at - 2 >= start and parse_age(content[at - 1].text) is not None:
        title = at - 2
        if title - 1 > start and is_label(content[title].text):
            title -= 1  # a label line between the title and its age
        if parse_age(content[title].text) is not None:
            break
        at, entries = title, entries + 1
    if entries < _MIN_HEADINGLESS_ENTRIES or at == start:
        return len(content)
    blank_before = content[at].number - content[at - 1].number > 1
    return at if blank_before else len(content)


def cut_history(content: list[CleanLine], ctx: Context) -> list[HistoryEntry]:
    """Group history lines into entries: a title, an optional label, an age line.

    Lines after the last age that are boilerplate (``Discover Related``) go to ``removed``;
    other lines without an age become entries without a time, with a warning.
    """
    entries: list[HistoryEntry] = []
    pending: list[CleanLine] = []
    for line in content:
        ctx.spend(line.number)
        age = parse_age(line.text)
        if age is None:
            pending.append(line)
            continue
        if not pending:
            ctx.remove(line, "chrome")
            continue
        stamp = resolve_age(age, ctx.reference, ctx.zone, two_unit_formatter=True)
        if stamp is None:
            ctx.warn("unparsed_time", f"age out of range: {line.text!r}", line.number)
            ctx.remove(line, "date_line")
        label = None
        if len(pending) >= 2 and is_label(pending[-1].text):
            label = pending.pop().text
        for orphan in pending[:-1]:
            entries.append(_undated_entry(orphan, ctx))
        entries.append(HistoryEntry(pending[-1].text, label, stamp, pending[-1].number))
        pending = []
    for line in pending:
        if boilerplate_note(line.text) is not None:
            ctx.remove(line, "boilerplate")
        else:
            entries.append(_undated_entry(line, ctx))
    return entries


def _undated_entry(line: CleanLine, ctx: Context) -> HistoryEntry:
    ctx.warn("unparsed_time", "history entry without an age line", line.number)
    return HistoryEntry(line.text, None, None, line.number)


# --- dateline --------------------------------------------------------------------------------


def cut_dateline(raw_first_line: str, lines: list[CleanLine], ctx: Context) -> Page:
    """`` date YYYY-MM-DD `` prefix, then the first block on the same line, then the body.

    A headline glued to its reading time (``…districts1 min read . 06:11 AM IST``) or to its
    standfirst (``…landThe court said…``) is split into two lines with the same number.
    """
    page = Page("dateline")
    first = lines[0]
    match = DATELINE_PREFIX.match(raw_first_line)
    assert match is not None  # detect_layout saw it
    prefix_text = f"date {match.group(1)}"
    page.published = iso_date_stamp(match.group(1), ctx.zone)
    page.published_line = first.number
    if page.published is None:
        ctx.warn("unparsed_time", f"dateline date is not a calendar date: {match.group(1)}", 1)
    else:
        page.prefix_day = match.group(1)
    rest = first.text[len(prefix_text) :].strip() if first.text.startswith(prefix_text) else ""
    ctx.remove(first, "dateline_header", prefix_text)
    body = list(lines[1:])
    if rest:
        parts = [rest]
        glued = split_read_time(rest) if len(rest) <= 300 else None
        if glued is None:
            glued = split_glued_standfirst(rest)
        if glued is not None:
            parts = list(glued)
        body[0:0] = [CleanLine(first.number, part) for part in parts]
    page.body_lines = body
    return page


# --- header zone (every layout) --------------------------------------------------------------

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
        self.cache: dict[int, _Verdict] = {}
        prefix = page.prefix_day
        self.day = date.fromisoformat(prefix) if prefix and len(prefix) == 10 else None
        #: The script most of the page's top is written in (a headline is written in it).
        self.script = main_script(" ".join(line.text for line in self.lines[:40]))

    def evident(self, index: int) -> _Verdict:
        """The verdict for a line that is a header line on its own, or ``other``."""
        verdict = self.cache.get(index)
        if verdict is not None:
            return verdict
        self.ctx.spend(self.lines[index].number)
        text = self.lines[index].text
        verdict = _Verdict("other")
        if boilerplate_note(text) is not None:
            verdict = _Verdict("boilerplate")
        elif (
            statement := read_time_line(
                text,
                self.ctx.zone,
                self.ctx.reference,
                dayfirst=self.ctx.day_first,
                two_unit=self.page.format == "aggregator",
                day=self.day,
            )
        ) is not None:
            verdict = _Verdict("date_line", statement=statement)
        elif (credit := read_byline(text)) is not None:
            verdict = _Verdict("byline", statement=self._time_in(credit.rest), byline=credit.name)
        elif is_caption(text) or split_gallery_counter(text) is not None:
            verdict = _Verdict("caption")
        elif chrome_note(text) is not None:
            verdict = _Verdict("chrome")
        self.cache[index] = verdict
        return verdict

    def _time_in(self, rest: str) -> TimeStatement | None:
        """A date printed on a byline line after the name (``By Jane Doe May 7, 2023``)."""
        if not rest:
            return None
        return read_time_line(
            rest,
            self.ctx.zone,
            self.ctx.reference,
            dayfirst=self.ctx.day_first,
            two_unit=self.page.format == "aggregator",
            day=self.day,
        )

    def is_evidence(self, index: int) -> bool:
        """A time statement or a byline: proof that the lines above it are a page header."""
        return self.evident(index).kind in ("date_line", "byline")


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
    consumed: dict[int, str] = {}
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
    for index, reason in sorted(consumed.items()):
        line = body[index]
        verdict = reader.cache.get(index)
        if verdict is not None and verdict.byline is not None:
            page.byline = page.byline or verdict.byline
        if reason not in ("title", "date_line"):
            ctx.remove(line, reason)
    page.body_lines = [line for index, line in enumerate(body) if index not in consumed]
    if statements:
        assign_times(page, statements, ctx)


def _take_headline(
    reader: _HeaderReader,
    headline: Headline,
    consumed: dict[int, str],
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
    consumed: dict[int, str],
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


def _repeats_title(reader: _HeaderReader, index: int) -> bool:
    title = reader.page.title
    text = reader.lines[index].text
    if title is None or len(text) > 2 * len(title) + 20:
        return False  # a paragraph, not a repeat (and title_key of it is not free)
    return title_key(text) == title_key(title)


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
    consumed: dict[int, str],
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


def _dateline_title(reader: _HeaderReader, position: int, consumed: dict[int, str]) -> bool:
    """The short line that opens a dateline page is its headline (when a body follows)."""
    lines = reader.lines
    if reader.page.title is not None or position >= len(lines) or position in consumed:
        return False
    if any(line.text and i not in consumed for i, line in enumerate(lines[:position])):
        return False
    first = position
    text = lines[first].text
    has_more = any(line.text for line in lines[first + 1 :])
    if not (has_more and is_headline_like(text) and not _SENTENCE_END.search(text)):
        return False
    if first + 1 < len(lines) and lines[first + 1].text[:1].islower():
        return False  # a sentence wrapped onto the next line, not a headline
    if reader.evident(first).kind != "other":
        return False
    reader.page.title = text
    consumed[first] = "title"
    return True


def assign_times(
    page: Page, statements: list[tuple[CleanLine, TimeStatement]], ctx: Context
) -> None:
    """Choose ``published`` and ``updated`` among the header's time statements.

    The page's own stated publication time wins over an unlabelled header date; a weekday
    date above a different, older stated date is the crawl day and is set aside as chrome.
    A dateline prefix is kept unless the page states a time on that very day. Disagreements
    are warned about as ``conflicting_dates``; a date whose day and month order the page
    does not make evident as ``ambiguous_date``.

    >>> from service.normalise import normalise
    >>> article = normalise("Friday, January 30, 2026\\nRain returns to the city\\n"
    ...                     "Published: 23 February 2024\\n\\nIt rained.",
    ...                     reference_time="2026-01-30T08:00:00Z")
    >>> article["published"]["value"], [r["reason"] for r in article["removed"]]
    ('2024-02-23T00:00:00Z', ['chrome', 'date_line'])
    """
    crawl_days = _crawl_days(statements, page, ctx)
    for line, statement in statements:
        ctx.remove(line, "chrome" if id(statement) in crawl_days else "date_line")
        if statement.ambiguous:
            ctx.warn(
                "ambiguous_date",
                f"{line.text!r} may be read day first or month first: the interval covers both",
                line.number,
            )
        if statement.source and page.source is None:
            page.source = statement.source
        if statement.byline and page.byline is None:
            page.byline = statement.byline
    usable = [(line, s) for line, s in statements if id(s) not in crawl_days]
    for _, statement in usable:
        if statement.updated is not None and page.updated is None:
            page.updated = statement.updated
    dated = [(line, s) for line, s in usable if s.published is not None]
    labelled = [item for item in dated if item[1].labelled]
    timed = [item for item in dated if item[1].published.precision in ("minute", "second")]
    candidates = labelled or timed or dated
    if not candidates:
        return
    first_line, chosen = candidates[0]
    stated = chosen.published
    assert stated is not None
    current = page.published
    if current is None:
        page.published = stated
        page.published_line = first_line.number
        _warn_disagreements(chosen, dated, ctx)
        return
    if _same_day(page, current, chosen):
        if stated.precision in ("minute", "second", "hour") or (
            current.precision == "month" and stated.precision == "day"
        ):
            page.published = stated
            page.published_line = first_line.number
        return
    ctx.warn(
        "conflicting_dates",
        f"the page also states {stated.text!r}, which disagrees with {current.text!r}",
        first_line.number,
    )


def _same_day(page: Page, current: Stamp, statement: TimeStatement) -> bool:
    """Whether a stated time falls on the day (or month) the page's own date names."""
    stated = statement.published
    assert stated is not None
    if page.prefix_day and statement.published_day is not None:
        return statement.published_day.isoformat().startswith(page.prefix_day)
    return (
        current.earliest <= stated.value <= current.latest
        or stated.earliest <= current.value <= stated.latest
    )


def _crawl_days(
    statements: list[tuple[CleanLine, TimeStatement]], page: Page, ctx: Context
) -> set[int]:
    """Statements that are the day the page was crawled, not the article's date: an unlabelled
    weekday date (or today's date) with nothing else on the line, or any unlabelled date above
    the headline, later than another date the page states."""
    crawl: set[int] = set()
    reference_day = ctx.reference.astimezone(ctx.zone).date()
    # The two earliest ends among all stated dates, found once: "is another date older than
    # this one" then costs one comparison per statement, so a page of many dates stays linear.
    ends = [(s.published.latest, id(s)) for _, s in statements if s.published is not None]
    if page.format == "dateline" and page.published is not None:
        ends.append((page.published.latest, 0))
    oldest = heapq.nsmallest(2, ends)
    for line, statement in statements:
        stamp = statement.published
        if (
            stamp is None
            or statement.labelled
            or statement.updated is not None
            or not (
                _above_headline(line, page)
                or stamp.precision == "day"
                and (statement.weekday or statement.published_day == reference_day)
            )
        ):
            continue
        other_end = next((end for end, owner in oldest if owner != id(statement)), None)
        if other_end is not None and other_end < stamp.earliest:
            crawl.add(id(statement))
    return crawl


def _above_headline(line: CleanLine, page: Page) -> bool:
    return page.title_line is not None and line.number < page.title_line


def _warn_disagreements(
    chosen: TimeStatement, dated: list[tuple[CleanLine, TimeStatement]], ctx: Context
) -> None:
    stated = chosen.published
    assert stated is not None
    for line, other in dated:
        stamp = other.published
        if other is chosen or stamp is None:
            continue
        if stamp.latest < stated.earliest or stamp.earliest > stated.latest:
            ctx.warn(
                "conflicting_dates",
                f"the page also states {stamp.text!r}, which disagrees with {stated.text!r}",
                line.number,
            )
