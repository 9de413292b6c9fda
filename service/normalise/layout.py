"""Recognising the page layout and cutting the page into title, times, body and history."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from service.normalise.boilerplate import (
    boilerplate_note,
    is_history_heading,
)
from service.normalise.header import (
    split_glued_standfirst,
    split_read_time,
)
from service.normalise.history import HistoryEntry, is_label, title_key
from service.normalise.page import Context, Page
from service.normalise.text import CleanLine
from service.normalise.timeref import Age, Stamp, iso_date_stamp, parse_age, resolve_age

#: `` date 2025-01-21 `` at byte 0: a space, ``date``, a space, the date (VARIANTS.md). The
#: leading space is required: a normalised body never starts with one, so a body paragraph
#: that opens with ``date 2025-01-21`` is never read as a prefix the second time round.
DATELINE_PREFIX = re.compile(r"\ufeff? date (\d{4}-\d{2}(?:-\d{2})?)(?: |$)")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)\]]$")
_MAX_SOURCE_WORDS = 6
_MAX_TITLE_WORDS = 30


def detect_layout(raw: str, lines: list[CleanLine]) -> str:
    """``dateline`` for a `` date YYYY-MM-DD`` dump, ``aggregator`` for the aggregator's
    title/age/history page, otherwise ``plain``. ``lines``: the page's non-blank lines.

    >>> from service.normalise.page_lines import clean_text
    >>> detect_layout(" date 2025-01-21 Text", clean_text(" date 2025-01-21 Text").lines)
    'dateline'
    >>> page = "T\\n2 months ago\\n\\nT\\n\\nBody."
    >>> detect_layout(page, clean_text(page).lines)
    'aggregator'
    """
    if DATELINE_PREFIX.match(raw):
        return "dateline"
    first_two = [line.text for line in opening_lines(lines, 40)[:3]]
    if len(first_two) >= 2 and len(first_two[0]) <= 300 and parse_age(first_two[1]) is not None:
        repeated = len(first_two) == 3 and title_key(first_two[2]) == title_key(first_two[0])
        if repeated or any(is_history_heading(line.text) for line in lines):
            return "aggregator"
    return "plain"


def opening_lines(lines: list[CleanLine], count: int) -> list[CleanLine]:
    """The non-blank lines among the page's first ``count`` input lines.

    >>> [line.number for line in opening_lines([CleanLine(1, "a"), CleanLine(5, "b")], 4)]
    [1]
    """
    return [line for line in lines[:count] if line.number <= count and line.text]


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
    content = lines  # non-blank, each with its input line number
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
    # Each line's age is read once a page: a headingless list is found reading upwards and
    # then cut reading downwards, and a bounded cache of readings would have forgotten a long
    # list's first lines by the time the second pass reached them (twice the work per line).
    read_age = cache(parse_age)
    history_at = (
        heading_at + 1
        if heading_at is not None
        else trailing_history_start(content, index, read_age)
    )
    body_end = heading_at if heading_at is not None else history_at
    if (
        index < body_end - 1
        and is_source_like(content[index].text)
        and boilerplate_note(content[index].text) is None
    ):
        page.source = content[index].text
        index += 1
    if index < body_end:
        page.body_lines = content[index:body_end]
        page.body_start = content[index].number
    if heading_at is not None:
        ctx.remove(content[heading_at], "section_heading")
    if history_at < len(content):
        page.history = cut_history(content[history_at:], ctx, read_age)
    return page


#: A history list without its heading is read as one only from this many entries on.
_MIN_HEADINGLESS_ENTRIES = 2


def trailing_history_start(
    content: list[CleanLine], start: int, read_age: Callable[[str], Age | None] = parse_age
) -> int:
    """Where a history list whose heading the scraper lost begins: a run of at least two
    entries (title, optional label, age line) that ends the page (bar boilerplate such as
    ``Discover Related``) and stands after a blank line. ``len(content)`` when there is none.

    >>> from service.normalise.page_lines import clean_text
    >>> page = "Body.\\n\\nTrump calls Putin\\nTop News\\n4 days ago\\nXi meets envoy\\n1 week ago"
    >>> content = clean_text(page).lines
    >>> trailing_history_start(content, 0)
    1
    >>> trailing_history_start(content[:4], 0)  # one entry is not a list
    4
    """
    end = len(content)
    while end > start and boilerplate_note(content[end - 1].text) is not None:
        end -= 1
    at, entries = end, 0
    while at - 2 >= start and read_age(content[at - 1].text) is not None:
        title = at - 2
        if title - 1 > start and is_label(content[title].text):
            title -= 1  # a label line between the title and its age
        if read_age(content[title].text) is not None:
            break
        at, entries = title, entries + 1
    if entries < _MIN_HEADINGLESS_ENTRIES or at == start:
        return len(content)
    blank_before = content[at].number - content[at - 1].number > 1
    return at if blank_before else len(content)


def cut_history(
    content: list[CleanLine], ctx: Context, read_age: Callable[[str], Age | None] = parse_age
) -> list[HistoryEntry]:
    """Group history lines into entries: a title, an optional label, an age line.

    Lines after the last age that are boilerplate (``Discover Related``) go to ``removed``;
    other lines without an age become entries without a time, with a warning. ``read_age``:
    how a line's age is read (the page's own memo of ``parse_age``, so each line is read once).
    """
    entries: list[HistoryEntry] = []
    pending: list[CleanLine] = []  # emptied (not replaced) after each entry: one list per page
    # A history repeats its age lines (``2 hours ago`` many times): each distinct one is
    # resolved once per page, looked up by the line's text (a string keeps its hash; an age's
    # would be computed field by field on every line).
    stamps: dict[str, Stamp | None] = {}
    for line in content:
        ctx.spend(line.number)
        text = line.text
        age = read_age(text)
        if age is None:
            pending.append(line)
            continue
        if not pending:
            ctx.remove(line, "chrome")
            continue
        if text in stamps:
            stamp = stamps[text]
        else:
            stamp = stamps[text] = resolve_age(
                age, ctx.reference, ctx.zone, two_unit_formatter=True
            )
        if stamp is None:
            ctx.warn("unparsed_time", f"age out of range: {line.text!r}", line.number)
            ctx.remove(line, "date_line")
        label = None
        if len(pending) >= 2 and is_label(pending[-1].text):
            label = pending.pop().text
        for orphan in pending[:-1]:
            entries.append(_undated_entry(orphan, ctx))
        entries.append(HistoryEntry(pending[-1].text, label, stamp, pending[-1].number))
        pending.clear()
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
    body = lines[1:]
    page.body_start = 2
    if rest:
        parts = [rest]
        glued = split_read_time(rest) if len(rest) <= 300 else None
        if glued is None:
            glued = split_glued_standfirst(rest)
        if glued is not None:
            parts = list(glued)
        body[0:0] = [CleanLine(first.number, part) for part in parts]
        page.body_start = first.number
    page.body_lines = body
    return page
