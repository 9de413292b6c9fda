"""The HTML path: markup facts, main content, dropped blocks, dates, charsets and bad HTML.

Every page here is invented, in the shapes of real news pages.
"""

from __future__ import annotations

import zlib

import pytest

from service.normalise.html import normalise_html
from service.normalise.html.decode import decode_html

REF = "2025-03-24T12:00:00Z"
PARAGRAPHS = [
    "The harbour ferry resumed its crossings on Monday after a week of repairs to the pier.",
    "Engineers replaced two of the mooring posts and a section of the gangway, the port said.",
    "Passengers queued from early morning, and the first boat left eleven minutes late.",
    "The operator said the timetable would return to its summer pattern from next month.",
]


def page(
    *,
    head: str = "",
    above: str = "",
    below: str = "",
    lang: str = "en",
    paragraphs: list[str] = PARAGRAPHS,
) -> str:
    """A news page: navigation, an article with a headline and paragraphs, a footer."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Ferry back in service | Harbour News</title>{head}</head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>'
        f"<main><article><h1>Ferry back in service</h1>{above}{body}{below}</article></main>"
        "<footer><p>Copyright Harbour News. All rights reserved.</p></footer></body></html>"
    )


JSONLD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite", "name": "Harbour News"},'
    '{"@type": "NewsArticle", "headline": "Ferry back in service",'
    ' "datePublished": "2025-03-02T09:30:00+01:00", "dateModified": "2025-03-02T11:00:00+01:00",'
    ' "author": [{"@type": "Person", "name": "Ann Reed"}, {"@type": "Person", "name": "Bo Li"}],'
    ' "image": {"@type": "ImageObject", "url": "https://example.org/ferry.jpg"},'
    ' "publisher": {"@type": "Organization", "name": "Harbour News"}}]}</script>'
    '<link rel="canonical" href="/2025/03/ferry-back">'
    '<meta property="og:site_name" content="Harbour News">'
)


def test_markup_facts_fill_the_article_and_the_new_fields() -> None:
    article = normalise_html(
        page(head=JSONLD), reference_time=REF, url="https://example.org/x?utm=1"
    )
    assert article["title"] == "Ferry back in service"
    assert article["published"]["value"] == "2025-03-02T08:30:00Z"
    # A time with a zone is exact: no interval to widen.
    assert article["published"]["earliest"] == article["published"]["latest"]
    assert article["updated"]["value"] == "2025-03-02T10:00:00Z"
    assert article["authors"] == ["Ann Reed", "Bo Li"]
    assert article["byline"] == "Ann Reed, Bo Li"
    assert article["site_name"] == "Harbour News"
    assert article["source"] == "Harbour News"
    assert article["canonical_url"] == "https://example.org/2025/03/ferry-back"
    assert article["image"] == "https://example.org/ferry.jpg"
    assert article["language"] == "en"
    assert article["paragraphs"] == PARAGRAPHS
    assert not any(w["code"] == "unparsed_time" for w in article["warnings"])
    assert len(article["fingerprint"]) == 16


def test_body_leaves_out_navigation_and_footer() -> None:
    body = normalise_html(page(), reference_time=REF)["body"]
    assert "Home" not in body and "Copyright" not in body
    assert body.split("\n\n") == PARAGRAPHS


def test_time_without_zone_follows_the_client_timezone() -> None:
    head = '<meta property="article:published_time" content="2025-03-02T09:30">'
    utc = normalise_html(page(head=head), reference_time=REF)["published"]
    kolkata = normalise_html(page(head=head), reference_time=REF, timezone="Asia/Kolkata")
    assert utc["value"] == "2025-03-02T09:30:00Z"
    assert kolkata["published"]["value"] == "2025-03-02T04:00:00Z"
    assert utc["precision"] == "minute"


def test_placeholder_dates_are_passed_over() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "0001-01-01T00:00:00Z"}</script>'
        '<meta property="article:published_time" content="2025-03-02T09:30:00Z">'
    )
    published = normalise_html(page(head=head), reference_time=REF)["published"]
    assert published["value"] == "2025-03-02T09:30:00Z"


def test_date_line_near_the_headline_when_markup_states_none() -> None:
    above = "<div class='meta'><div>By Ann Reed</div><time>March 2, 2025</time></div>"
    article = normalise_html(page(above=above), reference_time=REF)
    assert article["published"]["value"] == "2025-03-02T00:00:00Z"
    assert article["published"]["precision"] == "day"


def test_dropped_blocks_are_named_with_reasons_and_html_lines() -> None:
    below = (
        "<h3>More from the harbour</h3><ul>"
        '<li><a href="/a">Lighthouse keeper retires after forty years</a></li>'
        '<li><a href="/b">New cafe opens on the quay</a></li></ul>'
    )
    html = page(above="\n\n<h2>Crossings resume after repairs</h2>", below=below)
    article = normalise_html(html, reference_time=REF)
    assert article["paragraphs"] == PARAGRAPHS
    assert "Lighthouse" not in article["body"] and "More from" not in article["body"]
    removed = {item["text"]: item for item in article["removed"]}
    assert removed["Ferry back in service"]["reason"] == "repeated_title"
    assert removed["Crossings resume after repairs"]["reason"] == "standfirst"
    assert removed["Crossings resume after repairs"]["line"] == 3  # the HTML document's line


def test_a_list_of_content_under_a_heading_stays() -> None:
    below = "<h3>What changed</h3><ul><li>Two new mooring posts</li><li>A wider gangway</li></ul>"
    article = normalise_html(page(below=below), reference_time=REF)
    assert "Two new mooring posts" in article["body"]
    assert "What changed" in article["body"]


def test_aggregator_page_keeps_its_history() -> None:
    title = "Ferry back in service after repairs"
    html = (
        f"<html><body><h1>{title}</h1><p>2 hours ago</p><h2>{title}</h2>"
        "<p>Harbour News</p>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        + "<h3>History of this topic</h3>"
        "<p>Pier repairs to start next week</p><p>3 days ago</p>"
        "<p>Ferry timetable cut for the winter</p><p>2 months ago</p></body></html>"
    )
    article = normalise_html(html, reference_time=REF)
    assert article["format"] == "aggregator"
    assert article["title"] == title
    assert [entry["title"] for entry in article["history"]] == [
        "Pier repairs to start next week",
        "Ferry timetable cut for the winter",
    ]
    assert article["published"]["value"] == "2025-03-24T10:00:00Z"


@pytest.mark.parametrize(
    ("data", "charset", "encoding", "source"),
    [
        ("<p>café</p>".encode("cp1252"), "ISO-8859-1", "cp1252", "header"),
        ('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"), None, "cp1251", "meta"),
        ("<p>café</p>".encode(), None, "utf-8", "utf-8"),
        ("\ufeff<p>café</p>".encode("utf-16-le"), None, "utf-16", "bom"),
        ('<meta charset="no-such"><p>café</p>'.encode(), None, "utf-8", "utf-8"),
    ],
)
def test_charset_order(data: bytes, charset: str | None, encoding: str, source: str) -> None:
    decoded = decode_html(data, charset)
    assert (decoded.encoding, decoded.source) == (encoding, source)


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = "Привет, как дела? Сегодня хорошая погода в городе и на побережье. " * 20
    decoded = decode_html(f"<p>{text}</p>".encode("cp1251"))
    assert decoded.source == "detected"
    assert "Привет" in decoded.text


BODY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
HOSTILE = {
    "truncated": page()[:420],
    "deep nesting": "<html><body>" + "<div>" * 50_000 + BODY + "</div>" * 50_000,
    "deep unclosed": "<body>" + "<div><span>" * 50_000 + BODY,
    "inline script": "<head><script>" + "var a=1;" * 250_000 + "</script></head><body>" + BODY,
    "base64 image": '<body><img src="data:image/png;base64,' + "QUJD" * 500_000 + '">' + BODY,
    "many attributes": "<div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">" + BODY,
    "json-ld bomb": '<script type="application/ld+json">' + "[" * 100_000 + "</script>" + BODY,
    "nul bytes": "<html>\x00<body>\x00" + BODY + "\x00",
    "only tags": "<div><span></span></div>" * 1000,
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bad_html_never_raises(name: str) -> None:
    article = normalise_html(HOSTILE[name].encode(), reference_time=REF)
    assert isinstance(article["body"], str)
    if name not in ("only tags", "empty", "truncated"):
        assert PARAGRAPHS[0] in article["body"]
    if name in ("only tags", "empty"):
        assert any(w["code"] == "no_body" for w in article["warnings"])


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 200,
        zlib.compress(BODY.encode() * 50),
        "<p>café</p>".encode("utf-16-be"),
    ],
    ids=["all bytes", "a zip of tags", "utf-16 without a mark"],
)
def test_binary_input_never_raises(data: bytes) -> None:
    article = normalise_html(data, reference_time=REF)
    assert isinstance(article["body"], str)
    assert article["stats"]["characters"] == len(article["body"])


def test_bad_options_are_option_errors() -> None:
    from service.normalise.errors import InvalidOptionError

    with pytest.raises(InvalidOptionError):
        normalise_html(page(), timezone="Mars/Olympus")
    with pytest.raises(InvalidOptionError):
        normalise_html(12, reference_time=REF)  # type: ignore[arg-type]


def test_article_split_over_sibling_containers_is_read_whole() -> None:
    """The extractor kept the first container only (as it did on a real page with ads between
    the parts): the later siblings of the same class are read, in page order; a sibling of
    links, or one the extractor already took from, is not."""
    import lxml.html

    from service.normalise.html.blocks import Block
    from service.normalise.html.siblings import continuation_blocks

    def part(texts: list[str]) -> str:
        return '<div class="body article-body">' + "".join(f"<p>{t}</p>" for t in texts) + "</div>"

    links = "".join(
        f"<p><a href='/{n}'>Another story about the harbour and its pier, number {n}</a></p>"
        for n in range(3)
    )
    tree = lxml.html.document_fromstring(
        part(PARAGRAPHS[:2])
        + '<div class="ad">Advertisement</div>'
        + part(PARAGRAPHS[2:])
        + '<div class="body article-body">'
        + links
        + "</div>"
    )
    kept = [Block("p", text) for text in PARAGRAPHS[:2]]
    assert [b.text for b in continuation_blocks(tree, kept)] == PARAGRAPHS[2:]
    everything = [Block("p", text) for text in PARAGRAPHS[:3]]
    assert continuation_blocks(tree, everything) == []


def test_readme_example() -> None:
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "html" / "ferry.html"
    article = normalise_html(path.read_bytes(), reference_time=REF)
    assert article["title"] == "Harbour ferry back in service after repairs"
    assert [(r["line"], r["reason"]) for r in article["removed"]] == [
        (23, "repeated_title"),
        (24, "standfirst"),
    ]
    assert article["canonical_url"] == "https://news.example.org/local/2025/03/02/ferry-back"
    assert article["authors"] == ["Ann Reed"] and article["language"] == "en"
    assert len(article["paragraphs"]) == 4


def test_a_page_of_too_many_elements_goes_to_the_core_whole(monkeypatch) -> None:
    import service.normalise.html.article as article_module

    monkeypatch.setattr(article_module, "MAX_ELEMENTS", 20)
    calls: list[object] = []
    monkeypatch.setattr(article_module, "main_blocks", lambda tree: calls.append(tree) or [])
    article = normalise_html(page(), reference_time=REF)
    assert calls == []  # the extractor was not run
    assert PARAGRAPHS[0] in article["body"] and "Home" in article["body"]
