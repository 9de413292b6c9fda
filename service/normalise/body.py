"""The body: paragraphs from lines, boilerplate and repeats out, the dateline read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from service.normalise.article_run import select_article
from service.normalise.article_tail import dated_positions
from service.normalise.boilerplate import boilerplate_note, split_gallery_counter
from service.normalise.bylines import byline_name, read_byline
from service.normalise.credits import is_credit, split_source_note, split_trailing_credit
from service.normalise.datelines import read_dateline
from service.normalise.header import is_caption
from service.normalise.headline import SENTENCE_ENDS
from service.normalise.history import title_key
from service.normalise.language import stopwords
from service.normalise.page import Context, Page
from service.normalise.text import CleanLine, clean_line

#: A line starting with a list marker is its own paragraph, never a wrapped line.
_LIST_MARKER = re.compile(r"[•*▪●◦‣–—-] |\d{1,2}[.)] ")
#: A line at least this long that ends without a sentence end was wrapped (not a heading).
_WRAPPED_LINE = 40


def separator_style(lines: list[CleanLine], blanks_between: Callable[[int, int], int]) -> str:
    """How most of a page separates its lines: ``blank`` (a blank line between paragraphs)
    or ``single`` (a single line break). Runs of blank lines count once. ``lines`` are
    non-blank; ``blanks_between(a, b)`` counts the blank input lines between lines ``a`` and
    ``b`` (``Context.blanks_between``).

    >>> def blank_2(above, below):
    ...     return int(above < 2 < below)
    >>> separator_style([CleanLine(1, "A."), CleanLine(3, "B."), CleanLine(4, "C.")], blank_2)
    'blank'
    >>> separator_style([CleanLine(1, "A."), CleanLine(2, "B."), CleanLine(3, "C.")], blank_2)
    'single'
    """
    blank = single = 0
    above: int | None = None
    for line in lines:
        if above is not None:
            if blanks_between(above, line.number):
                blank += 1
            else:
                single += 1
        above = line.number
    return "blank" if blank >= single else "single"


def join_soft_wraps(
    block: Iterable[CleanLine], style: str = "single"
) -> Iterator[tuple[CleanLine, str]]:
    """Lines of one block -> paragraphs, each given as soon as the next one starts.

    A line joins the one above when that one does not end a sentence and this one starts in
    lower case (a hard-wrapped paragraph). On a page that separates paragraphs by blank
    lines (``style="blank"``), a single line break inside a block is a wrap too when the line
    above is long and ends mid-sentence, whatever case follows.

    >>> rows = join_soft_wraps([CleanLine(1, "The rain"), CleanLine(2, "fell."),
    ...                         CleanLine(3, "Next one.")])
    >>> [text for _, text in rows]
    ['The rain fell.', 'Next one.']
    >>> rows = join_soft_wraps([CleanLine(1, "The chief minister on Tuesday met Prime Minister"),
    ...                         CleanLine(2, "Narendra Modi in Delhi.")], "blank")
    >>> [text for _, text in rows]
    ['The chief minister on Tuesday met Prime Minister Narendra Modi in Delhi.']
    """
    # Each paragraph is gathered as its lines and cleaned once when joined: re-scanning and
    # re-cleaning the growing text for every wrapped line would be quadratic in its length.
    first: CleanLine | None = None
    parts: list[str] = []
    length = 0
    for line in block:
        text = line.text
        if first is not None and not _ends_sentence(parts[-1]):
            wrapped = text[:1].islower() or (
                style == "blank"
                and length >= _WRAPPED_LINE
                and not _LIST_MARKER.match(text)
                and not _LIST_MARKER.match(parts[0])
                and not _own_line(parts[-1], text)
            )
            if wrapped:
                parts.append(text)
                length += 1 + len(text)
                continue
        if first is not None:
            yield first, _joined(parts)
        first, parts, length = line, [text], len(text)
    if first is not None:
        yield first, _joined(parts)


def _joined(parts: list[str]) -> str:
    """A paragraph's lines as one text. Emphasis markers may open on one line and close on the
    next (``**0`` / ``a**``): the joined text is cleaned again so that the body is a fixed point.

    >>> _joined(["The **big", "storm** came."])
    'The big storm came.'
    """
    return parts[0] if len(parts) == 1 else clean_line(" ".join(parts))


def _own_line(above: str, text: str) -> bool:
    """Whether ``text`` stands on a line of its own, never the end of a wrapped line: a caption
    or byline line; a line repeating the opening of the one above (a caption printed twice);
    a line after a credit (``… - File Photo/Agency``); or a line a dateline opens.

    >>> _own_line("Crews at the harbour on Monday - Photo file/Wire", "HARBOURTON: The council")
    True
    >>> _own_line("Crews at the harbour on Monday as the storm", "Crews at the harbour on Monday")
    True
    >>> _own_line("The chief minister on Tuesday met Prime Minister", "Narendra Modi in Delhi.")
    False
    """
    return (
        is_caption(text)
        or byline_name(text) is not None
        or text[:_ECHO_LINE].casefold() == above[:_ECHO_LINE].casefold()
        or is_credit(above)
        or read_dateline(text) is not None
    )


#: Two lines that open with the same this many characters are one line printed twice.
_ECHO_LINE = 30


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (emphasis markers after the stop do not count).

    >>> _ends_sentence("It rained."), _ends_sentence("It rained.**"), _ends_sentence("and")
    (True, True, False)
    """
    return text.rstrip("*_")[-1:] in SENTENCE_ENDS


def build_paragraphs(page: Page, ctx: Context) -> list[str]:
    """Cut the body lines into paragraphs and drop boilerplate, captions and repeats.

    Whole-line boilerplate goes wherever it stands (ad labels sit between paragraphs);
    a paragraph equal to an earlier one or to the title is removed as a repeat. Whether a
    single line break ends a paragraph is judged by what most of the page does.
    """
    style = separator_style(page.body_lines, ctx.blanks_between)
    seen: set[str] = set()
    title = title_key(page.title) if page.title else None
    title_limit = 2 * len(page.title) + 20 if page.title else 0
    rows: list[tuple[CleanLine, str]] = []
    openings: dict[str, int] = {}  # how often each paragraph opening occurs on the page
    for block in _blocks(page, ctx):
        for line, text in join_soft_wraps(block, style):
            key = text.casefold()
            opening = key[:_ECHO_CHARS]
            openings[opening] = openings.get(opening, 0) + 1
            if key in seen:
                ctx.remove(line, "repeated_paragraph", text)
                continue
            if title is not None and len(text) <= title_limit and title_key(text) == title:
                ctx.remove(line, "repeated_title", text)
                continue
            seen.add(key)
            rows.append((line, text))
    if page.format != "aggregator" and not page.extracted:
        echoed = {
            index
            for index, (_, text) in enumerate(rows)
            if len(text) >= _ECHO_CHARS and openings[text.casefold()[:_ECHO_CHARS]] > 1
        }
        rows = _keep_article(rows, page, ctx, echoed)
    if rows:
        page.first_paragraph_line = rows[0][0].number
    return [text for _, text in rows]


def _blocks(page: Page, ctx: Context) -> Iterator[list[CleanLine]]:
    """The body's lines in blocks (a blank line ends one), each given once it is whole (a page
    is never held as all its blocks at once); whole-line boilerplate and gallery counters
    leave as they are met, wherever they stand (ad labels sit between paragraphs)."""
    block: list[CleanLine] = []
    above: int | None = None
    for line in page.body_lines:
        ctx.spend(line.number)
        if above is not None and block and ctx.blanks_between(above, line.number):
            yield block
            block = []
        above = line.number
        if boilerplate_note(line.text) is not None:
            ctx.remove(line, "boilerplate")
            continue
        if split_gallery_counter(line.text) is not None:
            ctx.remove(line, "caption")
            continue
        block.append(line)
    yield block


#: A paragraph whose first this many characters occur again on the page is echoed: a photo's
#: caption printed twice (as the picture's text and under it), or a standfirst repeated.
_ECHO_CHARS = 60


def _without_credit(
    line: CleanLine, text: str, page: Page, ctx: Context, caption: bool
) -> tuple[CleanLine, str] | None:
    """A paragraph without the credit after its last sentence (``(Reporting by …)``, ``Photo:
    …``); a reporter's name becomes the byline when the page names none. A paragraph closed by
    a photo credit that is echoed or stands right above the dateline that opens the article is
    the photo's caption: it goes whole (``None``)."""
    note = split_source_note(text)
    if note is not None:  # ``The post … appeared first on Site.`` closing a paragraph
        text = note[0]
        ctx.remove(line, "promo", note[1])
        if not text:
            return None
    split = split_trailing_credit(text)
    if split is None:
        return line, text
    kept, credit = split
    reporter = read_byline(credit)
    if reporter is not None and credit[1:].casefold().startswith("reporting"):
        page.byline = page.byline or reporter.name
        ctx.remove(line, "byline", credit)
    elif caption:
        ctx.remove(line, "caption", text)
        return None
    else:
        ctx.remove(line, "caption", credit)
    return line, kept


def _keep_article(
    rows: list[tuple[CleanLine, str]], page: Page, ctx: Context, echoed: set[int]
) -> list[tuple[CleanLine, str]]:
    """The paragraphs that are the article's run of prose; the rest leaves with its reason."""
    stops = stopwords(page.language)
    kept: list[tuple[CleanLine, str]] = []
    echoes: set[int] = set()
    # each paragraph read for a dateline once (it is asked of a row and of the row above it)
    opens_dateline = [read_dateline(text) is not None for _, text in rows] + [False]
    for index, (line, text) in enumerate(rows):
        above_dateline = opens_dateline[index + 1] and not opens_dateline[index]
        row = _without_credit(line, text, page, ctx, index in echoed or above_dateline)
        if row is not None:
            if index in echoed:
                echoes.add(len(kept))
            kept.append(row)
    rows = kept
    texts = [text for _, text in rows]
    row_lines = [line.number for line, _ in rows]

    def dated(first: int) -> list[int]:
        """The paragraphs that open with a short dated line, from the article's first on."""
        start = row_lines[first]
        below = [(line.number, line.text) for line in page.body_lines if line.number > start]
        return dated_positions(row_lines, below)

    cuts = {
        cut.index: cut.reason
        for cut in select_article(texts, stops, echoes, page.title, ctx.url, dated)
    }
    for index, reason in cuts.items():
        line, text = rows[index]
        ctx.remove(line, reason, text)
    return [row for index, row in enumerate(rows) if index not in cuts]
