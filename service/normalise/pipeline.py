"""The pipeline: clean the characters, cut the layout, assemble the article.

``normalise`` is the one entry point that the CLI and the HTTP API share.
"""

from __future__ import annotations

from datetime import UTC, datetime

from service.normalise.body import build_paragraphs, dateline_day, read_dateline
from service.normalise.errors import InvalidOptionError
from service.normalise.fingerprint import simhash_of_counts, word_counts
from service.normalise.history import mark_duplicates, out_of_order
from service.normalise.layout import (
    cut_aggregator,
    cut_dateline,
    detect_layout,
    take_header_zone,
)
from service.normalise.page import Context, Page
from service.normalise.text import clean_text, split_lines
from service.normalise.timeref import (
    format_instant,
    load_zone,
    parse_reference_time,
    reference_instant,
)


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
    timezone: str = "UTC",
    url: str | None = None,
) -> dict[str, object]:
    """Normalise one raw scraped page into the contract's article (a JSON-ready dict).

    Raises ``InvalidOptionError`` for a bad ``reference_time`` or ``timezone``; never for
    the text, whatever it holds.

    >>> article = normalise("Title\\n2 hours ago\\n\\nTitle\\n\\nBody text.",
    ...                     reference_time="2025-03-24T12:00:00Z")
    >>> article["format"], article["title"], article["published"]["value"], article["body"]
    ('aggregator', 'Title', '2025-03-24T10:00:00Z', 'Body text.')
    """
    if not isinstance(text, str):
        raise InvalidOptionError("text", "text must be a string")
    warnings: list[dict[str, object]] = []
    zone = load_zone(timezone)
    reference = _reference(reference_time, warnings)
    cleaned = clean_text(text)
    ctx = Context(reference, zone, timezone, url, text[:3000], warnings=warnings)
    _warn_damage(cleaned, ctx)
    lines = cleaned.lines
    layout = detect_layout(text, lines)
    if layout == "aggregator":
        page = cut_aggregator(lines, ctx)
    elif layout == "dateline":
        page = cut_dateline(split_lines(text)[0], lines, ctx)
    else:
        page = Page("plain", body_lines=lines)
    take_header_zone(page, ctx, title_allowed=layout != "aggregator")
    paragraphs = build_paragraphs(page, ctx)
    if paragraphs and page.dateline is None:
        page.dateline = read_dateline(paragraphs[0])
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
    ctx.removed.sort(key=lambda item: item["line"])
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
        "removed": ctx.removed,
        "warnings": ctx.warnings,
        "stats": {
            "characters": len(body),
            "words": word_total,
            "paragraphs": len(paragraphs),
            "history_entries": len(page.history),
            "history_duplicates": history_duplicates,
        },
        "fingerprint": simhash_of_counts(words),
        "reference_time": format_instant(reference),
    }


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


def _check_dateline_day(page: Page, ctx: Context) -> None:
    """Warn when an agency dateline (``Amaravati, April 10 (PTI)``) names another day than the
    page's publication date; the page's date is kept."""
    if page.dateline is None or page.published is None or page.published.kind != "absolute":
        return
    local = page.published.value.astimezone(ctx.zone).date()
    if page.published.precision == "month":
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
