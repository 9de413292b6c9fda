"""The extracted main content as blocks (paragraphs, headings, list items, table rows, quotes).

trafilatura hands back its main content as a small XML tree (``p``, ``head``, ``list/item``,
``table/row/cell``, ``quote``, ``code``; links as ``ref``, line breaks as ``lb``). Each block
becomes one paragraph of the text the core reads.

>>> from lxml import etree
>>> body = etree.fromstring('<body><p>One<lb/>two <hi>bold <ref>link</ref> end</hi>.</p>'
...                         '<list><item>See also</item></list></body>')
>>> [(b.kind, b.text) for b in blocks_of(body)]
[('p', 'One\\ntwo bold link end.'), ('item', 'See also')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element, iterwalk

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_AROUND_BREAK = re.compile(r" *\n *")
_BREAKS = re.compile(r"\n{2,}")
#: Tags whose children are blocks of their own.
_CONTAINERS = {"list": "item", "table": "row"}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the main content: its kind (the tag) and its text."""

    kind: str
    text: str


def _text_of(element: _Element) -> str:
    """The element's text with ``lb`` as a line break and table cells spaced."""
    parts: list[str] = []
    for event, node in iterwalk(element, events=("start", "end")):
        if event == "end":
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "lb":
            parts.append("\n")
        elif tag == "cell":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
    text = _AROUND_BREAK.sub("\n", _SPACES.sub(" ", "".join(parts))).strip()
    return _BREAKS.sub("\n", text)


def blocks_of(body: _Element) -> list[Block]:
    """The blocks of trafilatura's body element, in order; empty blocks left out."""
    found: list[Block] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        child_tag = _CONTAINERS.get(tag)
        members = [c for c in element if c.tag == child_tag] if child_tag else []
        for member in members or [element]:
            text = _text_of(member)
            if text:
                found.append(Block(member.tag if members else tag, text))
    return found
