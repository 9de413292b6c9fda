"""The pages the benchmarks feed the core: the two seeds and synthetic pages of any size.

Synthetic pages follow the two layouts of the contract; their words come from a fixed
vocabulary and a seeded generator, so every run measures the same bytes.

>>> page = dateline_page(2048)
>>> page.startswith(" date 2025-01-21 "), 2048 <= len(page.encode()) < 2048 + 700
(True, True)
>>> aggregator_page(1024, history=3).count(" ago\\n")
4
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.machine import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
AGGREGATOR_SEED = SEEDS / "000_93d3aa2cde478476.txt"
DATELINE_SEED = SEEDS / "003_1e0332846add5bd9.txt"
REFERENCE_TIME = "2025-03-24T12:00:00Z"
NBSP = "\u00a0"

_TEXT = (
    "the minister said on Tuesday that talks with officials in the capital would resume after "
    "a week of protests over prices of fuel and food while opposition leaders demanded a vote "
    "in parliament before the budget session police reported that traffic was diverted near "
    "the stadium where thousands gathered to hear the president speak about jobs schools roads "
    "and hospitals the company announced quarterly results showing growth in exports markets "
    "rose sharply investors welcomed the decision of the central bank to hold interest rates "
    "steady farmers in the district asked for water from the reservoir as the monsoon was late"
)
_WORDS = tuple(_TEXT.split())


def seed_pages() -> dict[str, str]:
    """The seed pages by file name, as the scraper saved them."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
    # A few real-page features: curly quotes, a NO-BREAK SPACE, a number.
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"\u201c{rng.choice(_WORDS)}\u201d")
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 900)}{NBSP}crore")
    return " ".join(words).capitalize() + "."


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).capitalize()


def _paragraphs(size: int, rng: random.Random) -> list[str]:
    """Distinct paragraphs of about 600 bytes until ``size`` UTF-8 bytes are reached."""
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = []
        length = 0
        while length < 600 and total + length < size:
            sentence = _sentence(rng)
            sentences.append(sentence)
            length += len(sentence.encode()) + 1
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.encode()) + 2
    return paragraphs


def dateline_page(body_bytes: int, seed: int = 1) -> str:
    """A crawler dump: `` date 2025-01-21 `` then ``body_bytes`` of paragraphs.

    >>> dateline_page(100).count("\\n\\n") >= 0
    True
    """
    rng = random.Random(seed)
    return " date 2025-01-21 " + "\n\n".join(_paragraphs(body_bytes, rng)) + "\n"


def django_age(seconds: int) -> str:
    """A two-unit truncated age as Django's ``timesince`` writes it (30-day months).

    >>> django_age(4 * 86400 + 10 * 3600), django_age(3600)
    ('4\\xa0days, 10\\xa0hours ago', '1\\xa0hour ago')
    """
    units = (
        ("year", 365 * 86400),
        ("month", 30 * 86400),
        ("week", 7 * 86400),
        ("day", 86400),
        ("hour", 3600),
        ("minute", 60),
    )
    for index, (name, size) in enumerate(units):
        count = seconds // size
        if count:
            text = f"{count}{NBSP}{name}{'s' if count != 1 else ''}"
            if index + 1 < len(units):
                next_name, next_size = units[index + 1]
                rest = (seconds - count * size) // next_size
                if rest:
                    text += f", {rest}{NBSP}{next_name}{'s' if rest != 1 else ''}"
            return text + " ago"
    return f"0{NBSP}minutes ago"


def aggregator_page(body_bytes: int, history: int = 0, seed: int = 2) -> str:
    """An aggregator page: title, age, title again, source, body, and ``history`` entries.

    Entry ages grow down the page, one entry in five has a label and one in ten repeats an
    earlier title, as on the seed page.
    """
    rng = random.Random(seed)
    title = _title(rng)
    lines = [title, f"2{NBSP}months ago", "", title, "", f"The Daily Record{NBSP}{NBSP} ", ""]
    lines.append("\n\n".join(_paragraphs(body_bytes, rng)))
    if history:
        lines += ["", "History of this topic", ""]
        age = 3600
        titles: list[str] = []
        for index in range(history):
            if titles and index % 10 == 9:
                entry = rng.choice(titles)
            else:
                entry = _title(rng)
                titles.append(entry)
            lines.append(entry)
            if index % 5 == 0:
                lines.append(rng.choice(("Top News", "Trending News")))
            age += rng.randint(60, 6 * 3600)
            lines.append(django_age(age))
    lines += ["", "Discover Related", ""]
    return "\n".join(lines)


def read_seed(path: Path) -> str:
    """One seed page's text."""
    return path.read_text(encoding="utf-8")
