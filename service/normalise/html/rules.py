"""Which extracted blocks are the site's rather than the article's, and why.

An extractor keeps a little too much around an article: the standfirst printed under the
headline, headings with nothing under them, lists of links to other stories below it. Each
rule here names what it drops, in the reasons the contract documents.

>>> from service.normalise.html.blocks import Block
>>> from service.normalise.html.metadata import Markup
>>> first = "The ferry resumed its crossings on Monday after a week of repairs to the pier."
>>> blocks = [Block("p", first),
...           Block("head", "More from the harbour"),
...           Block("item", "Other story about ferries")]
>>> kept, dropped = drop_site_blocks(blocks, Markup(), {"other story about ferries"})
>>> [b.text for b in kept] == [first]
True
>>> [reason for _, reason in dropped]
['chrome', 'chrome']
"""

from __future__ import annotations

import re

from service.normalise.history import title_key
from service.normalise.html.blocks import Block
from service.normalise.html.metadata import Markup

#: A list item whose text is at least this share link text is a link to elsewhere.
LINK_ITEM_SHARE = 0.7
#: A paragraph of at least this many words is article text (the tail starts after the last).
BODY_WORDS = 12
_WORD = re.compile(r"\w+")


def link_share(text: str, anchors: set[str]) -> float:
    """The share of ``text`` taken by the longest link text it opens with (``anchors`` holds
    the page's link texts, lower-cased, spaces folded).

    >>> link_share("Ferry timetable (PDF)", {"ferry timetable"})
    0.7619047619047619
    """
    folded = " ".join(text.lower().split())
    if not folded:
        return 0.0
    if folded in anchors:
        return 1.0
    end = len(folded)
    while end > 0:
        end = folded.rfind(" ", 0, end)
        if end > 0 and folded[:end] in anchors:
            return (end + 1) / len(folded)
    return 0.0


def is_link_item(block: Block, anchors: set[str]) -> bool:
    """A list item or row that is (nearly) all link text, or whose first line is a link and
    the rest one short line: navigation or a teaser of another story.

    >>> is_link_item(Block("item", "Other story"), {"other story"})
    True
    >>> is_link_item(Block("item", "Other story\\nWhy it matters"), {"other story"})
    True
    >>> is_link_item(Block("p", "Other story"), {"other story"})
    False
    """
    if block.kind not in ("item", "row"):
        return False
    if link_share(block.text, anchors) >= LINK_ITEM_SHARE:
        return True
    first, _, rest = block.text.partition("\n")
    return bool(rest) and "\n" not in rest and link_share(first, anchors) == 1.0


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_body_paragraph(block: Block) -> bool:
    return block.kind == "p" and len(_words(block.text)) >= BODY_WORDS


def _heads_nothing(blocks: list[Block], links: list[bool], index: int) -> bool:
    """Whether the heading at ``index`` heads no text: only links, or nothing, until the next
    heading."""
    if blocks[index].kind != "head":
        return False
    for after in range(index + 1, len(blocks)):
        if blocks[after].kind == "head":
            return True
        if not links[after]:
            return False
    return True


def drop_site_blocks(
    blocks: list[Block], markup: Markup, anchors: set[str]
) -> tuple[list[Block], list[tuple[Block, str]]]:
    """Split the blocks into the article's and the dropped ones with their reasons: headings
    above the first paragraph (a standfirst, a kicker), headings below the last one that head
    no text, and list items that are links."""
    reasons: dict[int, str] = {}
    first_body = next((i for i, b in enumerate(blocks) if _is_body_paragraph(b)), len(blocks))
    last_body = max((i for i, b in enumerate(blocks) if _is_body_paragraph(b)), default=-1)
    links = [is_link_item(block, anchors) for block in blocks]
    for index, block in enumerate(blocks):
        if index < first_body and block.kind == "head":
            same = markup.title is not None and title_key(block.text) == title_key(markup.title)
            reasons[index] = "repeated_title" if same else "standfirst"
        elif links[index] or (index > last_body and _heads_nothing(blocks, links, index)):
            reasons[index] = "chrome"
    kept = [block for index, block in enumerate(blocks) if index not in reasons]
    dropped = [(blocks[index], reason) for index, reason in sorted(reasons.items())]
    return kept, dropped
