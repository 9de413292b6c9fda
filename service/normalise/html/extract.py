"""Parse the document and find its main content (trafilatura), or its whole text.

The parser is lxml's (libxml2's HTML parser, with trafilatura's settings): it is the tree
trafilatura's extractor works on (resiliparse's own main-content extraction, measured on the
article-extraction benchmark, scores 0.917 against trafilatura's 0.961), and libxml2 caps
nesting at 256 levels, so a 50,000-deep document parses flat instead of exhausting the stack.
trafilatura's own loader was measured too: the same bodies, 0.9 ms a page slower.
trafilatura runs in its fast mode (no second opinion from readability and jusText), recall
favoured, comments left out: the core's line evidence and the block rules then take away
what it kept too much of.

>>> tree = parse_document("<html><body><article><p>" + "A sentence of words. " * 30 +
...                       "</p></article></body></html>")
>>> [block.kind for block in main_blocks(tree)]
['p']
>>> full_text(tree)[:20]
'A sentence of words.'
"""

from __future__ import annotations

import html
import logging
import re

import lxml.html
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from service.normalise.html.blocks import Block, blocks_of

_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
#: Elements whose text is never page text.
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
#: Elements that start a new line in a page's full text.
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul",
    "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote",
    "pre", "figure", "figcaption", "form", "br", "hr", "title", "address", "details", "summary",
}  # fmt: skip
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_LONG_TAG = 8000
_TAG_NAME = re.compile(r"[A-Za-z][\w:-]{0,30}")
_INVISIBLE_RUN = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(rf"<[^<>]{{0,{_LONG_TAG}}}>")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_RUNS = re.compile(r"[ \t\r\f\v\u00a0]+")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def defuse(text: str) -> str:
    """The document with every overlong tag cut to its name: libxml2 checks a tag's attributes
    against each other (100,000 attributes take minutes), and a megabyte ``data:`` image is
    no text either.

    >>> defuse('<img src="data:image/png;base64,' + "A" * 9000 + '"><p>x</p>')
    '<img><p>x</p>'
    """
    if len(text) < _LONG_TAG:
        return text
    pieces = text.split(">")
    if max(map(len, pieces)) < _LONG_TAG:  # no long piece (most pages): no loop in Python
        return text
    changed = False
    for index, piece in enumerate(pieces):
        if len(piece) < _LONG_TAG:
            continue
        start = piece.rfind("<")  # the tag this piece ends, if it opened one
        name = _TAG_NAME.match(piece, start + 1) if start >= 0 else None
        if name and len(piece) - start > _LONG_TAG:
            pieces[index] = piece[: start + 1] + name.group(0)
            changed = True
    return ">".join(pieces) if changed else text


def parse_document(text: str) -> HtmlElement | None:
    """The document's tree; None when nothing parses into elements.

    >>> parse_document("<p>Hi") is not None, parse_document(""), parse_document("<!-- -->")
    (True, None, None)
    >>> parse_document('<?xml version="1.0" encoding="iso-8859-1"?><p>Hi</p>').text_content()
    'Hi'
    """
    text = _XML_DECLARATION.sub("", defuse(text), count=1)
    if not text or text.isspace():  # ``strip`` would copy the whole document to tell
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


def main_blocks(tree: HtmlElement) -> list[Block]:
    """The main content's blocks as trafilatura finds them; [] when it finds none.

    Links are kept while it works (without them it drops link-rich paragraphs of deal and
    list articles) but no address is resolved: no base URL is given, which saves resolving
    every link of the page.
    """
    try:
        document = bare_extraction(
            tree,
            fast=True,
            favor_recall=True,
            include_comments=False,
            include_links=True,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError):
        return []
    if document is None or document.body is None:
        return []
    return blocks_of(document.body)


def anchor_texts(tree: HtmlElement) -> set[str]:
    """The texts of the page's links, lower-cased with spaces folded.

    >>> anchor_texts(lxml.html.document_fromstring('<a href="/x">Other  Story</a><a>x</a>'))
    {'other story'}
    """
    found = set()
    for anchor in tree.iter("a"):
        if anchor.get("href") is None:
            continue
        text = " ".join(anchor.text_content().lower().split())
        if text:
            found.add(text)
    return found


def full_text(tree: HtmlElement, limit: int | None = None) -> str:
    """The whole page's visible text, a line per block element (what a scraper saves when
    it keeps everything: menus, footers and all); with ``limit``, about that many characters
    from its start.

    >>> tree = lxml.html.document_fromstring("<nav>Home</nav><p>Body <b>text</b></p>"
    ...                                      "<script>x()</script>")
    >>> full_text(tree)
    'Home\\nBody text'
    """
    parts: list[str] = []
    body = tree.find("body")
    root = body if body is not None else tree
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    size = 0
    for action, element in walker:
        if limit is not None:
            size += len(parts[-1]) if parts else 0
            if size > limit:
                break
        tag = element.tag if isinstance(element.tag, str) else ""
        if action == "start":
            if tag in _INVISIBLE:
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    text = _RUNS.sub(" ", "".join(parts))
    return _BLANKS.sub("\n", text).strip()


def stripped_text(source: str) -> str:
    """The document's text without a parser: scripts, styles and tags taken out, entities
    read (for what no tree holds, such as text nested deeper than libxml2's 256 levels).

    >>> stripped_text("<div><script>x()</script><b>Fish &amp; chips</b></div>")
    'Fish & chips'
    """
    text = _INVISIBLE_RUN.sub(" ", source)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (_RUNS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
