"""Finding a page's headline from general evidence: the page's address and the page's shape.

Two kinds of evidence, in this order:

* **The address.** A news page's address nearly always carries a slug made from its headline
  (``/2019/03/23/rain-closes-the-harbour-road``). The line near the top that shares most of
  the slug's words is the headline, wherever it stands among menus, banners and captions.
* **The shape.** Without an address, or when the slug is in another language than the page,
  a page whose first line is headline-shaped and is followed, after at most a standfirst,
  a byline, a date line or a caption, by a paragraph of prose opens with its headline.

Everything above the headline is then page furniture (see ``header_zone.take_header_zone``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from urllib.parse import unquote, urlsplit

from service.normalise.credits import is_credit, is_credit_only, is_label
from service.normalise.language import main_script
from service.normalise.text import CleanLine

#: How far down a page the headline is looked for: non-blank lines and characters.
_SEARCH_LINES = 40
_SEARCH_CHARS = 5000
#: A headline is at most this long.
_MAX_HEADLINE_CHARS = 300
_MAX_HEADLINE_WORDS = 40
#: A slug needs this many word tokens to name a headline (``/news/12345`` names none).
_MIN_SLUG_WORDS = 3
#: The share of the slug's words a line must hold to be its headline, and the share of the
#: line's own words that must come from the slug (a paragraph that happens to use the
#: slug's words has many more words of its own).
_SLUG_COVER = 0.5
_LINE_COVER = 0.3
#: A slug cut short from a long headline: a line holding at least this many of its words and
#: this share of them is the headline however many words of its own it has.
_SHORT_SLUG_WORDS = 3
_SHORT_SLUG_COVER = 0.75
#: A headline written as a sentence (ending in a stop) must hold most of the slug, be short
#: and open the page: otherwise it is the article's first paragraph.
_SENTENCE_SLUG_COVER = 0.8
_MAX_SENTENCE_HEADLINE_WORDS = 20
_OPENING_LINES = 3
#: A prose line: a sentence of at least this many words (or characters, in scripts that
#: write no spaces).
_PROSE_WORDS = 12
_PROSE_CHARS_UNSPACED = 40

_TOKEN = re.compile(r"\w+")
_SLUG_SPLIT = re.compile(r"[\W_]+")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|cms|ece|jsp|shtml)$", re.IGNORECASE)
#: Path words that name a site's sections or formats, never a headline's words.
_URL_WORDS = frozenset(
    ("amp", "html", "htm", "php", "www", "com", "news", "article", "articles", "story")
    + ("stories", "index", "node", "post", "posts", "detail", "details", "content")
    + ("contents", "view", "read", "feed", "rss")
)
#: Sentence ends in the scripts of the news (Latin, Devanagari, Urdu, CJK, Armenian...).
SENTENCE_ENDS = frozenset('.!?…;:"”’)]。！？।۔؟')


@dataclass(frozen=True, slots=True)
class Headline:
    """The line chosen as the headline and the evidence for it, in words a user understands."""

    index: int
    evidence: str


def fold_token(token: str) -> str:
    """A word as addresses write it: lower case, accents off.

    >>> fold_token("Pacífico"), fold_token("Zürich")
    ('pacifico', 'zurich')
    """
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_unspaced(text: str) -> bool:
    """Whether a text is written in a script without spaces between words (CJK, Thai)."""
    return any(
        "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" or "\u0e00" <= c <= "\u0e7f"
        for c in text[:40]
    )


def _is_id(token: str) -> bool:
    """Numbers and machine ids (``20926961``, ``c57kw9k4nk``) are not headline words; a short
    number (``12``, ``2023``) may be."""
    digits = sum(c.isdigit() for c in token)
    if token.isdigit():
        return len(token) > 4
    if digits and len(token) >= 4 and all(c in "0123456789abcdef" for c in token.casefold()):
        return True  # a piece of a hexadecimal id (``788c624b-c9b7-…``)
    return digits >= 2 and len(token) >= 6


def slug_words(url: str | None) -> tuple[str, ...]:
    """The words of the address's slug (its wordiest path segment), or ``()``.

    >>> slug_words("https://example.com/2019/03/23/rain-closes-the-harbour-road/")
    ('rain', 'closes', 'the', 'harbour', 'road')
    >>> slug_words("https://example.com/news.php?nid=59302")
    ()
    >>> slug_words("https://example.com/world/storm-hits-coast-20926961.html")
    ('storm', 'hits', 'coast')
    >>> slug_words("https://example.com/storm-hits-coast_788c624b-c9b7-4d5b-bc49.html")
    ('storm', 'hits', 'coast')
    """
    if not url:
        return ()
    try:
        path = urlsplit(url).path
    except ValueError:
        return ()
    best: tuple[str, ...] = ()
    for segment in path.split("/"):
        segment = _PAGE_SUFFIX.sub("", unquote(segment))
        words = tuple(
            fold_token(word)
            for word in _SLUG_SPLIT.split(segment)
            if word and not _is_id(word) and word.casefold() not in _URL_WORDS
        )
        if len(words) > len(best):
            best = words
    return best if len(best) >= _MIN_SLUG_WORDS else ()


def _bigrams(text: str) -> set[str]:
    letters = "".join(c for c in text if c.isalnum())
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def slug_score(line: str, slug: tuple[str, ...]) -> float:
    """How much of the slug a line holds (0 to 1); 0 when the line is mostly other words.

    >>> slug = ("rain", "closes", "the", "harbour", "road")
    >>> slug_score("Rain closes the harbour road", slug)
    1.0
    >>> slug_score("Weather", slug)
    0.0
    >>> round(slug_score("東京で地震、震度1", ("東京で地震", "震度1")), 2)
    1.0
    >>> slug_score("Mayor, after the harbour vote: 'We will rebuild the road by the spring'",
    ...            ("mayor", "harbour", "vote", "april"))
    0.75
    """
    if not slug:
        return 0.0
    if is_unspaced(line) and is_unspaced(" ".join(slug)):
        wanted = _bigrams("".join(slug))
        have = _bigrams(line)
        if not wanted or not have:
            return 0.0
        shared = len(wanted & have)
        return shared / len(wanted) if shared / len(have) >= _LINE_COVER else 0.0
    words = [fold_token(word) for word in _TOKEN.findall(line)]
    if not words:
        return 0.0
    present = set(words)
    held = sum(1 for word in slug if word in present or _prefix_of_any(word, present))
    used = sum(1 for word in words if word in slug)
    if held < 2:
        return 0.0
    if used / len(words) < _LINE_COVER and not (
        held >= _SHORT_SLUG_WORDS and held / len(slug) >= _SHORT_SLUG_COVER
    ):
        return 0.0
    return held / len(slug)


def _prefix_of_any(word: str, present: set[str]) -> bool:
    """A slug cut short by the site (``inaugurati``) still names its word."""
    return len(word) >= 5 and any(other.startswith(word) for other in present)


#: Closing quotes: a line ending in one ends a sentence only when a stop stands before it.
_CLOSING_QUOTES = '"”’»」』'
_STOPS = frozenset(SENTENCE_ENDS) - frozenset(_CLOSING_QUOTES)


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: a stop, or a quote closed after its stop (a headline
    that ends on a quoted phrase, ``… ‘hearing those words’``, does not).

    >>> ends_sentence("It rained."), ends_sentence('"It rained," he said.')
    (True, True)
    >>> ends_sentence("“It will rain.”"), ends_sentence("Mayor calls the plan ‘a good start’")
    (True, False)
    >>> ends_sentence("Rain closes the harbour road"), ends_sentence("Prices rose. (AP)")
    (False, True)
    """
    text = text.rstrip("*_ ")
    unquoted = text.rstrip(_CLOSING_QUOTES)
    if unquoted != text:
        return unquoted[-1:] in _STOPS
    return text[-1:] in SENTENCE_ENDS


def is_prose(text: str) -> bool:
    """A line of running text: a sentence of some length.

    >>> is_prose("The harbour road was closed at dawn on Monday after the storm hit the coast.")
    True
    >>> is_prose("Rain closes the harbour road")
    False
    """
    if not ends_sentence(text):
        return text.count(" ") + 1 >= 3 * _PROSE_WORDS  # a long paragraph cut off mid-way
    if is_unspaced(text):
        return len(text) >= _PROSE_CHARS_UNSPACED
    return text.count(" ") + 1 >= _PROSE_WORDS


def is_headline_shaped(text: str) -> bool:
    """A line that can be a headline: a few words, not a sentence cut off, not a list item.

    >>> is_headline_shaped("Rain closes the harbour road"), is_headline_shaped("and then it rained")
    (True, False)
    >>> is_headline_shaped("• Menu"), is_headline_shaped("Published: 2025-03-02")
    (False, False)
    """
    if not text or len(text) > _MAX_HEADLINE_CHARS or text[0].islower():
        return False
    if text[0] in "•·*-–—|>»/([{<#@" or text.endswith((",", ":", "|", "-")):
        return False
    if is_unspaced(text):
        return 6 <= len(text) <= 120
    words = text.split(" ")
    wordy = sum(1 for word in words if sum(c.isalpha() for c in word) >= 2)
    return wordy >= 2 and len(words) <= _MAX_HEADLINE_WORDS


def _subtitle(text: str, headline: str) -> bool:
    """A line below a headline that ends no sentence and speaks of the same thing (shares a
    word with it, or in scripts without spaces two characters running).

    >>> _subtitle("Council explains the pier plan", "Harbour pier to close for repairs")
    True
    >>> _subtitle("Schools closed on Monday", "Rain returns to the city")
    False
    """
    if ends_sentence(text):
        return False
    if is_unspaced(text):
        return len(_bigrams(text) & _bigrams(headline)) >= 2
    words = {fold_token(word) for word in _TOKEN.findall(headline) if len(word) >= 4}
    return any(fold_token(word) in words for word in _TOKEN.findall(text) if len(word) >= 4)


def _window(lines: list[CleanLine], sentences: bool) -> list[tuple[int, str]]:
    """The non-blank lines the headline is looked for among, each with how it stands: ``top``
    above the article's first paragraph (a headline stands above its article); ``sentence``,
    a short line of prose that reads as a headline (some end in ``?``, a quote or a stop);
    ``below``, lines further down on a page whose top is a banner of prose (cookie and
    paywall notices). ``sentence`` and ``below`` lines need more of the slug. A dateline page
    whose first line is prose opens with its article: nothing below it is looked at."""
    found: list[tuple[int, str]] = []
    chars = 0
    below = False
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if is_prose(text):
            if not found and not sentences:
                break
            if _sentence_headline(text, islice(lines, index + 1, None)):
                found.append((index, "sentence"))
            below = True
        else:
            found.append((index, "below" if below else "top"))
        chars += len(text)
        if len(found) >= _SEARCH_LINES or chars >= _SEARCH_CHARS:
            break
    return found


def _above_credit(lines: list[CleanLine], index: int) -> bool:
    """Whether the next line is only a photo credit (the line is then the photo's caption)."""
    following = next((line.text for line in islice(lines, index + 1, None) if line.text), "")
    return is_credit_only(following)


def _sentence_headline(text: str, below: Iterable[CleanLine]) -> bool:
    """Whether a line of prose can be a headline: short, and if it ends in a stop, followed by
    a paragraph at least twice as long (a first paragraph is followed by more of its kind)."""
    if text.count(" ") >= _MAX_SENTENCE_HEADLINE_WORDS:
        return False
    if text[-1:] not in ".;。":
        return True
    following = next((line.text for line in below if line.text), "")
    return is_prose(following) and len(following) >= 2 * len(text)


def headline_by_slug(
    lines: list[CleanLine], url: str | None, *, sentences: bool = True, script: str | None = None
) -> Headline | None:
    """The line above the article's first paragraph that holds most of the address's slug;
    ``sentences``: whether the search may go on below the first prose line (on a dateline
    page, only when the page does not open with prose: then its article starts at once).

    >>> rows = [CleanLine(1, "Menu"), CleanLine(2, "Rain closes the harbour road"),
    ...         CleanLine(3, "The road closed at dawn on Monday as the storm reached the coast.")]
    >>> headline_by_slug(rows, "https://example.com/rain-closes-harbour-road").index
    1
    """
    slug = slug_words(url)
    if not slug:
        return None
    best: tuple[float, int] | None = None
    for index, standing in _window(lines, sentences):
        text = lines[index].text
        if len(text) > _MAX_HEADLINE_CHARS or text.count(" ") >= _MAX_HEADLINE_WORDS:
            continue
        if is_credit(text) or _above_credit(lines, index):
            continue  # a photo caption describes the story too, in the slug's words
        if script is not None and main_script(text) != script:
            continue  # a translation or a menu: the headline is in the page's script
        score = slug_score(text, slug)
        needed = _SLUG_COVER if standing == "top" else _SENTENCE_SLUG_COVER
        if score >= needed and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    return Headline(best[1], f"shares {best[0]:.0%} of the address's words")


def headline_by_shape(
    lines: list[CleanLine],
    is_header_line,  # noqa: ANN001 - a callable: index -> bool
    start: int = 0,
    script: str | None = None,
) -> Headline | None:
    """The page's first line from ``start`` (after furniture such as ad labels), when it is
    headline-shaped and prose follows it closely.

    ``is_header_line(index)`` says whether a line is furniture, a date line, a byline or a
    caption, which may stand above a headline or between it and its first paragraph, as may
    labels and photo credits; ``script`` is the page's (a headline is written in it). One
    standfirst or subtitle may stand there too: a line longer than the headline, or a shorter
    one that ends no sentence (a shorter sentence is as likely a paragraph of its own).

    >>> rows = [CleanLine(1, "Rain closes the harbour road"), CleanLine(2, ""),
    ...         CleanLine(3, "The road closed at dawn on Monday as the storm reached the coast.")]
    >>> headline_by_shape(rows, lambda i: False).index
    0
    >>> headline_by_shape(rows[2:], lambda i: False) is None
    True
    """
    # (the first few only: a list of every line's index would cost more than the lines)
    found = (index for index in range(start, len(lines)) if lines[index].text)
    order = list(islice(found, _OPENING_LINES * 3))

    def aside(index: int) -> bool:  # furniture, a date, a byline, a caption or a label
        text = lines[index].text
        return is_header_line(index) or is_label(text) or (not is_prose(text) and is_credit(text))

    while order and aside(order[0]):
        order.pop(0)
    if order and _above_credit(lines, order[0]):
        return None
    if not order or not is_headline_shaped(lines[order[0]].text):
        return None
    first = lines[order[0]].text
    if script is not None and main_script(first) != script:
        return None  # a button or a label in another script than the page's
    if is_prose(first) or (first[-1:] in ".;:。।۔" and not first.endswith("...")):
        return None
    standfirst = False
    for position, index in enumerate(order[1:]):
        text = lines[index].text
        if position == 0 and text[:1].islower():
            return None  # the first line is a sentence wrapped onto the next
        if is_prose(text):
            return Headline(order[0], "the first line, followed by the article's first paragraph")
        if aside(index):
            continue
        if standfirst or (len(text) <= len(first) and not _subtitle(text, first)):
            return None  # a shorter line is as likely a paragraph or a headline of its own
        standfirst = True
    return None
