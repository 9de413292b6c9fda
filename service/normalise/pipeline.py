"""The pipeline: clean the characters, cut the layout, assemble the article.

``normalise`` is the one entry point that the CLI and the HTTP API share.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from service.normalise.body import build_paragraphs
from service.normalise.body_times import take_body_times, take_bracketed_date
from service.normalise.bounds import WorkBudget
from service.normalise.datelines import dateline_day, first_dateline
from service.normalise.errors import InvalidOptionError
from service.normalise.fingerprint import simhash_of_counts, word_counts
from service.normalise.header_zone import take_header_zone
from service.normalise.history import mark_duplicates, out_of_order
from service.normalise.known import Known, apply_known
from service.normalise.language import detect_language
from service.normalise.layout import cut_aggregator, cut_dateline, detect_layout
from service.normalise.page import Context, Page
from service.normalise.page_lines import clean_text, first_line
from service.normalise.site_furniture import (
    SiteEvidence,
    drop_site_furniture,
    explain_site_furniture,
)
from service.normalise.stamp import Stamp
from service.normalise.timeref import (
    format_instant,
    iso_date_stamp,
    load_zone,
    parse_reference_time,
    reference_instant,
)
from service.normalise.zoneevidence import page_zone, settle_zone, zone_warning


def _reference(reference_time: datetime | str | None, ctx_warnings: list) -> datetime:
    if reference_time is None:
        ctx_warnings.append(
            {
                "code": "reference_time_assumed",
                "message": "no reference_time given: relative ages are resolved against "
                "the time of normalising, not when the page was scraped; give that time "
                "(API: reference_time; command line: --reference-time)",
                "line": None,
            }
        )
        return datetime.now(UTC).replace(microsecond=0)
    if isinstance(reference_time, str):
        return parse_reference_time(reference_time)
    if reference_time.tzinfo is None or reference_time.utcoffset() is None:
        raise InvalidOptionError("reference_time", "reference_time needs an offset")
    return reference_instant(reference_time)


def normalise(
    text: str,
    *,
    reference_time: datetime | str | None = None,
    timezone: str | None = None,
    url: str | None = None,
    budget: WorkBudget | None = None,
    known: Known | None = None,
    site_furniture: SiteEvidence | None = None,
) -> dict[str, object]:
    """Normalise one raw scraped page into the contract's article (a JSON-ready dict).

    Raises ``InvalidOptionError`` for a bad ``reference_time`` or ``timezone``; never for
    the text, whatever it holds, except ``BudgetExceededError`` once the work passes the
    deadline of ``budget`` (checked once per line, so a costly page stops within one line's
    work of it). Without ``timezone``, dates are read in UTC and a clock time written without
    a zone is settled from the page's evidence (``settle_page_zones``). The answer is bounded
    by the input: warnings are capped per code and runs of removed lines with the same reason
    coalesced (``service.normalise.bounds``). ``known`` carries what the page's markup states
    (the HTML path's title, times, byline, site): the layout starts from it.
    ``site_furniture`` is what other pages of the same host in a batch or stream show
    (``service.normalise.site_furniture``): body lines repeated on them are removed as that
    site's furniture. Without it (a page alone) nothing is judged across pages.

    >>> article = normalise("Title\\n2 hours ago\\n\\nTitle\\n\\nBody text.",
    ...                     reference_time="2025-03-24T12:00:00Z")
    >>> article["format"], article["title"], article["published"]["value"], article["body"]
    ('aggregator', 'Title', '2025-03-24T10:00:00Z', 'Body text.')
    """
    if not isinstance(text, str):
        raise InvalidOptionError("text", "text must be a string")
    warnings: list[dict[str, object]] = []
    zone = load_zone(timezone or "UTC")
    reference = _reference(reference_time, warnings)
    budget = budget or WorkBudget(None)
    cleaned = clean_text(text)
    lines = cleaned.lines
    ctx = Context(
        reference,
        zone,
        timezone or "UTC",
        url,
        text[:3000],
        warnings=warnings,
        budget=budget,
        total_lines=cleaned.line_count,
        blank=cleaned.blank,
    )
    ctx.spend()
    _warn_damage(cleaned, ctx)
    layout = detect_layout(text, lines)
    if layout == "aggregator":
        page = cut_aggregator(lines, ctx)
    elif layout == "dateline":
        page = cut_dateline(first_line(text), lines, ctx)
    else:
        page = Page("plain", body_lines=lines)
    ctx.spend()
    apply_known(page, known)
    take_header_zone(page, ctx, title_allowed=layout != "aggregator")
    furniture = drop_site_furniture(page, ctx, site_furniture)
    ctx.spend()
    if layout != "aggregator" and not page.extracted:  # the article's run is to be found
        page.language = detect_language(_sample(page.body_lines))
    take_body_times(page, ctx)
    paragraphs = build_paragraphs(page, ctx)
    take_bracketed_date(page, paragraphs, ctx)
    if timezone is None:
        settle_page_zones(page, ctx)
    ctx.spend()
    if paragraphs and page.dateline is None:
        page.dateline = first_dateline(paragraphs)
        _check_dateline_day(page, ctx)
    if page.published is None:
        ctx.warn("unparsed_time", "the page states no publication time", None)
    if page.published is not None and page.published.value > reference:
        ctx.warn(
            "future_time",
            f"{page.published.text!r} lies after the reference time",
            page.published_line,
        )
    history_duplicates = mark_duplicates(page.history)
    for entry in out_of_order(page.history):
        ctx.warn(
            "history_out_of_order",
            f"{entry.title[:60]!r} is newer than the entry above",
            entry.line,
        )
    for entry in page.history:
        if entry.published is not None and entry.published.value > reference:
            ctx.warn(
                "future_time", f"{entry.published.text!r} lies after the reference time", entry.line
            )
    if not paragraphs:
        ctx.warn("no_body", "no body text was found", None)
    body = "\n\n".join(paragraphs)
    word_total, words = word_counts(body)
    removed = ctx.finished_removed()
    explain_site_furniture(removed, furniture, site_furniture)
    return {
        "format": page.format,
        "title": page.title,
        "source": page.source or _host(url),
        "url": url,
        "published": page.published.as_dict() if page.published else None,
        "updated": page.updated.as_dict() if page.updated else None,
        "byline": page.byline,
        "dateline": page.dateline,
        "body": body,
        "paragraphs": paragraphs,
        "history": [entry.as_dict() for entry in page.history],
        "removed": removed,
        "warnings": ctx.finished_warnings(),
        "stats": {
            "characters": len(body),
            "words": word_total,
            "paragraphs": len(paragraphs),
            "history_entries": len(page.history),
            "history_duplicates": history_duplicates,
        },
        "fingerprint": simhash_of_counts(words),
        "reference_time": format_instant(reference),
        "language": _language(body, known) if paragraphs else None,
    }


def _language(body: str, known: Known | None) -> str | None:
    """The language the markup declares (HTML input), else the body's, told from its text."""
    if known is not None and known.language:
        return known.language
    return detect_language(body)


def _sample(lines: list) -> str:
    """The first few thousand characters of the body lines, for telling the language."""
    picked: list[str] = []
    size = 0
    for line in lines:
        if line.text:
            picked.append(line.text)
            size += len(line.text)
            if size >= 3000:
                break
    return "\n".join(picked)


def _warn_damage(cleaned, ctx: Context) -> None:
    for number in cleaned.mojibake_lines:
        ctx.warn("mojibake_repaired", "text damaged by a wrong encoding was repaired", number)
    for number in cleaned.unrepaired_lines:
        ctx.warn(
            "mojibake_suspected",
            "text looks damaged by a wrong encoding but could not be repaired",
            number,
        )
    for number in cleaned.replacement_lines:
        ctx.warn("replacement_character", "U+FFFD: the scraper lost characters here", number)
    for number in cleaned.lone_selector_lines:
        ctx.warn(
            "replacement_character",
            "a lone U+FE0F (emoji presentation selector) was dropped: the scraper lost an "
            "emoji here",
            number,
        )


def settle_page_zones(page: Page, ctx: Context) -> None:
    """Give the page's zone-less clock times (``12:20 PM``) the zone the page makes evident,
    or widen them to every zone; say so in a warning. Only when the client sent no zone."""
    for slot in ("published", "updated"):
        stamp: Stamp | None = getattr(page, slot)
        if stamp is None or not stamp.local:
            continue
        evidence = page_zone(ctx.head, ctx.url)
        try:
            settled = settle_zone(stamp, evidence)
        except (OverflowError, ValueError):
            continue  # at the calendar's edge: keep the reading in UTC
        setattr(page, slot, settled)
        ctx.warn(*zone_warning(stamp, evidence), page.published_line)


def _check_dateline_day(page: Page, ctx: Context) -> None:
    """Warn when an agency dateline (``Amaravati, April 10 (PTI)``) names another day than the
    page's publication date; the page's date is kept."""
    if page.dateline is None or page.published is None or page.published.kind != "absolute":
        return
    local = page.published.value.astimezone(ctx.zone).date()
    if page.published.precision == "month":
        # A month-only date (`` date 2018-01 ``) takes the day an agency dateline in that month
        # names (``TOKYO, Jan 4 (Reuters)``).
        day = dateline_day(page.dateline["text"] or "", local)
        if day is not None and (day.year, day.month) == (local.year, local.month):
            stamp = iso_date_stamp(day.isoformat(), ctx.zone)
            if stamp is not None:
                page.published = replace(stamp, text=page.dateline["text"] or stamp.text)
                page.published_line = page.first_paragraph_line
        return
    day = dateline_day(page.dateline["text"] or "", local)
    if day is not None and day != local:
        ctx.warn(
            "conflicting_dates",
            f"the dateline {page.dateline['text']!r} names {day.isoformat()}, the page's date is "
            f"{local.isoformat()}",
            page.first_paragraph_line,
        )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host or None
