"""Properties of ``normalise`` that hold for any text at all (hypothesis).

For arbitrary text, and for pages assembled from the parts real aggregator, dateline and
plain pages are made of:

* it never raises (only ``InvalidOptionError``, and only for bad options);
* the article matches the contract's types (``check_article`` below is the contract's
  field list written as code);
* nothing is lost: every word of every non-blank input line, after the same character
  cleaning, appears in a field of the article or in ``removed``;
* it is deterministic: the same input gives the same JSON bytes;
* ``body`` is idempotent: normalising the body again gives the same body.

The runs are derandomized (the same examples every time). ``RUN_SLOW=1`` runs ten times as
many examples::

    RUN_SLOW=1 .venv/bin/pytest tests/test_properties.py
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.normalise import InvalidOptionError, normalise
from service.normalise.history import title_key
from service.normalise.page_lines import clean_text
from service.normalise.text import clean_line, clean_lines, split_lines

REFERENCE_TIME = "2025-03-24T12:00:00Z"
EXAMPLES = 2500 if os.environ.get("RUN_SLOW") else 250

PROPERTY_SETTINGS = settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# --- the contract's types, as code -------------------------------------------------------------

ARTICLE_KEYS = [
    "format",
    "title",
    "source",
    "url",
    "published",
    "updated",
    "byline",
    "dateline",
    "body",
    "paragraphs",
    "history",
    "removed",
    "warnings",
    "stats",
    "fingerprint",
    "reference_time",
    "language",
]
FORMATS = {"aggregator", "dateline", "plain"}
KINDS = {"relative", "absolute"}
PRECISIONS = {"second", "minute", "hour", "day", "week", "month", "year"}
REMOVED_REASONS = {
    "repeated_title",
    "repeated_paragraph",
    "section_heading",
    "boilerplate",
    "dateline_header",
    "chrome",
    "caption",
    "byline",
    "date_line",
    "above_headline",
    "promo",
    "after_article",
    "other_stories",
}
WARNING_CODES = {
    "reference_time_assumed",
    "mojibake_repaired",
    "mojibake_suspected",
    "replacement_character",
    "future_time",
    "history_out_of_order",
    "unparsed_time",
    "conflicting_dates",
    "ambiguous_date",
    "zone_from_page",
    "zone_unknown",
    "no_body",
}
RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
FINGERPRINT = re.compile(r"[0-9a-f]{16}")
# What the body may not hold after cleaning: odd spaces, zero-width and control characters.
BODY_FORBIDDEN = re.compile(
    "[\u00a0\u1680\u2000-\u200c\u200e\u200f\u202a-\u202f\u205f\u2060-\u2064\u3000\ufeff"
    "\t\r\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def _is_str(value: Any) -> bool:
    return type(value) is str


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is an int in Python, but not in JSON


def _optional_str(value: Any) -> bool:
    return value is None or _is_str(value)


def check_timestamp(stamp: Any, where: str) -> None:
    """A contract Timestamp: text, kind, value inside [earliest, latest], precision."""
    assert type(stamp) is dict, where
    assert list(stamp) == ["text", "kind", "value", "earliest", "latest", "precision"], where
    assert _is_str(stamp["text"]) and stamp["text"], where
    assert stamp["kind"] in KINDS, where
    assert stamp["precision"] in PRECISIONS, where
    for bound in ("value", "earliest", "latest"):
        assert _is_str(stamp[bound]) and RFC3339_UTC.fullmatch(stamp[bound]), (where, stamp)
    # Fixed-width RFC 3339 strings in UTC order as the instants do.
    assert stamp["earliest"] <= stamp["value"] <= stamp["latest"], (where, stamp)


def check_article(article: Any, *, lines: int, reference_time: str = REFERENCE_TIME) -> None:
    """Every field of the article as CONTRACT.md defines it (``lines``: input line count)."""
    assert type(article) is dict
    assert list(article) == ARTICLE_KEYS
    assert article["format"] in FORMATS
    for key in ("title", "source", "url", "byline"):
        assert _optional_str(article[key]), key
        assert article[key] != "", key  # absent is null, not empty
    for key in ("published", "updated"):
        if article[key] is not None:
            check_timestamp(article[key], key)
    language = article["language"]
    assert language is None or (_is_str(language) and len(language) == 2 and language.islower())
    dateline = article["dateline"]
    if dateline is not None:
        assert type(dateline) is dict and list(dateline) == ["place", "agency", "text"]
        assert _optional_str(dateline["place"]) and _optional_str(dateline["agency"])
        assert _is_str(dateline["text"])

    body, paragraphs = article["body"], article["paragraphs"]
    assert _is_str(body) and type(paragraphs) is list
    assert all(_is_str(p) and p for p in paragraphs)
    assert body == "\n\n".join(paragraphs)
    for paragraph in paragraphs:
        assert "\n\n" not in paragraph and "\r" not in paragraph
        assert paragraph == paragraph.strip(), paragraph
        assert "  " not in paragraph, paragraph
        assert not BODY_FORBIDDEN.search(paragraph), paragraph
        assert unicodedata.is_normalized("NFC", paragraph), paragraph

    history = article["history"]
    assert type(history) is list
    for index, entry in enumerate(history):
        assert type(entry) is dict
        assert list(entry) == ["title", "label", "published", "duplicate_of"]
        assert _is_str(entry["title"]) and entry["title"]
        assert _optional_str(entry["label"])
        if entry["published"] is not None:
            check_timestamp(entry["published"], f"history[{index}]")
        first = entry["duplicate_of"]
        if first is not None:
            assert _is_int(first) and 0 <= first < index
            assert history[first]["duplicate_of"] is None

    removed = article["removed"]
    assert type(removed) is list
    for item in removed:
        # ``last_line`` only on a coalesced run of removed lines (the bounded-answers addition).
        assert type(item) is dict and list(item) in (
            ["line", "reason", "text"],
            ["line", "reason", "text", "last_line"],
        )
        assert _is_int(item["line"]) and 1 <= item["line"] <= lines, item
        if "last_line" in item:
            assert _is_int(item["last_line"]) and item["line"] < item["last_line"] <= lines
        assert item["reason"] in REMOVED_REASONS, item
        assert _is_str(item["text"])
    assert [item["line"] for item in removed] == sorted(item["line"] for item in removed)

    warnings = article["warnings"]
    assert type(warnings) is list
    for warning in warnings:
        # ``omitted`` only on the final warning of a capped code (the bounded-answers addition).
        assert type(warning) is dict and list(warning) in (
            ["code", "message", "line"],
            ["code", "message", "line", "omitted"],
        )
        assert warning["code"] in WARNING_CODES, warning
        assert _is_str(warning["message"]) and warning["message"]
        assert warning["line"] is None or (_is_int(warning["line"]) and warning["line"] >= 1)

    stats = article["stats"]
    assert list(stats) == [
        "characters",
        "words",
        "paragraphs",
        "history_entries",
        "history_duplicates",
    ]
    assert all(_is_int(value) for value in stats.values())
    assert stats["characters"] == len(body)
    assert stats["words"] == len(body.split())
    assert stats["paragraphs"] == len(paragraphs)
    assert stats["history_entries"] == len(history)
    assert stats["history_duplicates"] == sum(e["duplicate_of"] is not None for e in history)

    assert _is_str(article["fingerprint"]) and FINGERPRINT.fullmatch(article["fingerprint"])
    assert article["reference_time"] == reference_time


# --- nothing lost ------------------------------------------------------------------------------

# A word: a run of letters, or a run of digits (a reading time glued to a headline,
# ``districts1 min read``, is split there, so letters and digits are words apart).
WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> set[str]:
    """The words of a text.

    >>> sorted(words("districts1 min read, Trump’s"))
    ['1', 'Trump', 'districts', 'min', 'read', 's']
    """
    return set(WORD.findall(text))


def output_texts(article: dict[str, Any]) -> list[str]:
    """Every text field a word of the input may end up in, except ``removed``."""
    texts = [article["title"], article["source"], article["byline"], article["body"]]
    for key in ("published", "updated"):
        if article[key] is not None:
            texts.append(article[key]["text"])
    if article["dateline"] is not None:
        texts.append(article["dateline"]["text"])
    for entry in article["history"]:
        texts += [entry["title"], entry["label"]]
        if entry["published"] is not None:
            texts.append(entry["published"]["text"])
    return [text for text in texts if text]


def lost_words(raw: str, article: dict[str, Any]) -> dict[int, set[str]]:
    """Words of each non-blank input line (cleaned as the core cleans it) found nowhere.

    A ``removed`` item only accounts for the words of the line it cites.
    """
    kept = words("\n".join(output_texts(article)))
    removed: dict[int, set[str]] = {}
    for item in article["removed"]:
        # A coalesced run cites its first and last lines and holds every line's text.
        for number in range(item["line"], item.get("last_line", item["line"]) + 1):
            removed.setdefault(number, set()).update(words(item["text"]))
    lost = {}
    for line in clean_text(raw).lines:
        missing = words(line.text) - kept - removed.get(line.number, set())
        if missing:
            lost[line.number] = missing
    return lost


# --- strategies --------------------------------------------------------------------------------

ODD_CHARACTERS = [
    "\r",
    "\n",
    "\r\n",
    "\u00a0",
    "\ufeff",
    "\u200b",
    "\u200d",
    "\t",
    "\x00",
    "\x1b",
    "\x85",
    "\u2028",
    "\u2019",
    "\u201c",
    "\u201d",
    "\u2014",
    "\ufffd",
    "\u0301",
    "â€™",
    "&amp;",
    "&#39;",
    "**",
    " ",
    "  ",
]

# Pieces, not only characters: ``\r\n``, mojibake and entities are several characters long.
arbitrary_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(list("abc XYZ 019 .,:;!?-")),
    ),
    max_size=300,
).map("".join)

VOCABULARY = [
    "Putin",
    "Xi",
    "Trump’s",
    "Trumpâ€™s",
    "talks",
    "on",
    "March",
    "18",
    "2025",
    "the",
    "said",
    "Hindu",
    "“quoted”",
    "U.S.",
    "envoy",
    "PTI",
    "MADURAI:",
    "by",
    "By",
    "ago",
    "2",
    "hours",
    "yesterday",
    "Share",
    "café",
    "cafe\u0301",
    "AT&amp;T",
    "**bold**",
    "\u200bzero",
    "naïve",
    "—",
    "10:30",
    "IST",
    "Top",
    "News",
]
words_st = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12)
phrase = words_st.map(" ".join)
sentence = words_st.map(lambda ws: " ".join(ws) + ".")

AGES = [
    "2\u00a0months ago",
    "1\u00a0month ago",
    "4\u00a0days, 10\u00a0hours ago",
    "6\u00a0days, 23\u00a0hours ago",
    "1\u00a0week ago",
    "an hour ago",
    "1 minute ago",
    "just now",
    "yesterday",
    "3 hours ago",
    "5 mins ago",
    "2h ago",
    "1d ago",
    "in 2 hours",
    "999999999999 years ago",
    "0\u00a0minutes ago",
    "1 year, 11 months ago",
]
age_line = st.sampled_from(AGES)
HEADER_LINES = [
    "Published: 23 February 2024",
    "Updated 3 hours ago",
    "Last updated: 12 March 2024 10:04 IST",
    "Friday, May 23, 2025 at 4:29:25 AM",
    "By Express News Service",
    "Updated On: 12 May, 2024 07:19 AM IST | Doha | PTI",
    "March 18, 2025",
    "2025-01-21",
    "Police at the site. | Photo Credit: PTI",
    "Published: 9999-12-31",
    "Share",
    "Advertisement",
]
FOOTERS = ["Discover Related", "Share", "Please follow and like us:", "Advertisement", "PTI AB CD"]
LABELS = ["Top News", "Trending News", "Breaking News"]
LINE_ENDS = ["\n", "\r\n", "\r"]
PADDING = ["", " ", "\u00a0", "\u00a0\u00a0", "\t", " \u200b"]


@st.composite
def aggregator_page(draw: st.DrawFn) -> str:
    """Title, age, repeated title, source, body, history and footer, any of them varied."""
    title = draw(phrase)
    pad = st.sampled_from(PADDING)
    lines = [title + draw(pad), draw(age_line), ""]
    if draw(st.booleans()):
        lines += [draw(st.sampled_from([title, title.upper(), title + "!"])), ""]
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(["The Hindu", "Reuters", "NDTV"])) + draw(pad), ""]
    for _ in range(draw(st.integers(0, 4))):
        lines += [draw(sentence) + draw(pad), *[""] * draw(st.integers(1, 3))]
    if draw(st.booleans()):
        lines += ["History of this topic", ""]
        for _ in range(draw(st.integers(0, 5))):
            lines.append(draw(phrase))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(LABELS)))
            if draw(st.integers(0, 5)):
                lines.append(draw(age_line))
            lines.append("")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(FOOTERS)))
    return _assemble(draw, lines)


@st.composite
def dateline_page(draw: st.DrawFn) -> str:
    """`` date YYYY-MM-DD `` then the first paragraph on the same line, then more paragraphs."""
    day = draw(st.sampled_from(["2025-01-21", "2024-02-29", "2025-02-30", "2025-13-01", "2025-01"]))
    lines = [draw(st.sampled_from([" ", ""])) + f"date {day} " + draw(sentence)]
    for _ in range(draw(st.integers(0, 4))):
        lines += ["", draw(st.one_of(sentence, phrase, st.sampled_from(HEADER_LINES)))]
    return _assemble(draw, lines)


@st.composite
def plain_page(draw: st.DrawFn) -> str:
    """Header lines (headline, byline, dates, captions) above a body, boilerplate between."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(phrase))
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from(HEADER_LINES + AGES)))
    for _ in range(draw(st.integers(0, 5))):
        lines.append(draw(st.one_of(sentence, phrase, st.sampled_from(FOOTERS))))
        lines += [""] * draw(st.integers(0, 2))
    return _assemble(draw, lines)


def _assemble(draw: st.DrawFn, lines: list[str]) -> str:
    end = draw(st.sampled_from(LINE_ENDS))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + end.join(lines) + draw(st.sampled_from(["", end]))


pages = st.one_of(arbitrary_text, aggregator_page(), dateline_page(), plain_page())


def run(text: str) -> dict[str, Any]:
    return normalise(text, reference_time=REFERENCE_TIME)


def line_count(text: str) -> int:
    return clean_text(text).line_count


# --- the properties ----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(pages)
def test_never_raises_and_matches_the_contract_types(text: str) -> None:
    check_article(run(text), lines=line_count(text))


@PROPERTY_SETTINGS
@given(pages)
def test_nothing_is_lost(text: str) -> None:
    article = run(text)
    assert lost_words(text, article) == {}, repr(text)


@PROPERTY_SETTINGS
@given(pages)
def test_deterministic(text: str) -> None:
    first = json.dumps(run(text), ensure_ascii=False)
    second = json.dumps(run(text), ensure_ascii=False)
    assert first == second, repr(text)


@PROPERTY_SETTINGS
@given(pages)
def test_body_is_idempotent(text: str) -> None:
    body = run(text)["body"]
    assert run(body)["body"] == body, (repr(text), repr(body))


@PROPERTY_SETTINGS
@given(
    pages,
    st.one_of(
        st.none(),
        st.text(max_size=40),
        st.sampled_from(
            [
                "2025-03-24T12:00:00Z",
                "2025-03-24T12:00:00+05:30",
                "2025-03-24",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "2025-03-24T12:00:00.123456-08:00",
            ]
        ),
    ),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(["UTC", "Asia/Kolkata", "America/New_York", "Nowhere/Land", "../etc", ""]),
    ),
)
def test_only_bad_options_raise_and_only_invalid_option_error(
    text: str, reference_time: str | None, timezone: str
) -> None:
    try:
        article = normalise(text, reference_time=reference_time, timezone=timezone)
    except InvalidOptionError as error:
        assert error.field in {"reference_time", "timezone"}
        return
    check_article(article, lines=line_count(text), reference_time=article["reference_time"])
    codes = {warning["code"] for warning in article["warnings"]}
    assert ("reference_time_assumed" in codes) == (reference_time is None)


# --- the checker itself fails on broken articles -----------------------------------------------


@PROPERTY_SETTINGS
@given(pages)
def test_cleaning_the_page_at_once_equals_cleaning_each_line(text: str) -> None:
    """``clean_lines`` (the page in a few passes) is exactly ``clean_line`` on every line."""
    lines = split_lines(text)
    assert clean_lines(lines) == [clean_line(line) for line in lines]


@PROPERTY_SETTINGS
@given(arbitrary_text)
def test_title_key_keeps_exactly_the_word_characters(text: str) -> None:
    """The translate fast path equals the plain rule: casefold, drop every ``[\\W_]``."""
    assert title_key(text) == re.sub(r"[\W_]+", "", text.casefold())


def test_the_type_checker_rejects_broken_articles() -> None:
    good = run("A headline here\n2 hours ago\n\nA headline here\n\nBody text.")
    check_article(good, lines=5)
    broken = [
        {**good, "format": "html"},
        {**good, "title": ""},
        {**good, "body": good["body"] + "\u00a0x"},
        {**good, "stats": {**good["stats"], "words": True}},
        {**good, "fingerprint": "ABCDEF0123456789"},
        {**good, "published": {**good["published"], "earliest": "2025-03-25T00:00:00Z"}},
        {**good, "removed": [{"line": 9, "reason": "repeated_title", "text": "x"}]},
        {key: value for key, value in good.items() if key != "updated"},
    ]
    for article in broken:
        with pytest.raises(AssertionError):
            check_article(article, lines=5)


def test_the_lost_word_check_notices_a_dropped_line() -> None:
    text = "A headline here\n2 hours ago\n\nA headline here\n\nBody text.\n\nShare"
    article = run(text)
    assert lost_words(text, article) == {}
    assert {"line": 8, "reason": "boilerplate", "text": "Share"} in article["removed"]
    moved = {
        **article,
        "removed": [{**item, "line": item["line"] + 1} for item in article["removed"]],
    }
    assert lost_words(text, moved) == {8: {"Share"}}  # removed items count for their line only
    article["body"] = ""
    article["paragraphs"] = []
    assert lost_words(text, article) == {6: {"Body", "text"}}


# --- minimal inputs the properties failed on -------------------------------------------------
#
# Those still failing are strict xfails, as in ``tests/cases/known-failures.json``: when the
# core is fixed the case passes, the xfail turns into a failure, and the mark should go.

KNOWN_FAILURES = [
    pytest.param("Y\x08\u0301", id="nfc-after-control-removal"),
    # Found by these properties and fixed in the core since: they must keep passing.
    pytest.param("\u00c5\x1b\u00af", id="mojibake-revealed-by-cleaning"),
    pytest.param("x\u00a0\u00c2\x80", id="mojibake-beside-nbsp"),
    pytest.param("Trump\x81\u00e2\u20ac\u2122s", id="mojibake-beside-c1-control"),
    pytest.param("**0\na**", id="markdown-bold-made-by-a-soft-wrap-join"),
    pytest.param("Putin\n999999999999 years ago\n\nHistory of this topic\n", id="huge-age-line"),
    pytest.param("Putin\nPublished: 23 February 2024\nUpdated 3 hours ago", id="two-time-lines"),
]


@pytest.mark.parametrize("text", KNOWN_FAILURES)
def test_known_failures(text: str) -> None:
    article = run(text)
    check_article(article, lines=line_count(text))
    assert lost_words(text, article) == {}
    assert run(article["body"])["body"] == article["body"]


def test_nbsp_before_mojibake_is_repaired_not_garbled() -> None:
    """A NO-BREAK SPACE right before ``â€™`` must not be swallowed by the repair."""
    article = run("Trump\u00a0\u00e2\u20ac\u2122s visit")
    assert article["body"] in ("Trump ’s visit", "Trump’s visit")
