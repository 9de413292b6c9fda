"""The article's closed vocabularies, with the meaning of each word (documented in the spec).

These tables are the API's promise: a value the core emits that is missing here fails the
API tests (the response schemas use them as enums), so adding one is a deliberate change.

>>> "repeated_title" in REMOVAL_REASONS and "reference_time_assumed" in WARNING_CODES
True
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "aggregator": "A news aggregator's article page: title, age, source, body, history.",
    "dateline": "A crawler's dump opening with ` date YYYY-MM-DD ` and the body.",
    "plain": "Anything else: still cleaned, with dates found where they are unambiguous.",
}

PRECISIONS: tuple[str, ...] = ("second", "minute", "hour", "day", "week", "month", "year")

REMOVAL_REASONS: dict[str, str] = {
    "repeated_title": "The title printed again (e.g. under the age line).",
    "repeated_paragraph": "A paragraph that repeats an earlier one word for word.",
    "section_heading": "A section heading such as `History of this topic`.",
    "boilerplate": "Site furniture such as `Discover Related`, `Advertisement`, `Share`.",
    "dateline_header": "The ` date YYYY-MM-DD ` prefix of the dateline layout.",
    "chrome": "Navigation, breadcrumbs and menus (`Home States Tamil Nadu`, `HamberMenu`).",
    "caption": "A photo caption (ending `Photo Credit: …`).",
    "byline": "A byline line, kept in `byline`.",
    "date_line": "A line that only states a date, or when the article itself was published "
    "(`This story was first published on …`), kept in `published`/`updated`.",
    "above_headline": "Page furniture above the headline (menus, banners, other stories' "
    "headlines): the article starts at its headline.",
    "promo": "A line promoting another story or the site (`Also Read: …`, `Disclaimer: …`).",
    "other_stories": "A run of other stories' headlines inside the article (links to them).",
    "before_article": "On a page saved whole, what stands above the article's first paragraph "
    "and is not its text: menus, section lists, other stories' headlines and excerpts, "
    "separated from the article's prose by a stretch of short lines.",
    "after_article": "What follows the article's last paragraph: a heading such as `Related "
    "Stories` or `Most Read` and all below it, other stories' headlines and cut-short excerpts, "
    "and a series of records each opened by a short dated line (readers' comments, dated lists "
    "of other stories).",
    "standfirst": "HTML input: a heading above the article's first paragraph (a summary line "
    "or kicker), not the article's text.",
    "site_furniture": "Batches and streams: a short line that stands on at least two other "
    "pages of the same host (from `url`) in the same request, so it is the site's template "
    "(menus, footers, prompts), not this article's; `detail` says on how many pages. Never the "
    "title, a date line or a byline. Off with `site_furniture=false`.",
}

WARNING_CODES: dict[str, str] = {
    "reference_time_assumed": "No `reference_time` was given: the time of normalising was used.",
    "mojibake_repaired": "Text damaged by a wrong encoding was repaired.",
    "mojibake_suspected": "Text looks damaged by a wrong encoding but was left as it is.",
    "replacement_character": "The page holds U+FFFD replacement characters (lost text).",
    "future_time": "A time lies after `reference_time`.",
    "history_out_of_order": "History entries are not in time order.",
    "unparsed_time": "A time was found but could not be read.",
    "conflicting_dates": "The page states dates that disagree; `published` keeps the best one.",
    "ambiguous_date": "A date such as `04-06-2025` could be read day-first or month-first.",
    "zone_from_page": "A date or time the page wrote without a zone, and no `timezone` was sent: "
    "it was read in the zone the page makes evident (a zone or offset it states elsewhere, its "
    "country's domain, its dateline's place), which the message names; a country with several "
    "zones gives an interval over all of them. Send `timezone` to decide it yourself.",
    "zone_unknown": "A date or time the page wrote without a zone, no `timezone` was sent and "
    "the page makes none evident: `value` reads it as UTC and `earliest`/`latest` are widened "
    "to every zone it could have been written in (UTC-12 to UTC+14). Trust the interval, not "
    "the value's hour.",
    "no_body": "No body text was found.",
}


def markdown_table(header: tuple[str, str], rows: dict[str, str]) -> str:
    """A two-column markdown table for the spec's descriptions.

    >>> print(markdown_table(("code", "meaning"), {"a": "b"}))
    | code | meaning |
    | --- | --- |
    | `a` | b |
    """
    lines = [f"| {header[0]} | {header[1]} |", "| --- | --- |"]
    lines += [f"| `{key}` | {text} |" for key, text in rows.items()]
    return "\n".join(lines)
