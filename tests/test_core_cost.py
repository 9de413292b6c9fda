"""The core's cheaper steps give exactly what the plain definitions give.

Each fast path (C-level translate, counting in C, interning) is checked against the
one-line definition it replaces, on generated text, so that a speed-up never changes an answer.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from service.normalise.fingerprint import _EDGE_PUNCTUATION, word_counts
from service.normalise.history import title_key
from service.normalise.language import detect_language, stopwords
from service.normalise.page_lines import clean_text

# Letters, digits, punctuation and spaces of several scripts, with the quotes pages use.
_ALPHABET = st.sampled_from(
    list("abcXYZ019 _-.,:;!?'\"()[]") + list("éüßçØ’‘“”–—…«»¿¡") + list("Жжπ中文あ١٢")
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_title_key_keeps_exactly_the_word_characters(title: str) -> None:
    assert title_key(title) == "".join(c for c in title.casefold() if c.isalnum())


def _reference_word_counts(text: str) -> tuple[int, Counter[str]]:
    raw = Counter(text.lower().split())
    counts: Counter[str] = Counter()
    for token, count in raw.items():
        word = token.strip(_EDGE_PUNCTUATION)
        if word:
            counts[word] += count
    return sum(raw.values()), counts


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=12).map(" ".join))
def test_word_counts_match_the_token_by_token_definition(text: str) -> None:
    total, counts = word_counts(text)
    expected_total, expected = _reference_word_counts(text)
    assert total == expected_total
    assert dict(counts) == dict(expected)


def test_word_counts_move_punctuated_tokens_onto_their_word() -> None:
    total, counts = word_counts("Rain, rain (rain) and “rain” — fell.")
    assert total == 7
    assert counts == Counter({"rain": 4, "and": 1, "fell": 1})


def test_stop_word_count_is_the_texts_words_found_in_the_list() -> None:
    # German words that are also in other Latin lists: the count per list decides.
    text = "Der Rat sagte am Montag, dass die Straße eine Woche gesperrt bleibt und der Bus fährt."
    assert detect_language(text) == "de"
    assert "und" in stopwords("de")


def test_repeated_lines_share_one_string() -> None:
    page = "Menu item\n" * 50 + "\n".join(f"Line {n}" for n in range(10))
    lines = clean_text(page).lines
    assert all(line.text is lines[0].text for line in lines[:50])
    assert [line.number for line in lines[:3]] == [1, 2, 3]


def test_mostly_distinct_lines_are_left_as_they_are() -> None:
    lines = clean_text("One\nTwo\nThree\nOne").lines
    assert [line.text for line in lines] == ["One", "Two", "Three", "One"]
