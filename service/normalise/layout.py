"""Recognising the page layout and cutting the page into title, times, body and history."""

from __future__ import annotations

import re

from service.normalise.boilerplate import boilerplate_note, is_history_heading
from service.normalise.header import (
    TimeStatement,
    byline_name,
    is_caption,
    read_time_line,
    split_read_time,
)
from service.normalise.history import HistoryEntry, is_label, title_key
from service.normalise.page import Context, Page
from service.normalise.text import CleanLine
from service.normalise.timeref import iso_date_stamp, parse_age, resolve_age

#: `` date 2025-01-21 `` at byte 0 (one optional leading space is all a crawler writes).
DATELINE_PREFIX = re.compile(r"\ufeff? ?date (\d{4}-\d{2}(?:-\d{2})?)(?: |$)")
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
    index = 2
    if index < len(content) and title_key(content[index].text) == title_key(page.title):
        ctx.remove(content[index], "repeated_title")
        index += 1
    heading_at = next(
        (i for i in range(index, len(content)) if is_history_heading(content[i].text)), None
    )
    body_end = heading_at if heading_at is not None else len(content)
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
        page.history = cut_history(content[heading_at + 1 :], ctx)
    return page


def cut_history(content: list[CleanLine], ctx: Context) -> list[HistoryEntry]:
    """Group history lines into entries: a title, an optional label, an age line.

    Lines after the last age that are boilerplate (``Discover Related``) go to ``removed``;
    other lines without an age become entries without a time, with a warning.
    """
    entries: list[HistoryEntry] = []
    pending: list[CleanLine] = []
    for line in content:
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
    """`` date YYYY-MM-DD `` prefix, then the first block on the same line, then the body."""
    page = Page("dateline")
    first = lines[0]
    match = DATELINE_PREFIX.match(raw_first_line)
    assert match is not None  # detect_layout saw it
    prefix_text = f"date {match.group(1)}"
    page.published = iso_date_stamp(match.group(1), ctx.zone)
    page.published_line = first.number
    if page.published is None:
        ctx.warn("unparsed_time", f"dateline date is not a calendar date: {match.group(1)}", 1)
    rest = first.text[len(prefix_text) :].strip() if first.text.startswith(prefix_text) else ""
    ctx.remove(first, "dateline_header", prefix_text)
    body = list(lines[1:])
    if rest:
        body.insert(0, CleanLine(first.number, rest))
        glued = split_read_time(rest) if len(rest) <= 300 else None
        if glued is not None:
            headline, read_time = glued
            body[0] = CleanLine(first.number, headline)
            body.insert(1, CleanLine(first.number, read_time))
    page.body_lines = body
    return page


# --- header zone (every layout) --------------------------------------------------------------


def take_header_zone(page: Page, ctx: Context, *, title_allowed: bool) -> None:
    """Consume the header lines at the top of the body: times, bylines, captions, chrome.

    A headline stands there only when a header line (a time or a byline) follows it, or on
    a dateline page where a short line opens the page; without such evidence the first line
    is body, never an invented title. Consumed lines leave ``page.body_lines``.
    """
    body = page.body_lines
    statements: list[tuple[CleanLine, TimeStatement]] = []
    index = 0
    while index < len(body):
        line = body[index]
        text = line.text
        if not text:
            index += 1
            continue
        following = _next_text(body, index)
        note = boilerplate_note(text)
        if note is not None:
            ctx.remove(line, "boilerplate")
        elif (
            statement := read_time_line(
                text,
                ctx.zone,
                ctx.reference,
                dayfirst=ctx.dayfirst,
                two_unit=page.format == "aggregator",
            )
        ) is not None:
            statements.append((line, statement))
            ctx.remove(line, "date_line")
        elif (name := byline_name(text)) is not None:
            page.byline = page.byline or name
            ctx.remove(line, "byline")
        elif is_caption(text):
            ctx.remove(line, "caption")
        elif (
            is_headline_like(text)
            and following is not None
            and _is_header_evidence(following, ctx, page)
        ):
            if page.title is None and title_allowed:
                page.title = text
            elif title_key(text) == title_key(page.title or ""):
                ctx.remove(line, "repeated_title")
            else:
                ctx.remove(line, "chrome")
        elif (
            page.format == "dateline"
            and index == 0
            and title_allowed
            and page.title is None
            and is_headline_like(text)
            and not _SENTENCE_END.search(text)
            and following is not None
        ):
            page.title = text
        else:
            break
        index += 1
    page.body_lines = body[index:]
    if statements:
        assign_times(page, statements, ctx)


def _next_text(body: list[CleanLine], index: int) -> str | None:
    for line in body[index + 1 :]:
        if line.text:
            return line.text
    return None


def _is_header_evidence(text: str, ctx: Context, page: Page) -> bool:
    return (
        byline_name(text) is not None
        or read_time_line(text, ctx.zone, ctx.reference, dayfirst=ctx.dayfirst) is not None
    )


def assign_times(
    page: Page, statements: list[tuple[CleanLine, TimeStatement]], ctx: Context
) -> None:
    """Choose ``published`` and ``updated`` among the header's time statements.

    The page's own stated publication time wins over an unlabelled header date (often the
    crawl day); a dateline prefix is kept unless the page states a time on that very day.
    Disagreements are warned about as ``conflicting_dates``.
    """
    labelled = [s for _, s in statements if s.labelled and s.published is not None]
    timed = [
        s
        for _, s in statements
        if s.published is not None and s.published.precision in ("minute", "second")
    ]
    candidates = labelled or timed or [s for _, s in statements if s.published is not None]
    stated = candidates[0].published if candidates else None
    for _, statement in statements:
        if statement.updated is not None and page.updated is None:
            page.updated = statement.updated
    if stated is None:
        return
    first_line = next(line for line, s in statements if s.published is stated)
    current = page.published
    if current is None:
        page.published = stated
        page.published_line = first_line.number
        return
    same_day = (
        current.earliest <= stated.value <= current.latest
        or stated.earliest <= current.value <= stated.latest
    )
    if same_day and stated.precision in ("minute", "second", "hour"):
        page.published = stated
        page.published_line = first_line.number
    elif not same_day:
        ctx.warn(
            "conflicting_dates",
            f"the page also states {stated.text!r}, which disagrees with {current.text!r}",
            first_line.number,
        )
