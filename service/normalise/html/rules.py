"""Which extracted blocks are the site's rather than the article's, and why.

An extractor keeps a little too much around an article: the headline and standfirst printed
above it, lists of links to other stories below it. Each rule here names what it drops, in
the reasons the contract documents (``chrome``, ``boilerplate``, ``repeated_title``).

>>> from service.normalise.html.blocks import Block
>>> from service.normalise.html.metadata import Markup
>>> blocks = [Block("p", "The ferry resumed its crossings on Monday.", 0.0),
...           Block("item", "Other story about ferries", 1.0)]
>>> kept, dropped = drop_site_blocks(blocks, Markup())
>>> [b.text for b in kept], [(b.text, reason) for b, reason in dropped]
(['The ferry resumed its crossings on Monday.'], [('Other story about ferries', 'chrome')])
"""

from __future__ import annotations

from service.normalise.html.blocks import Block
from service.normalise.html.metadata import Markup

#: A list item whose text is at least this share link text is a link to elsewhere.
LINK_ITEM_SHARE = 0.7


def is_link_item(block: Block) -> bool:
    """A list item or row that is (nearly) all link text: navigation or related stories.

    >>> is_link_item(Block("item", "Other story", 0.9)), is_link_item(Block("p", "x", 1.0))
    (True, False)
    """
    return block.kind in ("item", "row") and block.link_share >= LINK_ITEM_SHARE


def drop_site_blocks(
    blocks: list[Block], markup: Markup
) -> tuple[list[Block], list[tuple[Block, str]]]:
    """Split the blocks into the article's and the dropped ones with their reasons."""
    kept: list[Block] = []
    dropped: list[tuple[Block, str]] = []
    for block in blocks:
        if is_link_item(block):
            dropped.append((block, "chrome"))
        else:
            kept.append(block)
    return kept, dropped
