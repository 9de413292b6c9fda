"""The language of a text (ISO 639-1) and its stop words, from the script and from jusText's
stoplists (about 100 languages, from Wikipedia; read as data, the parser is not used).

Stop-word density is the strongest sign that a line is running text: prose in any language
is about a third stop words; menus, headline lists and credits hold few.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

#: jusText's stoplist names -> ISO 639-1, for the languages this service reads by their words.
STOPLIST_LANGUAGES = {
    "English": "en",
    "German": "de",
    "French": "fr",
    "Spanish": "es",
    "Portuguese": "pt",
    "Italian": "it",
    "Dutch": "nl",
    "Indonesian": "id",
    "Malay": "ms",
    "Swahili": "sw",
    "Turkish": "tr",
    "Polish": "pl",
    "Czech": "cs",
    "Slovak": "sk",
    "Romanian": "ro",
    "Hungarian": "hu",
    "Swedish": "sv",
    "Danish": "da",
    "Norwegian_Bokmal": "nb",
    "Finnish": "fi",
    "Vietnamese": "vi",
    "Tagalog": "tl",
    "Catalan": "ca",
    "Croatian": "hr",
    "Slovenian": "sl",
    "Lithuanian": "lt",
    "Latvian": "lv",
    "Estonian": "et",
    "Afrikaans": "af",
    "Russian": "ru",
    "Ukrainian": "uk",
    "Bulgarian": "bg",
    "Serbian": "sr",
    "Greek": "el",
    "Arabic": "ar",
    "Urdu": "ur",
    "Persian": "fa",
    "Hebrew": "he",
    "Hindi": "hi",
    "Marathi": "mr",
    "Nepali": "ne",
    "Bengali": "bn",
    "Tamil": "ta",
    "Telugu": "te",
    "Korean": "ko",
}

#: Scripts that name their language on their own (or narrow it to a few, told by stop words).
_SCRIPT_LANGUAGES = {
    "HANGUL": ("ko",),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "CJK": ("zh",),
    "THAI": ("th",),
    "DEVANAGARI": ("hi", "mr", "ne"),
    "BENGALI": ("bn",),
    "TAMIL": ("ta",),
    "TELUGU": ("te",),
    "GUJARATI": ("gu",),
    "KANNADA": ("kn",),
    "MALAYALAM": ("ml",),
    "GURMUKHI": ("pa",),
    "ARABIC": ("ar", "ur", "fa"),
    "HEBREW": ("he",),
    "GREEK": ("el",),
    "CYRILLIC": ("ru", "uk", "bg", "sr"),
    "GEORGIAN": ("ka",),
    "ARMENIAN": ("hy",),
}
_LATIN = tuple(
    code
    for code in STOPLIST_LANGUAGES.values()
    if code not in {"ru", "uk", "bg", "sr", "el"}
    and code not in {"ar", "ur", "fa", "he", "hi", "mr", "ne", "bn", "ta", "te", "ko"}
)
#: A script's first language wins unless another's stop words are this much more frequent
#: (Hindi, Marathi and Nepali share most of theirs; Hindi is by far the most written).
_PREFERENCE = {"DEVANAGARI": 1.5}
#: A word: letters and digits with the combining marks that Python's ``\w`` leaves out
#: (Indic vowel signs, Thai marks, Arabic diacritics), so that ``हत्या`` stays one word.
_WORD = re.compile(r"[\w\u0900-\u0dff\u0e00-\u0e7f\u064b-\u065f\u0670]+")
_SAMPLE_CHARS = 1200
_MIN_WORDS = 8
#: At least this share of a text's words must be stop words of a language to name it.
_MIN_STOP_SHARE = 0.08
#: A share of the first candidate's stop words that no other language reaches on its text.
_SURE_SHARE = 0.3


def _stoplist_folder() -> Path | None:
    spec = find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@cache
def stopwords(language: str | None) -> frozenset[str]:
    """The stop words of a language (ISO 639-1), case-folded; empty when there is no list.

    >>> "the" in stopwords("en"), "und" in stopwords("de"), stopwords("xx")
    (True, True, frozenset())
    """
    names = [name for name, code in STOPLIST_LANGUAGES.items() if code == language]
    folder = _stoplist_folder()
    if not names or folder is None:
        return frozenset()
    path = folder / f"{names[0]}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(word.strip().casefold() for word in text.splitlines() if word.strip())


#: Unicode blocks of the scripts above (first code point, last code point, script).
_BLOCKS = (
    (0x0370, 0x03FF, "GREEK"),
    (0x0400, 0x052F, "CYRILLIC"),
    (0x0530, 0x058F, "ARMENIAN"),
    (0x0590, 0x05FF, "HEBREW"),
    (0x0600, 0x06FF, "ARABIC"),
    (0x0750, 0x077F, "ARABIC"),
    (0x0900, 0x097F, "DEVANAGARI"),
    (0x0980, 0x09FF, "BENGALI"),
    (0x0A00, 0x0A7F, "GURMUKHI"),
    (0x0A80, 0x0AFF, "GUJARATI"),
    (0x0B80, 0x0BFF, "TAMIL"),
    (0x0C00, 0x0C7F, "TELUGU"),
    (0x0C80, 0x0CFF, "KANNADA"),
    (0x0D00, 0x0D7F, "MALAYALAM"),
    (0x0E00, 0x0E7F, "THAI"),
    (0x10A0, 0x10FF, "GEORGIAN"),
    (0x1100, 0x11FF, "HANGUL"),
    (0x3040, 0x309F, "HIRAGANA"),
    (0x30A0, 0x30FF, "KATAKANA"),
    (0x3400, 0x4DBF, "CJK"),
    (0x4E00, 0x9FFF, "CJK"),
    (0xAC00, 0xD7AF, "HANGUL"),
    (0xF900, 0xFAFF, "CJK"),
    (0xFB50, 0xFDFF, "ARABIC"),
    (0xFE70, 0xFEFF, "ARABIC"),
)
_SCRIPT_LETTERS = 600


@lru_cache(maxsize=8192)  # a page's letters come from a few hundred distinct characters
def _script(char: str) -> str | None:
    if char.isascii():
        return "LATIN" if char.isalpha() else None
    if not char.isalpha():
        return None
    point = ord(char)
    if point < 0x0370:
        return "LATIN"  # accented Latin letters
    for first, last, script in _BLOCKS:
        if first <= point <= last:
            return script
    return None


_NOT_LETTER_BYTES = bytes(b for b in range(128) if not chr(b).isalpha())
_NOT_ASCII = re.compile(r"[^\W\d_\x00-\x7f]")  # letters beyond ASCII


def main_script(text: str) -> str | None:
    """The script most letters of a text are written in (Japanese: any kana at all).

    >>> main_script("Rain returns"), main_script("東京で地震"), main_script("Дождь")
    ('LATIN', 'HIRAGANA', 'CYRILLIC')
    """
    sample = text[: _SCRIPT_LETTERS * 2]
    ascii_part = sample.encode("ascii", "ignore")
    counts: dict[str, int] = {"LATIN": len(ascii_part.translate(None, _NOT_LETTER_BYTES))}
    if len(ascii_part) < len(sample):
        for char in _NOT_ASCII.findall(sample):
            script = _script(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + 1
    if not any(counts.values()):
        return None
    kana = counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)
    if kana and kana > counts.get("CJK", 0) // 10:
        return "HIRAGANA"
    return max(counts, key=counts.__getitem__)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of a text's language, or ``None`` when there is too little text or
    no language's stop words stand out.

    >>> detect_language("The council said on Monday that the road would stay closed for a week.")
    'en'
    >>> detect_language("Der Rat sagte am Montag, dass die Straße eine Woche gesperrt bleibt.")
    'de'
    >>> detect_language("東京で地震があった。震源の深さは約30キロ。")
    'ja'
    >>> detect_language("Menu") is None
    True
    """
    sample = text[:_SAMPLE_CHARS]
    script = main_script(sample)
    if script is None:
        return None
    candidates = _SCRIPT_LANGUAGES.get(script, _LATIN if script == "LATIN" else ())
    if len(candidates) == 1 and script != "LATIN":
        return candidates[0] if len(sample.strip()) >= _MIN_WORDS else None
    words = _WORD.findall(sample.casefold())
    if len(words) < _MIN_WORDS:
        return None
    tally = Counter(words)
    margin = _PREFERENCE.get(script, 1.0)
    best, best_count = None, 0
    for code in candidates:  # in order of preference
        listed = stopwords(code)
        # The text's ~100 distinct words looked up in the list, not the list's thousands of
        # words in the text (``keys() & frozenset`` walks the frozenset).
        count = sum(map(tally.__getitem__, listed.intersection(tally))) if listed else 0
        if count > best_count * (margin if best is not None else 1.0):
            best, best_count = code, count
        if code == candidates[0] and count >= _SURE_SHARE * len(words):
            break  # the script's first language is plainly it (most pages are English)
    if best is None:
        return candidates[0] if candidates and script != "LATIN" else None
    return best if best_count / len(words) >= _MIN_STOP_SHARE else None


def stop_share(text: str, listed: frozenset[str]) -> float:
    """The share of a text's words that are stop words (0 when it has no words).

    >>> stop_share("the road is closed", stopwords("en"))
    0.5
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(map(listed.__contains__, map(str.casefold, words))) / len(words)
