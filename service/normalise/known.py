"""What a caller already knows about a page before its text is read (its markup's metadata).

The HTML path reads the headline, the publication and update times, the byline and the site
name from the page's markup; the text pipeline starts from them instead of from nothing. The
header zone then drops lines that repeat the known title, and a time line in the text may
refine a known time on the same day (a date with a minute) or is warned about as conflicting.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.normalise.page import Page
from service.normalise.timeref import Stamp


@dataclass(frozen=True, slots=True)
class Known:
    """Page facts stated outside the text (``None``: not stated)."""

    title: str | None = None
    published: Stamp | None = None
    updated: Stamp | None = None
    byline: str | None = None
    source: str | None = None
    #: The language the markup declares (``<html lang>``), ISO 639-1.
    language: str | None = None


def apply_known(page: Page, known: Known | None) -> None:
    """Fill the page's empty fields from ``known`` (what the text's layout found stays).

    >>> page = Page("plain", title="From the text")
    >>> apply_known(page, Known(title="From markup", byline="A. Writer"))
    >>> page.title, page.byline
    ('From the text', 'A. Writer')
    """
    if known is None:
        return
    page.extracted = True
    page.title = page.title or known.title
    page.published = page.published or known.published
    page.updated = page.updated or known.updated
    page.byline = page.byline or known.byline
    page.source = page.source or known.source
