"""``normalise_html``: a page's HTML to the same article as its text gives, plus markup facts.

The steps: decode the bytes (``decode``), parse (``extract.parse_document``), read what the
markup states (``metadata``), find the main content's blocks (``extract.main_blocks``, and
the parts of an article split over sibling containers, ``siblings``), drop
the blocks that are the site's rather than the article's (``rules``), and hand the rest to
the text pipeline as paragraphs, with the markup's title, times, byline and site as what is
already ``known``. An aggregator page, or a page where no main content is found, goes to the
text pipeline whole (its full text), as a scraper that saved the page's text would send it.

Line numbers in ``removed`` and ``warnings`` are the HTML document's (the first line where the
dropped text is found in the source), so that a reader can find the block in the page.

>>> page = ('<html lang="en"><head><title>Ferry back | Harbour News</title>'
...         '<meta property="article:published_time" content="2025-03-02T09:30:00+01:00">'
...         '</head><body><nav><a href="/">Home</a></nav><article><h1>Ferry back</h1>'
...         + "".join(f"<p>The harbour ferry resumed crossing number {n} after repairs.</p>"
...                   for n in range(3)) + '</article></body></html>')
>>> article = normalise_html(page, reference_time="2025-03-24T12:00:00Z")
>>> article["title"], article["published"]["value"], article["language"]
('Ferry back', '2025-03-02T08:30:00Z', 'en')
>>> article["body"].count("ferry resumed")
3
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from lxml.html import HtmlElement

from service.normalise.bounds import WorkBudget
from service.normalise.datephrases import looks_like_time_line
from service.normalise.errors import InvalidOptionError
from service.normalise.history import title_key
from service.normalise.html.blocks import Block
from service.normalise.html.decode import decode_html
from service.normalise.html.extract import (
    anchor_texts,
    full_text,
    main_blocks,
    parse_document,
    stripped_text,
)
from service.normalise.html.locate import locate
from service.normalise.html.metadata import Markup, read_markup
from service.normalise.html.rules import drop_site_blocks
from service.normalise.html.siblings import continuation_blocks
from service.normalise.known import Known
from service.normalise.layout import detect_layout, opening_lines
from service.normalise.page_lines import clean_text
from service.normalise.pipeline import normalise
from service.normalise.statements import read_time_line
from service.normalise.timeref import Stamp, load_zone, parse_absolute, parse_age

#: Above this many elements the main-content extractor is not run (its time grows faster than
#: the page: 100,000 link rows took 30 s); the page's full text goes to the core instead. The
#: benchmark's largest page has under 1,600.
MAX_ELEMENTS = 15_000
_FIRST_YEAR = 1990  # before the web: a publishing system's placeholder, not a date
_ABOVE_TITLE, _BELOW_TITLE = 3, 12  # lines around the headline searched for a time line
_ANY_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)
_OPENING = 1500  # characters of a page's text that show the aggregator layout


def normalise_html(
    html: bytes | str,
    *,
    reference_time: datetime | str | None = None,
    timezone: str | None = None,
    url: str | None = None,
    charset: str | None = None,
    budget: WorkBudget | None = None,
) -> dict[str, object]:
    """Normalise one page given as HTML (bytes in ``charset``, or detected; or text).

    Raises ``InvalidOptionError`` for a bad option; never for the document, whatever it holds.
    """
    if not isinstance(html, bytes | str):
        raise InvalidOptionError("html", "html must be bytes or a string")
    zone = load_zone(timezone or "UTC")
    source = decode_html(html, charset).text
    tree = parse_document(source)
    markup = read_markup(tree, url) if tree is not None else Markup()
    known = Known(
        title=markup.title,
        published=first_time(markup.published, zone),
        updated=first_time(markup.updated, zone),
        byline=", ".join(markup.authors) or None,
        source=markup.site_name,
        language=markup.language,
    )
    removed: list[dict[str, object]] = []
    extractable = tree is not None and _size_of(tree) <= MAX_ELEMENTS and not is_aggregator(tree)
    blocks = main_blocks(tree) if extractable else []
    if blocks:
        blocks += continuation_blocks(tree, blocks)
        listed = any(block.kind in ("item", "row") for block in blocks)
        kept, dropped = drop_site_blocks(blocks, markup, anchor_texts(tree) if listed else set())
        removed = [{"line": None, "reason": reason, "text": b.text} for b, reason in dropped]
        lines = _paragraph_lines(kept)
        if known.published is None:
            lines = header_time_lines(full_text(tree), markup.title) + lines
    else:
        whole = full_text(tree) if tree is not None else ""
        lines = (whole or stripped_text(source)).split("\n")
    article = normalise(
        "\n".join(lines),
        reference_time=reference_time,
        timezone=timezone,
        url=url,
        known=known,
        budget=budget,
    )
    article["removed"] = removed + article["removed"]
    _locate_lines(article, lines, source)
    article.update(
        canonical_url=markup.canonical_url,
        image=markup.image,
        authors=markup.authors,
        language=article["language"],
        site_name=markup.site_name,
    )
    return article


def _size_of(tree: HtmlElement) -> int:
    """How many elements the tree holds."""
    return int(tree.xpath("count(//*)"))  # counted by libxml2, not element by element


def first_time(values: list[str], zone: tzinfo) -> Stamp | None:
    """The first of the markup's times that reads as a plausible date (a publishing system's
    empty default such as ``0001-01-01`` is passed over).

    >>> from datetime import UTC
    >>> first_time(["0001-01-01T00:00:00Z", "2019-11-20T01:53:14Z"], UTC).as_dict()["value"]
    '2019-11-20T01:53:14Z'
    """
    for value in values:
        stamp = parse_absolute(value[:100], zone)
        if stamp is not None and stamp.value.year >= _FIRST_YEAR:
            return stamp
    return None


def header_time_lines(text: str, title: str | None) -> list[str]:
    """Lines near the headline in the page's full text that state a time (``November 18,
    2019``, ``Updated 10:04 AM``): the core's header zone reads them when the markup states
    no time. Where the headline is not found, the page's opening is searched.

    >>> header_time_lines("Menu\\nFerry back\\nBy Ann Reed\\nMarch 2, 2025\\nText.", "Ferry back")
    ['March 2, 2025', '']
    """
    lines = [line.strip() for line in text.split("\n")]
    wanted = title_key(title) if title else None
    start = next((i for i, line in enumerate(lines) if wanted and title_key(line) == wanted), 0)
    found = [
        line
        for line in lines[max(0, start - _ABOVE_TITLE) : start + _BELOW_TITLE]
        if line and looks_like_time_line(line) and _states_time(line)
    ]
    return found[:2] + [""] if found else []


def _states_time(line: str) -> bool:
    """Whether the core's header reader takes ``line`` as a time statement (the zone and the
    reference time do not change that; the core reads the line again with the real ones)."""
    return read_time_line(line, UTC, _ANY_REFERENCE) is not None


def is_aggregator(tree: HtmlElement) -> bool:
    """Whether the page's text has the aggregator layout (title, age, title again, ...): its
    opening is read first, the whole text only when the opening's second line is an age.

    >>> import lxml.html
    >>> is_aggregator(lxml.html.document_fromstring("<h1>Rain</h1><p>2 hours ago</p>"
    ...     "<h2>Rain</h2><p>It rained.</p>"))
    True
    """
    head = full_text(tree, limit=_OPENING)
    lines = clean_text(head).lines
    if detect_layout(head, lines) == "aggregator":
        return True
    opening = [line.text for line in opening_lines(lines, 40)][:2]
    if len(opening) < 2 or parse_age(opening[1]) is None:
        return False
    whole = full_text(tree)
    return detect_layout(whole, clean_text(whole).lines) == "aggregator"


def _paragraph_lines(blocks: list[Block]) -> list[str]:
    """The blocks as the core's input: one paragraph each, a blank line between."""
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.extend(block.text.split("\n"))
    return lines


def _locate_lines(article: dict[str, object], lines: list[str], source: str) -> None:
    """Give ``removed`` and ``warnings`` the HTML document's line numbers."""
    for item in article["removed"]:
        item["line"] = locate(source, str(item["text"]))
    for warning in article["warnings"]:
        number = warning["line"]
        if isinstance(number, int) and 0 < number <= len(lines):
            warning["line"] = locate(source, lines[number - 1])
