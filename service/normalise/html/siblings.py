"""An article split over several containers of the same kind, ads between them.

Some publishing systems cut a long article into sibling containers (``<div class="body
article__body">`` … an advertisement … ``<div class="body article__body">``); an extractor
that picks the best container keeps the first part only. When the container of the extracted
text has siblings elsewhere in the page with the same tag and class, and they hold paragraphs
of prose (not lists of links), their paragraphs are the article's too, in page order.

>>> import lxml.html
>>> from service.normalise.html.blocks import Block
>>> part = "<p>" + "A sentence about the harbour and its ferry service today. " * 2 + "{}</p>"
>>> tree = lxml.html.document_fromstring(
...     '<div class="body">' + part.format(1) + part.format(2) + '</div><div class="ad">Ad</div>'
...     '<div class="body">' + part.format(3) + part.format(4) + '</div>')
>>> first = " ".join(tree.findall(".//p")[0].text_content().split())
>>> [b.text[-1] for b in continuation_blocks(tree, [Block("p", first)])]
['3', '4']
"""

from __future__ import annotations

from lxml.html import HtmlElement

from service.normalise.html.blocks import Block

#: Words a paragraph needs to count as prose.
PROSE_WORDS = 12
#: Prose paragraphs a sibling container needs to count as a part of the article.
MIN_PARAGRAPHS = 2
#: The most link text a sibling container may hold (as a share of its text).
MAX_LINK_SHARE = 0.3
_PREFIX = 40
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "blockquote", "li")


def _folded(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _anchor_of(tree: HtmlElement, blocks: list[Block]) -> HtmlElement | None:
    """The ``<p>`` element holding the first prose paragraph the extractor kept."""
    first = next(
        (b.text for b in blocks if b.kind == "p" and len(b.text.split()) >= PROSE_WORDS), None
    )
    if first is None:
        return None
    prefix = " ".join(first.split())[:_PREFIX]
    for paragraph in tree.iter("p"):
        if _folded(paragraph).startswith(prefix):
            return paragraph
    return None


def _container(element: HtmlElement) -> HtmlElement | None:
    """The nearest ancestor with a class: the unit a publishing system repeats."""
    parent = element.getparent()
    while parent is not None:
        if parent.get("class"):
            return parent
        parent = parent.getparent()
    return None


def _prose_blocks(container: HtmlElement) -> list[Block] | None:
    """The container's blocks, or None when it is not prose (few paragraphs, many links)."""
    blocks = []
    prose = 0
    for element in container.iter(*_BLOCK_TAGS):
        if any(a.tag in _BLOCK_TAGS for a in element.iterancestors() if a is not container):
            continue  # inside another block already taken
        text = _folded(element)
        if not text:
            continue
        kind = "p" if element.tag == "p" else "item" if element.tag == "li" else "head"
        prose += kind == "p" and len(text.split()) >= PROSE_WORDS
        blocks.append(Block(kind, text))
    total = sum(len(b.text) for b in blocks)
    links = sum(len(_folded(a)) for a in container.iter("a"))
    if prose < MIN_PARAGRAPHS or total == 0 or links > MAX_LINK_SHARE * total:
        return None
    return blocks


def continuation_blocks(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """Blocks of the article's other containers after the one the extractor used (in page
    order), each taken only when the extractor kept none of it; [] when there are none."""
    anchor = _anchor_of(tree, blocks)
    container = _container(anchor) if anchor is not None else None
    if container is None:
        return []
    signature = (container.tag, container.get("class"))
    seen = {" ".join(b.text.split()) for b in blocks}
    found: list[Block] = []
    after = False
    for element in tree.iter(container.tag):
        if element is container:
            after = True
            continue
        if not after or (element.tag, element.get("class")) != signature:
            continue
        if any(a is container for a in element.iterancestors()):
            continue
        more = _prose_blocks(element)
        if more and not any(b.text in seen for b in more):
            found.extend(more)  # a part the extractor left whole: none of it was kept
    return found
