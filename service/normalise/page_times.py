"""Choosing the page's ``published`` and ``updated`` among the time statements its header
makes: the page's own labelled statement first, crawl-day banners set aside.
"""

from __future__ import annotations

import heapq
from itertools import chain

from service.normalise.page import Context, Page
from service.normalise.statements import TimeStatement
from service.normalise.text import CleanLine
from service.normalise.timeref import Stamp


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
    for index, (line, statement) in enumerate(statements):
        ctx.remove(line, "chrome" if index in crawl_days else "date_line")
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
    usable = [item for index, item in enumerate(statements) if index not in crawl_days]
    for _, statement in usable:
        if statement.updated is not None and page.updated is None:
            page.updated = statement.updated
    dated = [item for item in usable if item[1].published is not None]
    labelled = [item for item in dated if item[1].labelled]
    timed = [item for item in dated if item[1].published.precision in ("minute", "second")]
    candidates = labelled or timed or dated
    if not candidates:
        return
    first_line, chosen = candidates[0]
    adopt_statement(page, first_line.number, chosen, dated, ctx)


def adopt_statement(
    page: Page,
    number: int | None,
    chosen: TimeStatement,
    dated: list[tuple[CleanLine, TimeStatement]],
    ctx: Context,
) -> None:
    """Make a statement's publication time the page's, unless the page states one already:
    then it only refines that one on the same day (a time of day, a day in a month-only
    dateline prefix), and a disagreement is warned about. ``dated``: the other statements,
    warned about where they disagree with the one taken; ``number``: the statement's line.

    >>> from datetime import UTC, datetime
    >>> from service.normalise.statements import read_time_line
    >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC)
    >>> page = Page("dateline", prefix_day="2024-05")
    >>> page.published = read_time_line("May 2024", UTC, ctx.reference).published
    >>> statement = read_time_line("Published: 4 May 2024", UTC, ctx.reference)
    >>> adopt_statement(page, 9, statement, [], ctx)
    >>> page.published.value.isoformat(), page.published_line
    ('2024-05-04T00:00:00+00:00', 9)
    """
    stated = chosen.published
    assert stated is not None
    current = page.published
    if current is None:
        page.published = stated
        page.published_line = number
        _warn_disagreements(chosen, dated, ctx)
        return
    if _same_day(page, current, chosen):
        if stated.precision in ("minute", "second", "hour") or (
            current.precision == "month" and stated.precision == "day"
        ):
            page.published = stated
            page.published_line = number
        return
    ctx.warn(
        "conflicting_dates",
        f"the page also states {stated.text!r}, which disagrees with {current.text!r}",
        number,
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
    """Statements (their indices: lines may share one statement, read once) that are the day
    the page was crawled, not the article's date: an unlabelled weekday date (or today's date)
    with nothing else on the line, or any unlabelled date above the headline, later than
    another date the page states."""
    crawl: set[int] = set()
    reference_day = ctx.reference.astimezone(ctx.zone).date()
    # The two earliest ends among all stated dates, found once: "is another date older than
    # this one" then costs one comparison per statement, so a page of many dates stays linear.
    ends = (
        (s.published.latest, index)
        for index, (_, s) in enumerate(statements)
        if s.published is not None
    )
    if page.format == "dateline" and page.published is not None:
        ends = chain(ends, [(page.published.latest, -1)])  # the dateline prefix's date
    oldest = heapq.nsmallest(2, ends)
    for index, (line, statement) in enumerate(statements):
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
        other_end = next((end for end, owner in oldest if owner != index), None)
        if other_end is not None and other_end < stamp.earliest:
            crawl.add(index)
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
