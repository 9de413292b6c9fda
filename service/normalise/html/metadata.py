"""What a page's markup states outright: headline, times, authors, site, address, image, language.

Three sources, read once each from the parsed tree: JSON-LD (each ``<script
type="application/ld+json">`` parsed on its own, so one malformed script costs only itself;
the ``@graph`` flattened; the item of an article type chosen), the ``<meta>`` tags (Open Graph
``property``, ``name`` and ``itemprop``, keys lower-cased), and a few elements (``<html lang>``,
``<link rel=canonical>``, ``<title>``, the first ``<h1>``, ``<time datetime>``).

>>> import lxml.html
>>> tree = lxml.html.document_fromstring(
...     '<html lang="en-GB"><head><title>Ferry back | Harbour News</title>'
...     '<meta property="og:site_name" content="Harbour News">'
...     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry back",'
...     ' "datePublished": "2025-03-02T09:30:00+01:00", "author": {"name": "Ann Reed"}}'
...     '</script></head><body><h1>Ferry back</h1><p>Text.</p></body></html>')
>>> markup = read_markup(tree, "https://example.org/a?x=1")
>>> markup.title, markup.published, markup.authors, markup.site_name, markup.language
('Ferry back', ['2025-03-02T09:30:00+01:00'], ['Ann Reed'], 'Harbour News', 'en')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml.html import HtmlElement

from service.normalise.html import vocab

_SPACE = re.compile(r"\s+")
_BY = re.compile(r"^(?:by|von|por|par|di|door|av)\s+", re.IGNORECASE)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?=$|[-_])")
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_MAX_JSONLD = 200_000  # characters of one script: beyond that it is data, not page facts


@dataclass(slots=True)
class Markup:
    """The page facts found in markup, as written (times still as strings)."""

    title: str | None = None
    published: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    language: str | None = None
    description: str | None = None
    headings: list[str] = field(default_factory=list)


def clean(value: object) -> str | None:
    """One line of text from a markup value (spaces folded); None when empty or not text.

    >>> clean("  Ferry \\n back "), clean(""), clean(3)
    ('Ferry back', None, None)
    """
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text or None


def meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """Every ``<meta>``'s content under its lower-cased ``property``, ``name`` and ``itemprop``.

    >>> import lxml.html
    >>> tree = lxml.html.document_fromstring('<meta property="og:Title" content=" A ">')
    >>> meta_values(tree)
    {'og:title': ['A']}
    """
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = clean(meta.get("content"))
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            for key in (meta.get(attribute) or "").lower().split():
                values.setdefault(key, []).append(content)
    return values


def jsonld_items(tree: HtmlElement) -> list[dict]:
    """The JSON-LD objects of the page, ``@graph`` members and top-level lists flattened.

    >>> import lxml.html
    >>> tree = lxml.html.document_fromstring('<script type="application/ld+json">'
    ...     '{"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle"}]}</script>'
    ...     '<script type="application/ld+json">{broken</script>')
    >>> [item["@type"] for item in jsonld_items(tree)]
    ['WebSite', 'NewsArticle']
    """
    items: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text or len(text) > _MAX_JSONLD:
            continue
        data = _lenient_json(text)
        if data is None:
            continue
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)
            else:
                items.append(item)
    return items


def _lenient_json(text: str) -> object:
    """JSON as pages write it: strict first, then once more without trailing commas.

    >>> _lenient_json('{"a": [1, 2, ], }'), _lenient_json("{nope")
    ({'a': [1, 2]}, None)
    """
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _types(item: dict) -> list[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


def article_item(items: list[dict]) -> dict:
    """The JSON-LD item that describes the article (the best article type), or ``{}``.

    >>> article_item([{"@type": "WebPage", "name": "w"}, {"@type": ["NewsArticle"]}])
    {'@type': ['NewsArticle']}
    """
    best, rank = {}, len(vocab.ARTICLE_TYPES) + 1
    for item in items:
        for kind in _types(item):
            if kind in vocab.ARTICLE_TYPES:
                place = vocab.ARTICLE_TYPES.index(kind)
            elif kind.endswith(("Article", "Posting")):
                place = len(vocab.ARTICLE_TYPES) - 2  # a subtype schema.org added later
            else:
                continue
            if place < rank:
                best, rank = item, place
    return best


def names(value: object) -> list[str]:
    """People's names from a JSON-LD ``author`` (a string, a Person, or a list of them).

    >>> names([{"@type": "Person", "name": "Ann Reed"}, "By Bo Li", {"url": "x"}])
    ['Ann Reed', 'Bo Li']
    """
    values = value if isinstance(value, list) else [value]
    found = []
    for item in values:
        name = clean(item.get("name")) if isinstance(item, dict) else clean(item)
        if name and not name.startswith(("http://", "https://")):
            found.append(_BY.sub("", name))
    return found


def _first_url(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return clean(value)


def _all(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [value for key in keys for value in meta.get(key, ())]


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def language_code(value: str | None) -> str | None:
    """The primary language subtag, lower-cased (``en-GB`` -> ``en``).

    >>> language_code("pt_BR"), language_code("EN"), language_code("x")
    ('pt', 'en', None)
    """
    if not value:
        return None
    found = _LANGUAGE.match(value.strip())
    return found.group(0).lower() if found else None


def strip_site(title: str, site: str | None) -> str:
    """A ``<title>`` or ``og:title`` without the site's name after (or before) a separator.

    >>> strip_site("Ferry back | Harbour News", None)
    'Ferry back'
    >>> strip_site("Harbour News - Ferry back to normal service", "Harbour News")
    'Ferry back to normal service'
    """
    for separator in vocab.TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if site and head.strip().lower() == site.lower():
            return tail.strip()
        first, _, rest = title.partition(separator)
        if site and first.strip().lower() == site.lower():
            return rest.strip()
        if len(tail.split()) <= 4 and len(head.split()) >= len(tail.split()):
            return head.strip()
    return title


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def choose_title(h1: str | None, stated: list[str], site: str | None) -> str | None:
    """The headline: the first ``<h1>`` when the markup's titles agree with it, else the
    first stated title without the site's name.

    >>> choose_title("Ferry back", ["Ferry back | Harbour News"], None)
    'Ferry back'
    >>> choose_title("Harbour News", ["Ferry back to normal | Harbour News"], "Harbour News")
    'Ferry back to normal'
    """
    titles = [strip_site(title, site) for title in stated]
    if h1 and titles:
        words = _words(h1)
        for title in titles:
            other = _words(title)
            if words and other and len(words & other) >= 0.6 * max(len(words), len(other)):
                return h1
    if titles:
        return titles[0]
    return h1


def _first_heading(tree: HtmlElement) -> str | None:
    for h1 in tree.iter("h1"):
        text = clean(h1.text_content())
        if text and len(text) <= 400:
            return text
    return None


def _time_elements(tree: HtmlElement, prop: str) -> list[str]:
    """``<time datetime>`` values marked ``itemprop=prop``, then the unmarked ones."""
    marked, unmarked = [], []
    for element in tree.iter("time"):
        value = clean(element.get("datetime"))
        if value:
            itemprop = (element.get("itemprop") or "").split()
            (marked if prop in itemprop else unmarked if not itemprop else []).append(value)
    return marked + unmarked[:1]


def _present(values: list[str | None]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


def read_markup(tree: HtmlElement, url: str | None) -> Markup:
    """Read the page facts the markup states (see the module's docstring)."""
    meta = meta_values(tree)
    item = article_item(jsonld_items(tree))
    site = clean(_first(meta, vocab.SITE_META))
    publisher = item.get("publisher")
    if site is None and isinstance(publisher, dict):
        site = clean(publisher.get("name"))
    stated = [t for t in (clean(item.get("headline")), _first(meta, vocab.TITLE_META)) if t]
    title_element = tree.find(".//title")
    if title_element is not None and (text := clean(title_element.text_content())):
        stated.append(text)
    authors = names(item.get("author"))
    if not authors:
        written = _first(meta, vocab.AUTHOR_META)
        authors = names(written) if written else []
    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            canonical = urljoin(url or "", link.get("href").strip())
            break
    root = tree.getroottree().getroot()
    return Markup(
        title=choose_title(_first_heading(tree), stated, site),
        published=_present(
            [clean(item.get("datePublished")), *_all(meta, vocab.PUBLISHED_META)]
            + _time_elements(tree, "datePublished")
        ),
        updated=_present([clean(item.get("dateModified")), *_all(meta, vocab.UPDATED_META)]),
        authors=authors,
        site_name=site,
        canonical_url=canonical or _first(meta, ("og:url",)),
        image=_first_url(item.get("image")) or _first(meta, vocab.IMAGE_META),
        language=language_code(root.get("lang"))
        or language_code(_first(meta, vocab.LANGUAGE_META))
        or language_code(clean(item.get("inLanguage"))),
        description=_first(meta, ("og:description", "description", "twitter:description")),
    )
