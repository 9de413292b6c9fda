"""Site furniture on the command line: the lines a site repeats across the pages of one run.

A run over files (a directory, several files, a JSON Lines file) reads every text page's lines
first (``learn``), then judges each page on all the others of its host, as a JSON batch does.
A run reading JSON Lines from stdin cannot read it twice: it judges each page on the pages
before it, as an NDJSON stream does. ``--no-site-furniture`` turns both off. A page's host is
its item's ``url``, else the run's ``--url`` (all the files of a directory are then one site).

The evidence is worked out in the main process and travels with each page to the workers
(``Page.furniture``): only the host's repeated lines, shared by the pages of a chunk.

>>> pages = [Page(id=f"p{n}", text=f"Menu\\nStory {n}.") for n in range(4)]
>>> defaults = Options(url="https://example.com/")
>>> judged = list(with_evidence(pages, learn(pages, defaults), defaults))
>>> judged[0].furniture.other_pages("Menu"), judged[0].furniture is judged[3].furniture
(3, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from service.cli.pages import is_html, page_text
from service.cli.results import Options, Page
from service.normalise.site_furniture import SiteEvidence, SiteMemory, site_host


def page_url(page: Page, defaults: Options) -> str | None:
    """The page's address: its item's own, else the run's ``--url``."""
    return page.options.url or defaults.url


def page_name(page: Page) -> str | None:
    """What tells this page from the others of its site: its own address when it has one
    (a re-crawl of one address counts once), else its id (the run's ``--url`` is shared)."""
    return None if page.options.url else f"id {page.key}"


def _text(page: Page, defaults: Options) -> str | None:
    """A text page's text, or ``None`` for a page that is HTML, failed, or cannot be read
    (its own run reports why)."""
    if page.problem or is_html(page, defaults.merged(page.options)):
        return None
    try:
        return page_text(page, defaults.encoding)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def learn(pages: Iterable[Page], defaults: Options) -> SiteMemory:
    """Every text page's lines, counted per host before any page is judged (a batch's pass)."""
    memory = SiteMemory(scope="batch")
    for page in pages:
        url = page_url(page, defaults)
        if site_host(url) is None:
            continue
        text = _text(page, defaults)
        if text is not None:
            memory.observe(text, url, page_name(page))
    return memory


def with_evidence(pages: Iterable[Page], memory: SiteMemory, defaults: Options) -> Iterator[Page]:
    """Each page with the evidence it is judged on. A batch memory has seen every page: one
    evidence per host, shared. A stream memory observes each page as it passes (its text is
    read here: stdin's pages carry theirs already)."""
    shared: dict[str, SiteEvidence | None] = {}
    for page in pages:
        url = page_url(page, defaults)
        host = site_host(url)
        if host is None or is_html(page, defaults.merged(page.options)):
            yield page
            continue
        if memory.scope == "stream":
            text = _text(page, defaults)
            evidence = None if text is None else memory.page_evidence(text, url, page_name(page))
        else:
            if host not in shared:
                shared[host] = memory.evidence(url)
            evidence = shared[host]
        yield page if evidence is None else replace(page, furniture=evidence)
