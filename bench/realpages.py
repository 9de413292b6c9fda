"""Accuracy on annotated real pages: a corpus folder of ``NAME.txt`` pages with ``NAME.json``
annotations (the format of ``../shared/realpages``, its README explains the rules).

    .venv/bin/python -m bench.realpages ../shared/realpages
    .venv/bin/python -m bench.realpages SOME/OTHER/CORPUS --split

Each page is normalised with its address as ``url`` and a fixed reference time; a page is
fully correct when layout, title, published, chrome and article all hold (as the corpus
README defines them). ``--split`` also reports the pages by the first letter of their name
(``a*`` was tuned on, ``b*`` held back), to show whether the evidence carries over.

>>> fold("  Rain’s  “here” ")
'rain\\'s "here"'
>>> check_published(None, None) is None
True
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bench.report import SectionResult

REFERENCE_TIME = "2026-01-01T00:00:00Z"
CORE_FIELDS = ("layout", "title", "published", "chrome", "article")
SIDE_FIELDS = ("byline", "dateline")
TARGETS = {"fully": 0.90, "chrome": 0.95, "title": 0.95, "published": 0.97}
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def fold(text: str | None) -> str:
    """Compared as the corpus README says: NFKC, quote styles, case and spaces folded."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _offset(text: str | None) -> timezone:
    if not text:
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = text[1:].split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def check_published(want: dict | None, got: dict | None) -> str | None:
    """Why the article's ``published`` misses the annotation, or ``None`` when it holds."""
    if want is None:
        return None if got is None else "published invented"
    if got is None:
        return "published missing"
    if want.get("relative"):
        ok = got.get("kind") == "relative" and fold(want["relative"]) in fold(got.get("text"))
        return None if ok else "published is not the page's age"
    zone = _offset(want.get("offset"))
    if want.get("time"):
        truth = datetime.fromisoformat(f"{want['date']}T{want['time']}").replace(tzinfo=zone)
        slack = timedelta(minutes=1)
        low, high = _instant(got["earliest"]) - slack, _instant(got["latest"]) + slack
        return None if low <= truth <= high else "published interval misses the stated time"
    day = _instant(got["value"]).astimezone(zone).date().isoformat()
    return None if day == want["date"] else "published on another day"


def score_page(annotation: dict, article: dict) -> dict[str, bool]:
    """Whether each field holds for one page."""
    body = fold(article.get("body"))
    dateline = article.get("dateline") or {}
    held = {
        "layout": not annotation.get("layout") or article.get("format") == annotation["layout"],
        "title": fold(annotation.get("title")) == fold(article.get("title")),
        "published": check_published(annotation.get("published"), article.get("published")) is None,
        "chrome": not any(fold(t) and fold(t) in body for t in annotation.get("chrome", [])),
        "article": all(fold(t) in body for t in annotation.get("article", [])),
    }
    if "byline" in annotation:
        held["byline"] = fold(annotation["byline"]) == fold(article.get("byline"))
    if "dateline" in annotation:
        held["dateline"] = fold(annotation["dateline"]) == fold(dateline.get("place"))
    held["fully"] = all(held[field] for field in CORE_FIELDS)
    return held


def score_corpus(folder: Path) -> dict[str, dict[str, list[bool]]]:
    """Per group (``all`` and each first letter), per field, one verdict per page."""
    from service.normalise import normalise

    groups: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for note in sorted(folder.glob("*.json")):
        page = note.with_suffix(".txt")
        if not page.exists():
            continue
        annotation = json.loads(note.read_text(encoding="utf-8"))
        text = page.read_text(encoding="utf-8")
        try:
            article = normalise(text, reference_time=REFERENCE_TIME, url=annotation.get("address"))
            held = score_page(annotation, article)
        except Exception:  # noqa: BLE001 - a crash fails every field of the page
            held = dict.fromkeys((*CORE_FIELDS, "fully"), False)
        for group in ("all", f"{note.stem[:1]}*"):
            for field, verdict in held.items():
                groups[group][field].append(verdict)
    return groups


def _share(verdicts: list[bool]) -> str:
    return f"{sum(verdicts)}/{len(verdicts)} ({100 * sum(verdicts) / max(len(verdicts), 1):.0f} %)"


def run(folder: Path) -> SectionResult:
    """The bench section: every field for the whole corpus and for each name group."""
    result = SectionResult("realpages", "Real pages")
    groups = score_corpus(folder)
    if not groups:
        result.skipped = f"no annotated pages in {folder}"
        return result
    for group in sorted(groups, key=lambda g: (g != "all", g)):
        fields = groups[group]
        for field in ("fully", *CORE_FIELDS, *SIDE_FIELDS):
            if fields.get(field):
                result.add(f"{group} {field}", _share(fields[field]))
    everything = groups["all"]
    for field, goal in TARGETS.items():
        share = sum(everything[field]) / len(everything[field])
        result.target(f"real pages {field} ≥ {goal:.0%}", f"{share:.0%}", share >= goal)
    lost = len(everything["article"]) - sum(everything["article"])
    result.target("no article text lost on any page", f"{lost} pages lose text", lost == 0)
    result.data = {
        g: {f: [sum(v), len(v)] for f, v in fields.items()} for g, fields in groups.items()
    }
    result.notes.append(f"Corpus {folder}; reference time {REFERENCE_TIME}; address sent as url.")
    return result


def missing_reason(folder: Path) -> str | None:
    if not folder.is_dir() or not any(folder.glob("*.json")):
        return f"no annotated real pages at {folder} (give --realpages-dir)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.realpages")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--split", action="store_true", help="also per first letter of names")
    args = parser.parse_args(argv)
    reason = missing_reason(args.corpus)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    result = run(args.corpus)
    for measure, value in result.rows:
        if args.split or measure.startswith("all "):
            print(f"{measure:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
