"""The article as one run of prose: what stands around it and in short islands inside it goes.

The evidence is general, after jusText and boilerpipe: article paragraphs are sentences of
some length, about a third of whose words are stop words of the page's language; furniture is
short, ends no sentence, holds few stop words, or is announced by a fixed vocabulary
(``furniture``). Each paragraph that goes is named with a reason a user understands:

* ``caption``: a photo caption or credit (``… | File Image``, ``(Photo by … / AFP)``);
* ``promo``: a line promoting another story or the site (``Also Read: …``, ``Disclaimer: …``);
* ``chrome``: a label between the headline and the first paragraph (``PA Wire``, ``-``);
* ``other_stories``: a run of other stories' headlines inside the article;
* ``after_article``: what follows the article's last paragraph: a heading such as
  ``Related Stories`` or ``Most Read`` and all below it, and trailing lists of other stories'
  headlines and excerpts cut short (``…``).

A page on which no paragraph reads as prose is left as it is: there is nothing to anchor on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from service.normalise.article_lead import headline_above, lead_start
from service.normalise.article_tail import collapse_start, is_date_line, islands, series_start
from service.normalise.credits import is_credit, is_credit_only, is_label, is_markup
from service.normalise.datelines import read_dateline
from service.normalise.furniture import (
    CALLS_TO_ACTION,
    END_HEADINGS,
    PROMO_CAPITALS,
    PROMO_PREFIXES,
    SIGN_UP_WORDS,
)
from service.normalise.headline import ends_sentence, is_prose, is_unspaced
from service.normalise.language import stop_share
from service.normalise.teasers import title_case_opening

#: Article prose holds at least this share of stop words (when the language has a list).
_MIN_PROSE_STOPS = 0.12
#: Wordy text without a sentence end is still prose with at least this share of stop words.
_MIN_LONG_STOPS = 0.2
#: A complete sentence this long, with stop words, is article text even when short.
_MIN_SENTENCE_WORDS = 5
_MIN_SENTENCE_CHARS_UNSPACED = 12
#: What a line that is not prose costs a run of prose, besides half its length.
_LINE_COST = 20
#: The article is the first run of prose at least this share as rich as the richest.
_RICH_ENOUGH = 0.5
#: Other stories' headlines come in runs of at least this many, each of at least that many words.
_MIN_LINK_RUN = 3
_MIN_LINK_WORDS = 4
#: Headings and labels are at most this many words.
_MAX_HEADING_WORDS = 8
_MAX_PROMO_WORDS = 40
#: A short line that asks the reader to sign up is the site's, not the article's.
_MAX_SIGN_UP_WORDS = 16
#: A last paragraph this long with stop words is kept as the crawler's cut, wherever it stands.
_MIN_CUT_WORDS = 12
_WORDS = re.compile(r"\w+")
_CUT_SHORT = ("…", "...", "[…]", "[...]")
_LIST_MARKS = frozenset({"• ", "- ", "* ", "– ", "— ", "▪ ", "● "})


@dataclass(frozen=True, slots=True)
class Cut:
    """One paragraph that leaves the article: its position among the rows and the reason."""

    index: int
    reason: str


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" :：-–—|»>")


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def is_article_prose(text: str, stops: frozenset[str]) -> bool:
    """A paragraph of the article's running text: prose with the stop words of its language,
    not an excerpt cut short (``…``).

    >>> from service.normalise.language import stopwords
    >>> is_article_prose("The council said on Monday that the road would stay closed for a "
    ...                  "week while crews repair it.", stopwords("en"))
    True
    >>> is_article_prose("Police Command Debunks Rumours Of Planned Raids In Lagos State Tonight "
    ...                  "As Residents Share Messages", stopwords("en"))
    False
    """
    if text.endswith(_CUT_SHORT) or not is_prose(text) or title_case_opening(text, stops):
        return False
    return not stops or stop_share(text, stops) >= _MIN_PROSE_STOPS


def is_sentence(text: str, stops: frozenset[str]) -> bool:
    """A complete sentence with stop words, however short (an article's last line may be).

    >>> from service.normalise.language import stopwords
    >>> is_sentence("He will be sworn in on Monday.", stopwords("en"))
    True
    >>> is_sentence("Most Viewed Video Stories", stopwords("en"))
    False
    """
    if text.endswith(_CUT_SHORT) or not ends_sentence(text):
        return False
    if is_unspaced(text):
        return len(text) >= _MIN_SENTENCE_CHARS_UNSPACED
    if _word_count(text) < _MIN_SENTENCE_WORDS:
        return False
    return not stops or stop_share(text, stops) >= _MIN_PROSE_STOPS


@lru_cache(maxsize=4096)
def end_heading(text: str) -> bool:
    """A heading that ends the article (``Related Stories``, ``Most Read``, ``Más leídas``).

    >>> end_heading("Related Stories"), end_heading("Related talks resume in Geneva today")
    (True, False)
    """
    if _word_count(text) > _MAX_HEADING_WORDS or text.rstrip()[-1:] in ".!?":
        return False
    folded = _fold(text).lstrip("\"'“ ")
    words = _word_count(folded)
    for heading in END_HEADINGS:
        size = _word_count(heading)
        if folded.startswith(heading) and words <= size + 2:
            return True
        if heading in folded and words <= size + 1:
            return True  # ``"Business" POPULAR ARTICLE``
    return False


def promo_note(text: str) -> bool:
    """A line promoting another story or the site (``Also Read: …``, ``Disclaimer: …``).

    >>> promo_note("Also Read: Ten things to know about the budget"), promo_note("Also, it rained.")
    (True, False)
    """
    casefolded = text.casefold()
    if _word_count(text) > _MAX_PROMO_WORDS and not casefolded.startswith("disclaimer"):
        return False
    folded = casefolded.lstrip("\"'“ ")
    if folded.startswith(PROMO_PREFIXES):  # str.startswith tries the whole tuple in C
        return True
    if _word_count(text) <= _MAX_SIGN_UP_WORDS and any(word in folded for word in SIGN_UP_WORDS):
        return True  # ``Stay up to date. Subscribe to our newsletter.``
    return text.startswith(PROMO_CAPITALS)


def select_article(
    texts: list[str],
    stops: frozenset[str],
    echoed: frozenset[int] | set[int] = frozenset(),
    title: str | None = None,
    url: str | None = None,
    dated: Callable[[int], list[int]] | None = None,
) -> list[Cut]:
    """The paragraphs (by index) that are not the article, each with its reason. ``echoed``:
    paragraphs whose opening occurs twice on the page (a caption printed twice), which are a
    photo's caption when they end no sentence or a credit line or another caption follows them.
    ``title`` and ``url`` name the headline, above which all is page furniture
    (``article_lead``); ``dated`` gives, for the article's first paragraph, the paragraphs
    below it that open with a short dated line (a series of them is not the article,
    ``article_tail``).

    >>> from service.normalise.language import stopwords
    >>> rows = ["Harbour",
    ...         "The council said on Monday that the road would stay closed for a week.",
    ...         "Also Read: Ten things to know about the budget",
    ...         "Crews began work at dawn and expect to finish before the weekend.",
    ...         "Most Read",
    ...         "Another story about something else entirely"]
    >>> [(cut.index, cut.reason) for cut in select_article(rows, stopwords("en"))]
    [(0, 'chrome'), (2, 'promo'), (4, 'after_article'), (5, 'after_article')]
    """
    prose = plain_prose = [is_article_prose(text, stops) for text in texts]
    if not any(prose):  # a teaser page: its article is an excerpt cut short (``…``)
        prose = [is_article_prose(text.rstrip(".… "), stops) for text in texts]
    if not any(prose):
        return []
    first = _main_run_start(texts, prose)
    cuts: dict[int, str] = _before_article(texts, stops, first, title, url)
    limit = series_start(texts, first, len(texts), dated(first) if dated else None)
    # only the article's stretch is judged: what stands above it is settled already
    running = [
        index >= first and (plain_prose[index] or _other_running_text(text, stops))
        for index, text in enumerate(texts)
    ]
    limit = collapse_start(texts, running, prose, first, limit, stops)
    headings = [index for index in range(first + 1, limit) if end_heading(texts[index])]
    boxes = islands(texts, headings, prose, first, limit, stops)
    end = _article_end(texts, stops, first, limit, boxes)
    for index in range(end, len(texts)):
        cuts[index] = "after_article"
    for heading, resumed in boxes.items():
        if heading < end:
            cuts.update(dict.fromkeys(range(heading, resumed), "other_stories"))
    for index in range(end):
        text = texts[index]
        if promo_note(text):
            cuts[index] = "promo"
        elif index in echoed and not ends_sentence(text):
            cuts[index] = "caption"  # a photo's caption, printed twice
        elif is_credit(text):
            cuts[index] = "caption"
            if (
                index > 0
                and (texts[index - 1].rstrip()[-1:] not in ".!?" or index - 1 in echoed)
                and is_credit_only(text)
                and (index - 1 >= first or not is_label(texts[index - 1]))
            ):
                cuts[index - 1] = "caption"  # the description above its credit
        elif index in cuts:
            continue
        elif index < first and is_label(text) and read_dateline(text) is None:
            cuts[index] = "chrome"
        elif first < index < end - 1 and _picture_text(text):
            cuts[index] = "caption"
        elif not _WORDS.search(text) or is_markup(text) or _contact_line(text):
            cuts[index] = "chrome"  # a stray mark (``-``), a script's remnant, a phone number
    for index in _other_stories(texts, stops, -1, first):
        cuts.setdefault(index, "other_stories")
    for index in _other_stories(texts, stops, first, end):
        cuts.setdefault(index, "other_stories")
    return [Cut(index, reason) for index, reason in sorted(cuts.items())]


#: A line that only gives a way to reach the site: ``Phone: +41 41 000 00 00``,
#: ``E-mail info@example.com``.
_CONTACT = re.compile(
    r"(?:phone|tel|telephone|fax|e-?mail|mobile)\.?:? ?"
    r"(?:\+?[\d ()./-]{6,24}\d|[\w.+-]{1,40}@[\w-]{1,40}\.[\w.]{2,20})",
    re.IGNORECASE,
)


def _contact_line(text: str) -> bool:
    """A line that is only a phone number or an e-mail address after its label.

    >>> _contact_line("Phone: +41 41 000 00 00"), _contact_line("E-mail info@example.com")
    (True, True)
    >>> _contact_line("Phone the council on 0800 000 000 to report a fault.")
    False
    """
    return len(text) <= _MAX_CONTACT_CHARS and _CONTACT.fullmatch(text.strip()) is not None


_MAX_CONTACT_CHARS = 80


def _picture_text(text: str) -> bool:
    """A few words in lower case that end no sentence, between the article's sentences: a
    picture's description (a heading starts in capitals; a wrapped line joins the one above).

    >>> _picture_text("photo of the harbour after the storm"), _picture_text("Harbour repairs")
    (True, False)
    >>> _picture_text("and the mayor said it would reopen.")
    False
    """
    return (
        text[:1].islower()
        and _word_count(text) <= _MAX_HEADING_WORDS
        and not ends_sentence(text)
        and not _list_item(text)
    )


def _before_article(
    texts: list[str], stops: frozenset[str], first: int, title: str | None, url: str | None
) -> dict[int, str]:
    """What stands above the article on a page saved whole: above its headline, or above the
    prose that reaches up from its main run (``article_lead``)."""
    headline = headline_above(texts, first, title, url)
    if headline is not None:
        cuts = dict.fromkeys(range(headline), "above_headline")
        cuts[headline] = "repeated_title"
        return cuts
    running = [
        is_article_prose(text, stops)
        or is_sentence(text, stops)
        or _long_prose(text, stops, cut_short=True)
        for text in texts[:first]
    ]
    headings = [end_heading(text) for text in texts[:first]]
    return dict.fromkeys(range(lead_start(texts, first, running, headings)), "before_article")


def _main_run_start(texts: list[str], prose: list[bool]) -> int:
    """Where the article's run of prose starts: the first stretch of prose that is at least
    half as rich as the richest (characters of prose, less a cost for each line that is
    not), never across a heading that ends an article. On a whole page saved as text, menus
    and sidebars with a caption or two come before it; after an article, excerpts of other
    stories may be richer than a short article, which still comes first."""
    runs: list[tuple[float, int]] = []  # (best score reached, start) of each run
    running, start = 0.0, None
    for index, text in enumerate(texts):
        if end_heading(text):
            running, start = 0.0, None
            continue
        gain = len(text) if prose[index] else -(_LINE_COST + len(text) / 2)
        if start is None or running <= 0:
            if gain <= 0:
                running, start = 0.0, None
                continue
            running, start = gain, index
            runs.append((running, start))
        else:
            running += gain
            if running > runs[-1][0]:
                runs[-1] = (running, start)
    if not runs:
        return prose.index(True)
    best = max(score for score, _ in runs)
    return next(begin for score, begin in runs if score >= _RICH_ENOUGH * best)


def _other_stories(texts: list[str], stops: frozenset[str], first: int, end: int) -> list[int]:
    """Inside the article, runs of three or more headlines in a row (no sentence among them,
    no list marks): links to other stories. A longer line that ends no sentence right after
    such a run is one more of them (a headline made of a quote)."""
    found: list[int] = []
    run: list[int] = []
    for index in [*range(first + 1, end), end]:
        text = texts[index] if index < end else ""
        if index < end and (
            _headline_link(text, stops) or (len(run) >= _MIN_LINK_RUN and _long_link(text, stops))
        ):
            run.append(index)
            continue
        if len(run) >= _MIN_LINK_RUN:
            found.extend(run)
        run = []
    return found


#: A headline beside other headlines may run to this many words.
_MAX_LONG_LINK_WORDS = 30


def _long_link(text: str, stops: frozenset[str]) -> bool:
    return (
        _word_count(text) <= _MAX_LONG_LINK_WORDS
        and not ends_sentence(text)
        and not text[:1].islower()
        and not is_article_prose(text, stops)
        and not _list_item(text)
    )


def _headline_link(text: str, stops: frozenset[str]) -> bool:
    words = _word_count(text)
    return (
        _MIN_LINK_WORDS <= words <= _MAX_HEADING_WORDS + 8
        and text.rstrip("\"'”’)»」』 ")[-1:] not in ".!?。！？"
        and not is_article_prose(text, stops)
        and not _list_item(text)
        and not text[:1].islower()  # scripts without capitals have no upper case either
    )


def _article_end(
    texts: list[str], stops: frozenset[str], first: int, limit: int, boxes: dict[int, int]
) -> int:
    """Where the article ends: at a heading such as ``Related Stories``, else after its last
    sentence (what trails it is other stories' headlines and excerpts), keeping a last
    paragraph the crawler cut off mid-way; never past ``limit``, where a series of dated
    records begins (``article_tail``)."""
    end = limit
    for index in range(first + 1, limit):
        if end_heading(texts[index]) and index not in boxes:
            end = index
            break
    last = end
    while last > first + 1:
        text = texts[last - 1]
        if (
            is_article_prose(text, stops)
            or is_sentence(text, stops)
            or _list_item(text)
            or _long_prose(text, stops)
        ):
            break
        if last == len(texts) and _cut_off_paragraph(texts, stops, last - 1):
            break
        last -= 1
    return last


def _other_running_text(text: str, stops: frozenset[str]) -> bool:
    """Running text other than article prose (which the caller has told already): a
    sentence, a wordy paragraph or a list item."""
    return is_sentence(text, stops) or _list_item(text) or _long_prose(text, stops)


def _long_prose(text: str, stops: frozenset[str], cut_short: bool = False) -> bool:
    """Wordy text with the stop words of its language, whatever its last character (a
    paragraph running into a quote, or cut off by the crawler; with ``cut_short``, also an
    excerpt ending ``…``)."""
    if (text.endswith(_CUT_SHORT) and not cut_short) or _word_count(text) < _MIN_CUT_WORDS:
        return False
    return not stops or stop_share(text, stops) >= _MIN_LONG_STOPS


def _list_item(text: str) -> bool:
    """An item of a list the article makes (``• Three new phones …``): marked, and wordy."""
    return text[:2] in _LIST_MARKS and _word_count(text) >= _MIN_SENTENCE_WORDS


def _cut_off_paragraph(texts: list[str], stops: frozenset[str], index: int) -> bool:
    """The page's last paragraph, cut off by the crawler in the middle of the article: right
    after article prose (or a short heading above it).

    >>> from service.normalise.language import stopwords
    >>> page = ["The council said on Monday that the road would stay closed for a week.",
    ...         "On Tuesday the mayor"]
    >>> _cut_off_paragraph(page, stopwords("en"), 1)
    True
    >>> _cut_off_paragraph(["Other story headline here", "Another excerpt of a story"],
    ...                    stopwords("en"), 1)
    False
    >>> _cut_off_paragraph([page[0], "WEATHER · 2 HOURS AGO"], stopwords("en"), 1)
    False
    >>> _cut_off_paragraph([page[0], "To send flowers please visit our shop"], stopwords("en"), 1)
    False
    """
    text = texts[index]
    if is_date_line(text):
        return False  # a date line under the article (``May 19, 2022 | 10:59 PM``)
    if any(c.isupper() for c in text) and not any(c.islower() for c in text):
        return False  # a label in capitals (``BUSINESS · 3 DAYS AGO``)
    folded = text.casefold()
    if any(words in folded for words in CALLS_TO_ACTION):
        return False  # the site asks the reader to act (``… please visit our store``)
    before = index - 1
    if before >= 0 and _word_count(texts[before]) <= _MAX_HEADING_WORDS + 2:
        before -= 1
    return before >= 0 and is_article_prose(texts[before], stops)
