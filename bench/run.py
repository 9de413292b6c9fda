"""The one command: run the sections, print the table, write ``bench/results/``.

    .venv/bin/python -m bench                      # everything, results into bench/results/
    .venv/bin/python -m bench --only core,scaling  # some sections
    .venv/bin/python -m bench --quick --no-http    # tiny sizes (CI smoke), into a temp dir

Writes ``RESULTS.md`` (machine, table, targets, notes, profiles), ``results.json`` (raw
numbers), PNG figures and pyinstrument call trees (``profile_*.txt``).

>>> parse_args(["--quick", "--only", "core"]).only
['core']
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import machine, plots, profiles, report
from bench.report import SectionResult

SECTIONS = (
    "core",
    "resolver",
    "scaling",
    "realpages",
    "extraction",
    "markup",
    "http",
    "memory",
    "profile",
)
IN_PROCESS = ("core", "resolver", "scaling", "realpages", "extraction", "markup")
BENCHMARK_DEV = machine.ROOT.parent / "shared" / "benchmark-dev"
REAL_PAGES = machine.ROOT.parent / "shared" / "realpages"
RESULTS = machine.ROOT / "bench" / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run (~15 s)")
    parser.add_argument(
        "--out",
        type=Path,
        help="where to write results (default: "
        "bench/results/, or a new temporary directory with --quick)",
    )
    parser.add_argument(
        "--only",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        default=list(SECTIONS),
        help=f"comma-separated subset of {SECTIONS}",
    )
    parser.add_argument(
        "--no-http",
        action="store_true",
        help="skip everything that needs the server (http, memory, its profile)",
    )
    parser.add_argument(
        "--gunicorn-config",
        type=Path,
        default=machine.ROOT / "gunicorn.conf.py",
        help="gunicorn configuration file (default: the repository's)",
    )
    parser.add_argument("--app", default="service.wsgi:app", help="WSGI app to serve")
    parser.add_argument("--http-duration", type=float, help="seconds per wrk run (default 10)")
    parser.add_argument("--batch-items", type=int, help="pages per batch request (default 20)")
    parser.add_argument("--memory-requests", type=int, help="requests per round (default 10000)")
    parser.add_argument("--memory-rounds", type=int, help="rounds of requests (default 2)")
    parser.add_argument("--core-runs", type=int, help="timed runs per seed (default 2000)")
    parser.add_argument("--resolver-count", type=int, help="age strings (default 2000)")
    parser.add_argument(
        "--extraction-dir",
        type=Path,
        default=BENCHMARK_DEV,
        help="article-extraction benchmark folder, html/ and ground-truth.json (default: "
        "../shared/benchmark-dev beside the repository; the section is skipped without it)",
    )
    parser.add_argument(
        "--realpages-dir",
        type=Path,
        default=REAL_PAGES,
        help="annotated real-page corpus, NAME.txt with NAME.json (default: ../shared/realpages "
        "beside the repository; the section is skipped without it)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    if args.no_http:
        args.only = [s for s in args.only if s not in ("http", "memory")]
    quick = args.quick
    args.http_duration = args.http_duration or (2.0 if quick else 10.0)
    args.batch_items = args.batch_items or (4 if quick else 20)
    args.memory_requests = args.memory_requests or (300 if quick else 10_000)
    args.memory_rounds = args.memory_rounds or (1 if quick else 2)
    args.core_runs = args.core_runs or (30 if quick else 2000)
    args.resolver_count = args.resolver_count or (60 if quick else 2000)
    return args


def _guarded(key: str, title: str, work: Callable[[], SectionResult]) -> SectionResult:
    """Run one section; a crash becomes a skipped row with the error, not a lost run."""
    started, cpu = time.monotonic(), time.process_time()
    print(f"[bench] {title} ...", file=sys.stderr, flush=True)
    try:
        result = work()
    except Exception as error:  # noqa: BLE001 - one broken section must not hide the others
        traceback.print_exc()
        result = SectionResult(key, title, skipped=f"FAILED: {type(error).__name__}: {error}")
    wall = time.monotonic() - started
    print(f"[bench] {title} done in {wall:.0f} s", file=sys.stderr)
    if key in IN_PROCESS and wall > 0:
        # Below ~95% the benchmark process was waiting for a core: other load on the machine.
        share = 100 * (time.process_time() - cpu) / wall
        result.notes.append(f"This process had the CPU {share:.0f}% of the section's {wall:.0f} s.")
        result.data["cpu_share_pct"] = share
    return result


def _in_process(args: argparse.Namespace) -> list[SectionResult]:
    from bench import core, resolver, scaling

    results = []
    if "core" in args.only:
        warmup = 5 if args.quick else 100
        results.append(_guarded("core", "Core per page", lambda: core.run(args.core_runs, warmup)))
    if "resolver" in args.only:
        results.append(
            _guarded(
                "resolver",
                "Relative-time resolution",
                lambda: resolver.run(args.resolver_count, repeats=2 if args.quick else 5),
            )
        )
    if "scaling" in args.only:
        if args.quick:
            work = lambda: scaling.run((1024, 4096, 16384), (0, 10, 50), budget=0.02)  # noqa: E731
        else:
            work = scaling.run
        results.append(_guarded("scaling", "Scaling", work))
    if "realpages" in args.only:
        results.append(_realpages(args))
    if "extraction" in args.only:
        results.append(_extraction(args))
    if "markup" in args.only:
        results.append(_markup(args))
    return results


def _realpages(args: argparse.Namespace) -> SectionResult:
    """Accuracy on the annotated real pages; skipped when the corpus is absent."""
    from bench import realpages

    reason = realpages.missing_reason(args.realpages_dir)
    if reason:
        return SectionResult("realpages", "Real pages", skipped=reason)
    return _guarded("realpages", "Real pages", lambda: realpages.run(args.realpages_dir))


def _markup(args: argparse.Namespace) -> SectionResult:
    """Title and date from HTML on the benchmark folder; skipped when it is absent or quick."""
    from bench import extraction, markup_facts

    title = "Title and date from HTML (article-extraction benchmark)"
    reason = extraction.missing_reason(args.extraction_dir)
    if reason is None and args.quick:
        reason = "not in a quick run (every page is read twice)"
    if reason:
        return SectionResult("markup", title, skipped=reason)
    return _guarded("markup", title, lambda: markup_facts.run(args.extraction_dir))


def _extraction(args: argparse.Namespace) -> SectionResult:
    """Body extraction on the benchmark folder; skipped with the reason when it is absent."""
    from bench import extraction

    title = "Body extraction (article-extraction benchmark)"
    reason = extraction.missing_reason(args.extraction_dir)
    if reason:
        return SectionResult("extraction", title, skipped=reason)
    return _guarded(
        "extraction",
        title,
        lambda: extraction.run(args.extraction_dir, limit=5 if args.quick else None),
    )


def _over_http(args: argparse.Namespace) -> list[SectionResult]:
    from bench import httpload, memory, server

    wanted = [s for s in ("memory", "http") if s in args.only]
    if not wanted:
        return []
    reason = server.missing_reason(args.gunicorn_config, args.app)
    titles = {"memory": "Memory", "http": "HTTP"}
    if reason is None and "http" in wanted and machine.wrk_version() is None and wanted == ["http"]:
        reason = "wrk is not installed: apt-get install -y wrk"
    if reason:
        return [SectionResult(k, titles[k], skipped=reason) for k in wanted]
    try:
        running = server.start(args.gunicorn_config, args.app)
    except RuntimeError as error:
        return [SectionResult(k, titles[k], skipped=f"FAILED: {error}") for k in wanted]
    results = []
    with running:
        if "memory" in wanted:
            mem = _guarded(
                "memory",
                "Memory",
                lambda: memory.run(
                    running, args.memory_requests, args.memory_rounds, 50 if args.quick else 500
                ),
            )
            results.append(mem)
        if "http" in wanted:
            results.append(
                _guarded(
                    "http",
                    "HTTP",
                    lambda: httpload.run(
                        running,
                        args.http_duration,
                        warmup=1.0 if args.quick else 3.0,
                        batch_items=args.batch_items,
                    ),
                )
            )
            if "memory" in wanted and not mem.skipped:
                after = running.worker_rss()
                mem.add(
                    "RSS per worker after the HTTP section too",
                    ", ".join(f"{v / 1024:.1f} MiB" for v in after.values()),
                )
                mem.data["after_http_kib"] = after
        if running.process.poll() is not None:
            for result in results:
                result.notes.append(f"gunicorn exited during the run: {server.tail(running.log)}")
    running.log.unlink(missing_ok=True)
    return results


def _profiles(args: argparse.Namespace, out: Path) -> tuple[list[str], list[str]]:
    """Profile sections for RESULTS.md, and a short summary for the terminal."""
    from bench import core, resolver
    from bench.pages import AGGREGATOR_SEED, read_seed

    repeat = 20 if args.quick else 300
    page = read_seed(AGGREGATOR_SEED)
    pairs = resolver.make_pairs(200 if args.quick else 2000)
    strings = resolver.django_strings(pairs)
    items = [(s, now) for s, (_, now) in zip(strings, pairs, strict=True)]

    # Every profiled run does its own work, as in the timed sections: a new reference time
    # for each normalisation, and the resolver's caches emptied before each pass.
    taken = 0

    def fresh(count: int) -> list[str]:
        """Reference times no earlier profiled run used."""
        nonlocal taken
        taken += count
        return core.reference_times(count, first=taken - count)

    def core_calls(count: int) -> Callable[[], object]:
        return core.varied(page, fresh(count + 1))

    def resolver_call() -> None:
        resolver._clear_caches()
        for item in items:
            resolver._ours(*item)

    plans: list[tuple[str, str, Callable[[int], Callable[[], object] | None], int]] = [
        (
            "core",
            "normalise() on the aggregator seed",
            core_calls,
            repeat,
        ),
        (
            "resolver",
            "parse_age + resolve_age over the resolver's strings",
            lambda n: resolver_call,
            max(2, repeat // 100),
        ),
    ]
    if not args.no_http:
        plans.append(
            (
                "request",
                "POST /v1/normalise through the WSGI app",
                lambda n: profiles.request_call(fresh(n + 1)),
                repeat,
            )
        )
    markdown = [
        "## Profiles",
        "",
        "Self = time in the function itself; cumulative = with what it calls; both as a "
        "share of the profiled total. Full call trees (pyinstrument) are in the "
        "`profile_*.txt` files beside this one.",
        "",
    ]
    terminal = []
    for key, title, make, count in plans:
        call = make(count)
        if call is None:
            markdown += [
                f"### {title}",
                "",
                "Not profiled: service.wsgi could not be imported.",
                "",
            ]
            continue
        rows, per_run = profiles.profile_table(call, count)
        steps = profiles.cumulative_table(make(count), count)
        markdown += profiles.render(title, rows, per_run, f"{count} runs.")
        markdown += report._grid(["project function (cumulative ranked)", "cumulative"], steps)
        markdown.append("")
        profiles.pyinstrument_text(make(count), count, out / f"profile_{key}.txt")
        terminal.append(f"{title}: " + "; ".join(f"{r[0]} {r[1]}" for r in rows[:5]))
    return markdown, terminal


def main(argv: list[str] | None = None) -> int:
    """Run, print, write; exit 1 if any section failed."""
    args = parse_args(argv)
    out = args.out or (Path(tempfile.mkdtemp(prefix="bench-")) if args.quick else RESULTS)
    out.mkdir(parents=True, exist_ok=True)
    facts = machine.describe()
    results = _in_process(args) + _over_http(args)
    extra: list[str] = []
    summary: list[str] = []
    if "profile" in args.only:
        try:
            extra, summary = _profiles(args, out)
        except Exception as error:  # noqa: BLE001
            traceback.print_exc()
            extra = ["## Profiles", "", f"FAILED: {type(error).__name__}: {error}", ""]
    for result in results:
        make = {
            "scaling": plots.scaling_plot,
            "resolver": plots.resolver_plot,
            "http": plots.http_plot,
        }.get(result.key)
        if make and not result.skipped:
            name = make(result.data, out)
            if name:
                result.figures.append(name)
    if not plots.available():
        extra.append("matplotlib is not installed (pip install -e '.[bench]'): no figures.")
    facts["load average at end (1/5/15 min)"] = ", ".join(
        f"{x:.2f}" for x in __import__("os").getloadavg()
    )
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    (out / "RESULTS.md").write_text(
        report.render_markdown(results, facts, command.strip(), extra), encoding="utf-8"
    )
    report.write_json(results, facts, out / "results.json")
    print(report.render_table(results))
    print()
    print(report.render_targets(results))
    for line in summary:
        print(f"\nprofile, {line}")
    print(f"\nwritten to {out}")
    failed = [r.key for r in results if r.skipped and r.skipped.startswith("FAILED")]
    return 1 if failed else 0
