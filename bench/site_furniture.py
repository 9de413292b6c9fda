"""Site furniture on real pages: each host's pages as one batch, against each page alone.

    .venv/bin/python -m bench.site_furniture --realpages ../shared/realpages
    .venv/bin/python -m bench.site_furniture --benchmark ../shared/benchmark-dev --least 1,2

Pages are grouped by host (``service.normalise.site_furniture.site_host`` of the page's
address); a host's pages are normalised as one batch does it (every page observed first, then
each judged on the others) and each page once alone. For an annotated corpus (the realpages
format) the per-field verdicts of ``bench.realpages`` are counted both ways; for an extraction
benchmark the body's precision, recall and F1 (``bench.shingles``, text mode: html-text's full
text of the page) over all pages and over the pages whose host has several. ``--least`` sets
the number of other pages a line must stand on (the service uses 2); 1 shows what weaker
evidence would do. The lines removed as furniture are counted, and listed with ``--show``.

>>> groups = by_host([("a", "https://www.x.org/1"), ("b", "https://x.org/2"), ("c", None)])
>>> sorted((host, len(pages)) for host, pages in groups.items())
[('', 1), ('x.org', 2)]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from service.normalise import normalise
from service.normalise.site_furniture import SiteMemory, site_host

REFERENCE_TIME = "2026-01-01T00:00:00Z"
Item = TypeVar("Item")


def by_host(pages: Iterable[tuple[Item, str | None]]) -> dict[str, list[tuple[Item, str | None]]]:
    """Pages grouped by host; pages without one under ``""``."""
    groups: dict[str, list[tuple[Item, str | None]]] = defaultdict(list)
    for item, url in pages:
        groups[site_host(url) or ""].append((item, url))
    return groups


def as_batches(
    pages: list[tuple[str, str, str | None]], least: int
) -> tuple[dict[str, dict], dict[str, dict], float]:
    """``(alone, batched, seconds spent observing)``: each page's article alone and with its
    host's other pages as one batch (``pages``: ``(key, text, url)``)."""
    alone = {
        key: normalise(text, url=url, reference_time=REFERENCE_TIME) for key, text, url in pages
    }
    batched: dict[str, dict] = {}
    observing = 0.0
    groups = by_host((key, url) for key, _, url in pages)
    texts = {key: text for key, text, _ in pages}
    for host, members in groups.items():
        if not host or len(members) < 2:
            batched.update({key: alone[key] for key, _ in members})
            continue
        memory = SiteMemory(scope="batch", least=least)
        started = time.perf_counter()
        for key, url in members:
            memory.observe(texts[key], url)
        observing += time.perf_counter() - started
        for key, url in members:
            evidence = memory.evidence(url)
            batched[key] = normalise(
                texts[key], url=url, reference_time=REFERENCE_TIME, site_furniture=evidence
            )
    return alone, batched, observing


def furniture_lines(article: dict) -> list[str]:
    """The texts removed as site furniture."""
    return [r["text"] for r in article["removed"] if r["reason"] == "site_furniture"]


def realpages(folder: Path, least: int, show: bool) -> list[str]:
    """Report lines for an annotated corpus: per-field counts alone and as host batches."""
    from bench.realpages import SIDE_FIELDS, score_page

    pages, notes = [], {}
    for note in sorted(folder.glob("*.json")):
        page = note.with_suffix(".txt")
        if page.exists():
            notes[note.stem] = json.loads(note.read_text(encoding="utf-8"))
            text = page.read_text(encoding="utf-8")
            pages.append((note.stem, text, notes[note.stem].get("address")))
    groups = by_host((key, url) for key, _, url in pages)
    shared = {h: len(m) for h, m in groups.items() if h and len(m) > 1}
    lines = [
        f"{len(pages)} pages, {len(groups)} hosts; hosts with several pages: "
        + (", ".join(f"{h} ({n})" for h, n in sorted(shared.items())) or "none")
    ]
    alone, batched, observing = as_batches(pages, least)
    fields = ("fully", "layout", "title", "published", "chrome", "article", *SIDE_FIELDS)
    counts = {name: {field: [0, 0] for field in fields} for name in ("alone", "batch")}
    for key, _, _ in pages:
        for name, article in (("alone", alone[key]), ("batch", batched[key])):
            for field, held in score_page(notes[key], article).items():
                counts[name][field][0] += held
                counts[name][field][1] += 1
    for name in ("alone", "batch"):
        lines.append(
            f"{name:>5}: "
            + ", ".join(f"{f} {counts[name][f][0]}/{counts[name][f][1]}" for f in fields)
        )
    lines += _removed_lines(batched, show)
    lines.append(f"observing all pages: {observing * 1000:.1f} ms")
    return lines


def benchmark(folder: Path, least: int, show: bool) -> list[str]:
    """Report lines for an extraction benchmark: body P/R/F1 alone and as host batches."""
    from html_text import extract_text

    from bench.extraction import load_folder
    from bench.shingles import match, score

    loaded = load_folder(folder)
    pages = [(p.key, extract_text(p.html.decode("utf-8", errors="replace")), p.url) for p in loaded]
    truth = {p.key: p.truth for p in loaded}
    groups = by_host((key, url) for key, _, url in pages)
    several = {key for h, m in groups.items() if h and len(m) > 1 for key, _ in m}
    hosts = sum(1 for h, m in groups.items() if h and len(m) > 1)
    lines = [
        f"{len(pages)} pages, {len(groups)} hosts; {hosts} hosts with several pages hold "
        f"{len(several)} pages (largest: {max(len(m) for m in groups.values())})"
    ]
    alone, batched, observing = as_batches(pages, least)

    def scored(articles: dict[str, dict], keys: Callable[[str], bool]) -> str:
        result = score([match(truth[k], articles[k]["body"]) for k, _, _ in pages if keys(k)])
        return f"P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f} ({result.pages})"

    for name, articles in (("alone", alone), ("batch", batched)):
        lines.append(
            f"{name:>5}: all {scored(articles, lambda k: True)}; "
            f"several-page hosts {scored(articles, lambda k: k in several)}"
        )
    lines += _removed_lines(batched, show)
    lines.append(f"observing all pages: {observing * 1000:.1f} ms")
    return lines


def _removed_lines(batched: dict[str, dict], show: bool) -> list[str]:
    removed = {key: furniture_lines(article) for key, article in batched.items()}
    total = sum(len(texts) for texts in removed.values())
    lines = [
        f"lines removed as site furniture: {total} on {sum(1 for t in removed.values() if t)} pages"
    ]
    if show:
        for key, texts in sorted(removed.items()):
            lines += [f"  {key}: {text[:90]!r}" for text in texts]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realpages", type=Path, help="an annotated corpus folder")
    parser.add_argument("--benchmark", type=Path, help="an extraction benchmark folder")
    parser.add_argument("--least", default="2", help="other pages needed, e.g. 2 or 1,2")
    parser.add_argument("--show", action="store_true", help="list the lines removed")
    args = parser.parse_args(argv)
    for least in (int(n) for n in args.least.split(",")):
        if args.realpages:
            print(f"== realpages, least {least} other pages")
            print("\n".join(realpages(args.realpages, least, args.show)))
        if args.benchmark:
            print(f"== benchmark, least {least} other pages")
            print("\n".join(benchmark(args.benchmark, least, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
