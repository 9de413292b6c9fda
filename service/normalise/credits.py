"""Photo captions and credits, and the short labels that stand around an article.

A caption names its picture's source after a separator (``… | File Image``, ``(Photo by … /
AFP)``, ``Foto: EFE - …``, ``(사진=…)``); a credit line is only that. The words are data in
``furniture``.
"""

from __future__ import annotations

import re

from service.normalise.furniture import CREDIT_AGENCIES, CREDIT_WORDS, SOURCE_NOTES

_WORDS = re.compile(r"\w+")
#: Labels are at most this many words.
_MAX_LABEL_WORDS = 3
_MAX_LABEL_CHARS_UNSPACED = 8
#: Scripts written without spaces between words (kana, CJK ideographs, Thai).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u0e00-\u0e7f]")
_CREDIT_WORD = "|".join(re.escape(word) for word in sorted(CREDIT_WORDS, key=len, reverse=True))
_AGENCY = "|".join(re.escape(word) for word in sorted(CREDIT_AGENCIES, key=len, reverse=True))
#: A credit at the end of a line: after a separator, a credit word (``| File Image``,
#: ``Photo: Getty/TND``, ``(사진=MBC뉴스)``) or an agency after a slash or bar (``/ AFP)``,
#: ``(Cate McCurry/PA)``, ``| AP file photo``).
_CREDIT_END = re.compile(
    rf"(?:^|[|(]\s?|[-–—/,]\s|[.!?]\s)(?:{_CREDIT_WORD})"
    rf"(?:\s(?:by|credit|courtesy|source)(?:\sof)?\s?[:=/|]?\s?[^.!?]{{0,60}}"
    rf"|\s?[:=/|]\s?[^.!?]{{0,80}})?\)?\s?$"
    rf"|(?:[/|]\s?|(?<=[a-z])-)(?:{_AGENCY})(?:\s(?:file|wire|photo|images?|pic)){{0,2}}\s?\)?\s?$"
    rf"|(?<!\S)\S{{1,80}}\.(?:jpe?g|png|gif|webp)$"
    # a Japanese caption's when and where after an equals sign (``…の担当者=3日午前、東京``)
    rf"|(?<=[\u3040-\u30ff\u4e00-\u9fff])[=＝][^\s=＝]{{1,24}}$",
    re.IGNORECASE,
)
#: How far from a line's end a ``_CREDIT_END`` match can start: its longest branch is a
#: separator (2), the longest credit word, a ``by``/``:`` part of at most 83 characters and a
#: closing bracket and space (2); the file-name branch is at most 86, the agency one shorter.
#: Searching only there gives the same answer (the pattern ends every branch at ``$``; a
#: lookbehind still sees the characters before), at a third of the cost on a long paragraph.
_CREDIT_REACH = max(
    2 + max(map(len, CREDIT_WORDS)) + 83 + 2, 86, 2 + max(map(len, CREDIT_AGENCIES)) + 17
)
#: A line that is only a credit: ``Foto: EFE - Name``, ``Photo courtesy of X``, ``PA Wire``.
_CREDIT_ONLY = re.compile(
    rf"\(?(?:{_CREDIT_WORD})(?:\s(?:by|credit|courtesy)(?:\sof)?)?\s?[:=/\s].{{0,80}}"
    rf"|\(?(?:{_AGENCY})(?:\s(?:file|wire|photo|images?|pic)){{0,2}}\)?",
    re.IGNORECASE,
)


def is_credit(text: str) -> bool:
    """A photo caption ending in a credit, or a line that is only a credit.

    >>> is_credit("Crews clear the road near the harbour. (Photo by Staff / AFP)")
    True
    >>> is_credit("Foto: EFE - Staff Photographer"), is_credit("PA Wire")
    (True, True)
    >>> is_credit("The road reopened on Monday after the floods.")
    False
    >>> is_credit("Crews at work on the road. Photo courtesy of the council")
    True
    >>> is_credit("A view of the harbour harbour_view_2.jpg")
    True
    >>> is_credit("記者会見する港の担当者=3日午前、港湾局"), is_credit("港の水位は3=4だった。")
    (True, False)
    """
    if len(text) > 400:
        return False
    if _CREDIT_ONLY.fullmatch(text.strip()):
        return True
    ends_in_credit = _CREDIT_END.search(text, max(0, len(text) - _CREDIT_REACH)) is not None
    return ends_in_credit and len(_WORDS.findall(text)) <= 60


def is_credit_only(text: str) -> bool:
    """A line that is only a credit (``Photo: Staff``, ``PA Wire``).

    >>> is_credit_only("Photo: Staff Photographer"), is_credit_only("Photo of the day: rain")
    (True, True)
    >>> is_credit_only("The photo was taken in May.")
    False
    """
    return _CREDIT_ONLY.fullmatch(text.strip()) is not None


#: Characters of code and markup; a paragraph made of many is a script or template remnant.
_CODE_MARKS = frozenset('{}[]<>=;"\\|')
_CODE_PIECES = ('{"', '":', "</", "/>", "[[", "]]", "();", '="')


#: A credit that closes a paragraph after its last sentence: a photo credit or a wire's
#: reporting credit (``… in May. (Reporting by Jane Doe; Editing by John Roe)``).
_TRAILING_CREDIT = re.compile(
    rf"(?<=[.!?”\"’])\s+(?P<credit>\((?:(?:additional )?reporting|writing|editing|compiled|"
    rf"photos?|pictures?|fotos?|images?|{_CREDIT_WORD}|{_AGENCY})\b[^()]{{2,160}}\)"
    rf"|(?:{_CREDIT_WORD})\s?(?:by |courtesy(?: of)? |credit:? |:|/)[^.!?]{{1,80}})$",
    re.IGNORECASE,
)


def split_trailing_credit(text: str) -> tuple[str, str] | None:
    """A paragraph whose last sentence is followed by a credit -> (the paragraph, the credit).

    >>> split_trailing_credit("Prices rose in May. (Reporting by Jane Doe; Editing by John Roe)")
    ('Prices rose in May.', '(Reporting by Jane Doe; Editing by John Roe)')
    >>> split_trailing_credit("Crews cleared the road. Photo: Staff/Agency")
    ('Crews cleared the road.', 'Photo: Staff/Agency')
    >>> split_trailing_credit("He said (in May) that it rained.") is None
    True
    """
    match = _TRAILING_CREDIT.search(text)
    if match is None or match.start() == 0:
        return None
    return text[: match.start()].rstrip(), match.group("credit")


def is_markup(text: str) -> bool:
    """A remnant of a script, a template or HTML left in the text (``[[{"fid":"1",…``).

    >>> is_markup('[[{"fid":"1","view_mode":"default","fields":{"format":"default"}}]]')
    True
    >>> is_markup('He said: "We will rebuild the pier [next year]."')
    False
    """
    marks = sum(1 for char in text if char in _CODE_MARKS)
    pieces = sum(1 for piece in _CODE_PIECES if piece in text)
    return pieces >= 2 and marks >= max(6, len(text) // 12)


def is_label(text: str) -> bool:
    """A short line that ends no sentence: a label, a kicker, a stray mark (``-``).

    >>> is_label("PA Wire"), is_label("It rained."), is_label("関東地方で震度4の揺れを観測する地震")
    (True, False, False)
    """
    if text.rstrip()[-1:] in ".!?。！？":
        return False
    if _UNSPACED.search(text):  # words are not spaced: count characters
        return len(text) <= _MAX_LABEL_CHARS_UNSPACED
    return len(_WORDS.findall(text)) <= _MAX_LABEL_WORDS


#: A note naming where the article first appeared is searched for this far from a
#: paragraph's end; the site it names is at most this long.
_SOURCE_NOTE_REACH = 500
_MAX_SITE_CHARS = 100
_SENTENCE_BOUNDARY = '.!?”"’»)'
_SENTENCE_GAP = re.compile(r"[.!?]\s")
_SOURCE_OPENINGS = tuple(sorted({opening for opening, _ in SOURCE_NOTES}))


def split_source_note(text: str) -> tuple[str, str] | None:
    """A paragraph whose last sentence names where the article first appeared (WordPress's
    feed footer ``The post … appeared first on Site.``, ``L'articolo proviene da Site.``) ->
    (the paragraph without it, the note); the paragraph is empty when it was only the note.
    The site is a name: it starts with a capital or a digit, and ends the paragraph.

    >>> split_source_note("Crews will start in May. The post Bridge works appeared first on "
    ...                   "Example News.")
    ('Crews will start in May.', 'The post Bridge works appeared first on Example News.')
    >>> split_source_note("L'articolo proviene da Esempio Magazine.")
    ('', "L'articolo proviene da Esempio Magazine.")
    >>> split_source_note("It rained. O post Chuva apareceu primeiro em Exemplo.com.br.")[1]
    'O post Chuva apareceu primeiro em Exemplo.com.br.'
    >>> split_source_note("The post office appeared first on the list of closures.") is None
    True
    """
    start = max(0, len(text) - _SOURCE_NOTE_REACH)
    tail = text[start:].casefold()
    if not any(opening in tail for opening in _SOURCE_OPENINGS):
        return None  # the usual paragraph: a few substring scans, nothing to look up
    for opening, closing in SOURCE_NOTES:
        at = tail.rfind(opening)
        while at >= 0:
            begin = start + at
            if begin == 0 or (
                text[begin - 1] == " " and text[:begin].rstrip()[-1:] in _SENTENCE_BOUNDARY
            ):
                site_at = begin + len(opening)
                if closing:
                    found = tail.find(closing, at + len(opening))
                    site_at = start + found + len(closing) if found >= 0 else -1
                if site_at >= 0 and _is_site(text[site_at:]):
                    return text[:begin].rstrip(), text[begin:]
            at = tail.rfind(opening, 0, at)
    return None


def _is_site(rest: str) -> bool:
    """A site's name ending a paragraph: ``Example News.``, not ``the list of closures.``"""
    name = rest.rstrip(".! ")
    return (
        0 < len(name) <= _MAX_SITE_CHARS
        and (name[0].isupper() or name[0].isdigit())
        and _SENTENCE_GAP.search(name) is None
    )
