"""Site furniture: the same line on many pages of one site is that site's chrome.

A site prints its menus, footers, share prompts and newsletter boxes on every page, in the
same words; an article's own sentences appear on one page. So when several pages of one host
are normalised together (a JSON batch, an NDJSON stream, a command-line run over many files),
a short body line that stands on at least ``MIN_OTHER_PAGES`` *other* pages of the same host is
removed with the reason ``site_furniture``, and its ``removed`` entry says on how many.

Two pieces, both pure:

* ``SiteMemory`` remembers, per host (from each page's ``url``), on how many distinct pages each
  short line has been seen. Lines are known by a fingerprint of their folded text (case,
  spaces and punctuation folded). It is bounded: ``MAX_HOSTS`` hosts (the least recently seen
  is forgotten), ``MAX_LINES_PER_HOST`` lines per host (when full, lines seen on one page only
  are forgotten first), lines of at most ``MAX_LINE_CHARS`` characters, and
  ``MAX_PAGES_PER_HOST`` page names per host. Full (64 hosts x 2048 lines) it holds about 10 MB.
* ``drop_site_furniture`` takes the evidence for one page (``SiteEvidence``: the counts of its
  host's repeated lines, small and picklable) and removes the matching body lines.

Why ``MIN_OTHER_PAGES = 2``: one other page sharing a line is no evidence. Two articles of one
site may quote the same sentence, a story and its follow-up share a paragraph, and two pages
of one topic on an aggregator share entries. A line on three pages of a site is its template.

What is never taken, whatever the counts: the title (and a line the address's slug names,
which is this page's headline repeated, e.g. in another page's "most read" list; on a page
whose title was not found, the headline-shaped line right above its first prose), a line with
a date in it (the date code reads those), a byline line, a line the boilerplate table already
names (it keeps that reason), and every line of a page whose body would be left empty (a copy
of another page). A page's repeated copies count once: a page is known by its name (its
address) and by its content (its long lines), and one already seen is not counted again. A
page alone has no evidence and comes out unchanged.

A batch that is read whole learns from every page first (``scope="batch"``); a stream learns
as it goes (``scope="stream"``): each page is judged on the pages before it, so the first two
pages of a host keep their furniture.

>>> memory = SiteMemory(scope="batch")
>>> for number in range(1, 5):
...     _ = memory.observe(f"Menu\\nStory {number} of the day.\\nSubscribe now",
...                    f"https://www.example.com/story-{number}")
>>> evidence = memory.evidence("https://example.com/story-1")
>>> evidence.other_pages("SUBSCRIBE  now"), evidence.other_pages("Story 1 of the day.")
(3, 0)
>>> evidence.explain(3)
'appears on 3 other pages of example.com in this batch'
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from service.normalise.boilerplate import boilerplate_note
from service.normalise.bylines import byline_name
from service.normalise.datephrases import has_date_hint
from service.normalise.headline import is_headline_shaped, is_prose, slug_score, slug_words
from service.normalise.history import title_key
from service.normalise.page import Context, Page
from service.normalise.text import CleanLine, split_lines

#: A line on at least this many other pages of its host is furniture (see the module's note).
MIN_OTHER_PAGES = 2
#: Only lines this short are remembered or removed: furniture is short; a long line is prose.
MAX_LINE_CHARS = 200
#: Hosts remembered at once; the least recently seen is forgotten first.
MAX_HOSTS = 64
#: Line fingerprints remembered per host; when full, those seen on one page only go first.
MAX_LINES_PER_HOST = 2048
#: Page names (addresses, content keys) remembered per host, to count a copy once.
MAX_PAGES_PER_HOST = 1024
#: A line the address's slug names this well is the page's own headline, never furniture.
_SLUG_COVER = 0.5
#: The removal reason (``service.api.vocabulary.REMOVAL_REASONS`` explains it).
REASON = "site_furniture"

_NOT_WORD = re.compile(r"[\W_]+")


def fold_line(text: str) -> str:
    """A line's text as compared across pages: case folded, punctuation and spaces as one space.

    >>> fold_line("  **Sign up** for our\\u00a0newsletter!  ")
    'sign up for our newsletter'
    """
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def fingerprint(folded: str) -> int:
    """A stable 64-bit fingerprint of a folded line (the same in every process).

    >>> fingerprint("menu") == fingerprint("menu"), fingerprint("menu") == fingerprint("home")
    (True, False)
    """
    return int.from_bytes(hashlib.blake2b(folded.encode(), digest_size=8).digest(), "big")


def site_host(url: str | None) -> str | None:
    """The host a page belongs to, from its address: lower case, without ``www.``.

    >>> site_host("https://WWW.Example.com:8080/a/b"), site_host("not a url"), site_host(None)
    ('example.com', None, None)
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def page_lines(text: str) -> tuple[set[int], int]:
    """The fingerprints of a page's distinct short lines, and a key of its content (its long
    lines, the article's prose; all its lines when it has none), which copies share.

    >>> short, key = page_lines("Menu\\nMenu\\n" + "x" * 300)
    >>> len(short), key == page_lines("MENU\\n" + "x" * 300)[1]
    (1, True)
    """
    short: set[int] = set()
    long: list[str] = []
    every: list[str] = []
    for raw in split_lines(text):
        folded = fold_line(raw)
        if not folded:
            continue
        every.append(folded)
        if len(folded) <= MAX_LINE_CHARS:
            short.add(fingerprint(folded))
        else:
            long.append(folded)
    return short, fingerprint("\n".join(long or every))


@dataclass(slots=True)
class _HostLines:
    """What is remembered of one host: line fingerprint -> distinct pages, and pages seen."""

    lines: dict[int, int] = field(default_factory=dict)
    pages: OrderedDict[int, None] = field(default_factory=OrderedDict)

    def knows(self, keys: Iterable[int]) -> bool:
        return any(key in self.pages for key in keys)

    def add_page(self, keys: Iterable[int]) -> None:
        for key in keys:
            self.pages[key] = None
        while len(self.pages) > MAX_PAGES_PER_HOST:
            self.pages.popitem(last=False)

    def count(self, fingerprints: set[int]) -> None:
        new = []
        for key in fingerprints:
            if key in self.lines:
                self.lines[key] += 1
            else:
                new.append(key)
        if len(self.lines) + len(new) > MAX_LINES_PER_HOST:
            # Full: forget the lines seen on one page only (an article's own, mostly); the
            # repeated ones, the furniture, stay.
            self.lines = {key: pages for key, pages in self.lines.items() if pages > 1}
        for key in new[: max(MAX_LINES_PER_HOST - len(self.lines), 0)]:
            self.lines[key] = 1


@dataclass(frozen=True, slots=True)
class SiteEvidence:
    """What a page is judged on: its host's lines seen on several pages, each with the number
    of distinct pages (this one included when it holds the line). Small and picklable.

    >>> evidence = SiteEvidence("example.com", {fingerprint("menu"): 4}, "stream")
    >>> evidence.other_pages("Menu"), evidence.explain(3)
    (3, 'appears on 3 earlier pages of example.com in this stream')
    """

    host: str
    pages: dict[int, int]
    scope: str = "batch"
    least: int = MIN_OTHER_PAGES

    def other_pages(self, text: str) -> int:
        """On how many other pages of the host the line stands (0 when not remembered)."""
        return max(self.pages.get(fingerprint(fold_line(text)), 0) - 1, 0)

    def explain(self, fewest: int, most: int | None = None) -> str:
        """The removal's evidence in words; a range for a coalesced run of lines."""
        other = "earlier" if self.scope == "stream" else "other"
        where = f"of {self.host} in this {self.scope}"
        if most is None or most == fewest:
            return f"appears on {fewest} {other} pages {where}"
        return f"each appears on {fewest} to {most} {other} pages {where}"


class SiteMemory:
    """The lines seen per host across the pages of one batch (``scope="batch"``: every page is
    observed before any is judged) or one stream (``scope="stream"``: each page is observed
    as it comes and judged on the pages before it). Bounded (see the module's note).

    >>> memory = SiteMemory(scope="stream")
    >>> [memory.page_evidence("Menu\\nStory %d." % n, "https://example.com/%d" % n) is None
    ...  for n in range(1, 5)]
    [True, True, False, False]
    >>> memory.observe("Menu\\nStory 1.", "https://example.com/1")  # the same page again
    False
    """

    def __init__(self, *, scope: str = "batch", least: int = MIN_OTHER_PAGES) -> None:
        if scope not in ("batch", "stream"):
            raise ValueError(f"scope must be 'batch' or 'stream', not {scope!r}")
        self.scope = scope
        self.least = least
        self._hosts: OrderedDict[str, _HostLines] = OrderedDict()

    def observe(self, text: str, url: str | None, page: str | None = None) -> bool:
        """Count a page's short lines under its host; ``page`` names it (default: its address
        without a fragment). Returns whether it was counted: not without a host, nor when the
        page (by name or content) was seen already."""
        host = site_host(url)
        if host is None or not isinstance(text, str):
            return False
        short, content = page_lines(text)
        name = page if page is not None else str(url).split("#", 1)[0]
        keys = (fingerprint("page " + name), content)
        table = self._hosts.get(host)
        if table is None:
            table = self._hosts[host] = _HostLines()
            while len(self._hosts) > MAX_HOSTS:
                self._hosts.popitem(last=False)
        else:
            self._hosts.move_to_end(host)
        if table.knows(keys):
            table.add_page(keys)
            return False
        table.add_page(keys)
        table.count(short)
        return True

    def evidence(self, url: str | None) -> SiteEvidence | None:
        """The evidence for a page of this address's host: its lines on more than ``least``
        pages; ``None`` when there is none."""
        host = site_host(url)
        table = self._hosts.get(host) if host is not None else None
        if table is None:
            return None
        repeated = {key: pages for key, pages in table.lines.items() if pages > self.least}
        if not repeated:
            return None
        return SiteEvidence(host, repeated, self.scope, self.least)  # type: ignore[arg-type]

    def page_evidence(
        self, text: str, url: str | None, page: str | None = None
    ) -> SiteEvidence | None:
        """The evidence for one page about to be normalised: a stream observes it first (it is
        judged on the pages before it); a batch has observed every page already."""
        if self.scope == "stream":
            self.observe(text, url, page)
        return self.evidence(url)

    @property
    def hosts(self) -> int:
        """How many hosts are remembered."""
        return len(self._hosts)

    def lines_of(self, url: str | None) -> int:
        """How many line fingerprints are remembered for this address's host."""
        host = site_host(url)
        table = self._hosts.get(host) if host is not None else None
        return 0 if table is None else len(table.lines)


def is_article_matter(text: str, title: str | None, slug: tuple[str, ...]) -> bool:
    """A line that repeats across a site's pages but is never taken as furniture: the title, a
    line the address's slug names (this page's headline in another page's list), a line with a
    date (the date code reads it), a byline, or boilerplate (it keeps its own reason).

    >>> slug = ("harbour", "road", "closes")
    >>> is_article_matter("Harbour road closes", None, slug), is_article_matter("Menu", None, ())
    (True, False)
    >>> is_article_matter("Updated 4 March 2025", None, ())
    True
    >>> is_article_matter("By Ann Lee", None, ())
    True
    """
    if title is not None and title_key(text) == title:
        return True
    if slug and slug_score(text, slug) >= _SLUG_COVER:
        return True
    return (
        has_date_hint(text) or byline_name(text) is not None or boilerplate_note(text) is not None
    )


def _untitled_headline(lines: list[CleanLine]) -> int | None:
    """On a page whose title was not found, the headline-shaped line right above its first
    line of prose: likely its headline, which other pages of the site list ("Most read").

    >>> _untitled_headline([CleanLine(1, "Menu"), CleanLine(2, "Rain closes the harbour road"),
    ...     CleanLine(3, ""), CleanLine(4, "The road closed at dawn on Monday as the storm "
    ...                                  "reached the coast.")])
    1
    """
    above: int | None = None
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if is_prose(line.text):
            return above if above is not None and is_headline_shaped(lines[above].text) else None
        above = index
    return None


def drop_site_furniture(page: Page, ctx: Context, evidence: SiteEvidence | None) -> dict[int, int]:
    """Remove the page's body lines that stand on at least ``evidence.least`` other pages of its
    host (reason ``site_furniture``); returns each removed line's number and that count, for
    ``explain_site_furniture``. Nothing is removed when it would leave no body.

    >>> from datetime import UTC, datetime
    >>> from service.normalise.text import CleanLine
    >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, url="https://example.com/a")
    >>> page = Page("plain", body_lines=[CleanLine(1, "Menu"), CleanLine(2, "It rained.")])
    >>> drop_site_furniture(page, ctx, SiteEvidence("example.com", {fingerprint("menu"): 4}))
    {1: 3}
    >>> [line.text for line in page.body_lines], list(ctx.removed)
    (['It rained.'], [(1, 'site_furniture', 'Menu')])
    """
    if evidence is None or not evidence.pages or site_host(ctx.url) != evidence.host:
        return {}
    title = title_key(page.title) if page.title else None
    slug = slug_words(ctx.url)
    kept = _untitled_headline(page.body_lines) if page.title is None else None
    found: dict[int, int] = {}
    text_lines = 0
    for index, line in enumerate(page.body_lines):
        ctx.spend(line.number)
        if not line.text:
            continue
        text_lines += 1
        if len(line.text) > MAX_LINE_CHARS or index == kept:
            continue
        others = evidence.other_pages(line.text)
        if others >= evidence.least and not is_article_matter(line.text, title, slug):
            found[index] = others
    if not found or len(found) == text_lines:
        return {}  # an empty body: the page is a copy of the others, not furniture
    for index in found:
        ctx.remove(page.body_lines[index], REASON)
    notes = {page.body_lines[index].number: others for index, others in found.items()}
    page.body_lines = [line for index, line in enumerate(page.body_lines) if index not in found]
    return notes


def explain_site_furniture(
    removed: list[dict[str, object]], notes: dict[int, int], evidence: SiteEvidence | None
) -> None:
    """Give each ``site_furniture`` entry of the answer's ``removed`` its ``detail``: on how many
    other pages of which host the line stands (for a coalesced run, the range over its lines).

    >>> removed = [{"line": 1, "reason": "site_furniture", "text": "Menu"}]
    >>> explain_site_furniture(removed, {1: 3}, SiteEvidence("example.com", {}))
    >>> removed[0]["detail"]
    'appears on 3 other pages of example.com in this batch'
    """
    if not notes or evidence is None:
        return
    for entry in removed:
        if entry["reason"] != REASON:
            continue
        first = int(entry["line"])  # type: ignore[call-overload]
        last = int(entry.get("last_line", first))  # type: ignore[call-overload]
        counts = [count for number, count in notes.items() if first <= number <= last]
        if counts:
            entry["detail"] = evidence.explain(min(counts), max(counts) if last > first else None)
