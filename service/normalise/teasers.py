"""Other stories' teasers on a page saved whole: a headline in title case, often glued to the
first words of its excerpt (``Customers Leave Without Paying At The Steakhouse A party of six
left …``).

Headlines in English and a few other languages capitalise every word, stop words included
(``Of``, ``At``, ``To``); running text capitalises a stop word only to open a sentence. A line
that opens with several capitalised stop words is a headline, however long the excerpt glued
to it: it is not the article's prose.
"""

from __future__ import annotations

import re

#: How many words open a line (the headline part of a teaser) ...
OPENING_WORDS = 12
#: ... and how many of them, after the first, must be capitalised stop words.
MIN_CAPITAL_STOPS = 2
_WORD = re.compile(r"\w+")
#: A word right after these opens a sentence (or a quote, or a headline's second part).
_OPENERS = frozenset(".!?:;\"“‘'([—–-|")


def title_case_opening(text: str, stops: frozenset[str]) -> bool:
    """Whether a line opens with a headline in title case (capitalised stop words).

    >>> stops = frozenset({"of", "at", "to", "the", "a", "in", "for", "after"})
    >>> title_case_opening("Customers Leave Without Paying At The Steakhouse After A Long "
    ...                    "Dinner A party of six left without paying.", stops)
    True
    >>> title_case_opening("The council said on Monday that the road to the harbour would stay "
    ...                    "closed for a week.", stops)
    False
    >>> title_case_opening("It rained. The road closed. A crew came at dawn.", stops)
    False
    >>> title_case_opening("Officials In the US said the WHO would meet.", stops | {"us", "who"})
    False
    """
    if not stops:
        return False
    capital_stops = 0
    for count, match in enumerate(_WORD.finditer(text)):
        if count >= OPENING_WORDS:
            break
        word = match.group()
        opens = text[: match.start()].rstrip()[-1:] in _OPENERS
        # a capitalised word (``Of``), not an acronym (``US``, ``WHO``) or a sentence's first
        if count and not opens and word[:1].isupper() and word[1:].islower():
            capital_stops += word.casefold() in stops
    return capital_stops >= MIN_CAPITAL_STOPS
