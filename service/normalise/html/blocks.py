"""The extracted main content as blocks (paragraphs, headings, list items, table rows, quotes).

trafilatura hands back its main content as a small XML tree (``p``, ``head``, ``list/item``,
``table/row/cell``, ``quote``, ``code``; links as ``ref``, line breaks as ``lb``). Each block
becomes one paragraph of the text the core reads, with the share of its text that is link
text: a list of links under an article is the site's, not the author's.

>>> from lxml import etree
>>> body = etree.fromstring('<body><p>One<lb/>two</p><list><item><ref>See also</ref></item>'
...                         '</list></body>')
>>> [(b.kind, b.text, b.link_share) for b in blocks_of(body)]
[('p', 'One\\ntwo', 0.0), ('item', 'See also', 1.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_AROUND_BREAK = re.compile(r" *\n *")
#: Tags whose children are blocks of their own.
_CONTAINERS = {"list": "item", "table": "row"}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the main content: its kind (the tag), its text and its link share."""

    kind: str
    text: str
    link_share: float


def _text_of(element: _Element) -> tuple[str, int]:
    """The element's text with ``lb`` as a line break and cells spaced; link characters."""
    parts: list[str] = []
    links = 0

    def walk(node: _Element, in_link: bool) -> None:
        nonlocal links
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "lb":
            parts.append("\n")
        elif tag == "cell":
            parts.append(" ")
        inside = in_link or tag == "ref"
        if node.text:
            parts.append(node.text)
            if inside:
                links += len(node.text.strip())
        for child in node:
            walk(child, inside)
            if child.tail:
                parts.append(child.tail)
                if in_link or tag == "ref":
                    links += len(child.tail.strip())

    walk(element, False)
    text = _AROUND_BREAK.sub("\n", _SPACES.sub(" ", "".join(parts))).strip()
    return re.sub(r"\n{2,}", "\n", text), links


def blocks_of(body: _Element) -> list[Block]:
    """The blocks of trafilatura's body element, in order; empty blocks left out."""
    found: list[Block] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        child_tag = _CONTAINERS.get(tag)
        members = [c for c in element if c.tag == child_tag] if child_tag else []
        for member in members or [element]:
            text, links = _text_of(member)
            if text:
                kind = member.tag if members else tag
                found.append(Block(kind, text, min(1.0, links / max(1, len(text)))))
    return found
