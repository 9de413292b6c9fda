"""Where the article starts on a page saved whole: what stands before it leaves.

A scraper that saves the whole page as text puts menus, section lists, weather boxes and other
stories' headlines and excerpts above the article. The article's main run of prose is found by
``article_run``; this module decides how far above that run the article reaches, from two
kinds of general evidence:

* **The headline.** The last line above the run that repeats the page's title or its address's
  slug (``Rain closes the harbour road`` under ``…/rain-closes-the-harbour-road``) is the
  article's headline: what stands above it is page furniture (``above_headline``); what stands
  between it and the run (a standfirst, a byline, a list the article opens with) is judged as
  the article's own lines are.
* **The distance.** Without a headline, the article reaches up from its run through prose
  paragraphs that are at most a few short lines apart (jusText's context: a short line between
  good ones is good); a longer stretch of lines that are not prose (a menu, a list of section
  names) ends it, and all above leaves as ``before_article``.
"""

from __future__ import annotations

import re

from service.normalise.headline import fold_token, is_headline_shaped, slug_score, slug_words

#: The article reaches up through at most this many lines that are not prose in a row.
MAX_LEAD_GAP = 4
#: A line is the headline when it holds this share of the slug's words ...
_SLUG_HEADLINE = 0.6
#: ... or this share of the title's words (before the site's name), with at least this share
#: of its own words from the title.
_TITLE_COVER = 0.5
_OWN_COVER = 0.8
_MIN_TITLE_WORDS = 2
#: A headline is not much longer than the title or the slug it repeats (a line of tags that
#: repeats the slug's words many times over is not the headline).
_MAX_LENGTH_RATIO = 1.5
_WORD = re.compile(r"\w+")
#: What separates a headline from the site's name in a page's title (``Headline – Site``).
_SITE_SEPARATOR = re.compile(r"\s[|–—-]\s|\s::\s")


def _title_words(title: str | None) -> list[str]:
    """The folded words of the title's headline part (before ``| Site`` or ``– Site``).

    >>> _title_words("Calendário da Stock Car 2018 | Autoracing | F1")
    ['calendario', 'da', 'stock', 'car', '2018']
    """
    if not title:
        return []
    head = _SITE_SEPARATOR.split(title)[0]
    return [fold_token(word) for word in _WORD.findall(head)]


def is_headline_line(text: str, title: str | None, url: str | None) -> bool:
    """Whether a line repeats the page's headline: from its title or its address's slug.

    >>> is_headline_line("Rain closes the harbour road", "Rain closes the harbour road – "
    ...                  "Daily Tide", None)
    True
    >>> is_headline_line("Rain closes road", None,
    ...                  "https://example.com/2019/rain-closes-the-harbour-road/")
    True
    >>> is_headline_line("Harbour", "Rain closes the harbour road – Daily Tide", None)
    False
    >>> is_headline_line("Rain closes the harbour road again today after a long night of "
    ...                  "storms.", "Rain closes the harbour road", None)
    False
    """
    return _repeats_headline(text, slug_words(url), _title_words(title))


def _repeats_headline(text: str, slug: tuple[str, ...], wanted: list[str]) -> bool:
    if not is_headline_shaped(text) or text.rstrip()[-1:] == ".":
        return False
    words = [fold_token(word) for word in _WORD.findall(text)]
    if len(words) > _MAX_LENGTH_RATIO * max(len(slug), len(wanted)) + 2:
        return False
    if slug_score(text, slug) >= _SLUG_HEADLINE:
        return True
    if len(words) < _MIN_TITLE_WORDS or len(wanted) < _MIN_TITLE_WORDS:
        return False
    own = sum(1 for word in words if word in wanted) / len(words)
    cover = len(set(words) & set(wanted)) / len(set(wanted))
    return own >= _OWN_COVER and cover >= _TITLE_COVER


def headline_above(texts: list[str], first: int, title: str | None, url: str | None) -> int | None:
    """The index of the last line above ``first`` that repeats the headline, or None.

    >>> rows = ["Home", "Rain closes the harbour road", "By A. Writer", "The road shut."]
    >>> headline_above(rows, 3, "Rain closes the harbour road | Tide", None)
    1
    """
    slug, wanted = slug_words(url), _title_words(title)
    if not slug and len(wanted) < _MIN_TITLE_WORDS:
        return None
    for index in range(first - 1, -1, -1):
        if _repeats_headline(texts[index], slug, wanted):
            return index
    return None


def lead_start(
    texts: list[str], first: int, is_text: list[bool], is_list_heading: list[bool] | None = None
) -> int:
    """How far up from ``first`` (the start of its main run of prose) the article reaches:
    through lines of running text (``is_text``) at most ``MAX_LEAD_GAP`` other lines apart,
    never above a heading of other stories (``is_list_heading``: ``More stories``) with more
    than ``MAX_LEAD_GAP`` lines below it (a short box between the article's first paragraphs
    is an island). A few short lines at the top of the page stay: only a longer
    stretch ends the article.

    >>> flags = [False, False, False, False, False, False, True, False, True]
    >>> lead_start(["x"] * 9, 8, flags)
    6
    >>> lead_start(["x"] * 9, 6, flags)
    6
    >>> lead_start(["x"] * 4, 3, [False, False, False, True])
    0
    >>> heading = [False, True] + [False] * 6
    >>> lead_start(["x"] * 8, 7, [True, False] + [True] * 6, heading)
    2
    >>> lead_start(["x"] * 5, 4, [True, True, False, False, True], heading[:5])
    0
    """
    start, gap = first, 0
    for index in range(first - 1, -1, -1):
        if is_list_heading is not None and is_list_heading[index] and first - index > MAX_LEAD_GAP:
            return index + 1  # a long list below the heading; a short box is an island
        if is_text[index]:
            start, gap = index, 0
            continue
        gap += 1
        if gap > MAX_LEAD_GAP:
            return start
    return 0
