"""Title and publication date from HTML, checked on the article-extraction benchmark's pages.

    .venv/bin/python -m bench.markup_facts ../shared/benchmark-dev

The benchmark marks bodies only, so the expected values are built here: a second, independent
reader, trafilatura's ``extract_metadata`` (its own title rules, and htmldate for the date,
which also searches the page's visible text), gives a reference for each page. Where ours and
the reference agree the page counts as right; where they disagree, or only one of them finds
a value, the page was checked by hand and the verdict recorded in ``bench/data/
markup_verdicts.json`` (which side is right, or ``none`` when the page states no such value;
verdicts name pages by id and hold no text of theirs). A page still undecided counts as wrong.

Agreement: titles are equal after folding case, punctuation and spacing, or the reference is
ours plus the site's name after a separator (``Headline | Site``). Dates are equal when the day
written in our stamp's text (in the zone it was written in) is the reference's day.

>>> titles_agree("Ferry back", "Ferry back | Harbour News"), titles_agree("A b", "C d")
(True, False)
>>> written_day({"text": "2019-11-18T23:04:24-05:00", "value": "2019-11-19T04:04:24Z"})
'2019-11-18'
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dateutil import parser as date_parser

from bench.extraction import REFERENCE_TIME, BenchPage, load_folder, missing_reason
from bench.report import SectionResult

VERDICTS = Path(__file__).resolve().parent / "data" / "markup_verdicts.json"
TARGET = 0.95  # issue 16: right on at least 95% of the pages that state them
_SEPARATORS = re.compile(r"\s[|\-–—:·»«]\s|\s::\s")
_MAX_SITE_WORDS = 8


def fold(text: str | None) -> str:
    """Lower case, word characters only, single spaces.

    >>> fold("  Ferry’s BACK! ")
    'ferry s back'
    """
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def titles_agree(ours: str | None, reference: str | None) -> bool:
    """Equal when folded, or the reference is ours with a short site name before or after a
    separator."""
    mine, theirs = fold(ours), fold(reference)
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    for part in _SEPARATORS.split(reference or ""):
        rest = theirs.replace(fold(part), "", 1).strip()
        if fold(part) == mine and len(rest.split()) <= _MAX_SITE_WORDS:
            return True
    return False


def written_day(stamp: dict | None) -> str | None:
    """The calendar day a published stamp's text writes (its own zone), else its UTC day."""
    if not stamp:
        return None
    text = str(stamp.get("text") or "")
    iso = re.match(r"\d{4}-\d\d-\d\d", text)
    if iso:
        return iso.group(0)
    try:
        return date_parser.parse(text, fuzzy=True, ignoretz=True).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return str(stamp["value"])[:10]


@dataclass(frozen=True, slots=True)
class Facts:
    """One page's title and day, ours and the reference's."""

    key: str
    title: str | None
    reference_title: str | None
    day: str | None
    reference_day: str | None


def read_facts(pages: list[BenchPage]) -> list[Facts]:
    """Our title and day and the reference's for every page."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from service.normalise.html import normalise_html

    found = []
    for page in pages:
        article = normalise_html(page.html, url=page.url, reference_time=REFERENCE_TIME)
        tree = load_html(page.html.decode("utf-8", errors="replace"))
        reference = extract_metadata(tree, page.url) if tree is not None else None
        found.append(
            Facts(
                page.key,
                article["title"],
                reference.title if reference else None,
                written_day(article["published"]),
                reference.date if reference else None,
            )
        )
    return found


def judge(facts: list[Facts], verdicts: dict[str, dict[str, str]]) -> dict[str, dict]:
    """Per field: pages that state it, pages right, and the undecided disagreements."""
    tally: dict[str, dict] = {}
    for name in ("title", "date"):
        stated = right = 0
        undecided = []
        for item in facts:
            ours, theirs = (
                (item.title, item.reference_title)
                if name == "title"
                else (item.day, item.reference_day)
            )
            agree = titles_agree(ours, theirs) if name == "title" else ours == theirs and ours
            verdict = verdicts.get(item.key[:12], {}).get(name)
            if agree:
                stated, right = stated + 1, right + 1
            elif verdict == "none" or (verdict is None and not ours and not theirs):
                continue  # the page states no such value
            else:
                stated += 1
                right += verdict == "ours"
                if verdict is None:
                    undecided.append((item.key[:12], ours, theirs))
        tally[name] = {"stated": stated, "right": right, "undecided": undecided}
    return tally


def load_verdicts(path: Path = VERDICTS) -> dict[str, dict[str, str]]:
    """The hand verdicts: ``{page id (12 hex digits): {"title"|"date": "ours"|"reference"|
    "none"}}``."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["pages"]


def run(folder: Path) -> SectionResult:
    """The ``markup`` rows of the extraction section: title and date right on stated pages."""
    result = SectionResult("markup", "Title and date from HTML (article-extraction benchmark)")
    reason = missing_reason(folder)
    if reason:
        result.skipped = reason
        return result
    tally = judge(read_facts(load_folder(folder)), load_verdicts())
    for name, counts in tally.items():
        share = counts["right"] / counts["stated"] if counts["stated"] else 0.0
        result.add(f"{name} right", f"{counts['right']} of {counts['stated']} ({share:.1%})")
        result.target(
            f"HTML {name} right on >= 95% of pages stating it", f"{share:.1%}", share >= TARGET
        )
        result.data[name] = {**counts, "share": share}
    result.notes.append(
        "Expected values: trafilatura's extract_metadata (htmldate for dates) as a second "
        "reader; every disagreement checked by hand (bench/data/markup_verdicts.json)."
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the tallies and every disagreement still undecided."""
    parser = argparse.ArgumentParser(prog="python -m bench.markup_facts", description=__doc__)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    reason = missing_reason(args.folder)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    tally = judge(read_facts(load_folder(args.folder)), load_verdicts())
    for name, counts in tally.items():
        print(f"{name}: right on {counts['right']} of {counts['stated']} stated pages")
        for key, ours, theirs in counts["undecided"]:
            print(f"  undecided {key}: ours {ours!r} | reference {theirs!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
