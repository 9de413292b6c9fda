"""Section 1, core per page: median and p99 of one ``normalise()`` of each seed, in-process.

Every run gets a different reference time (a minute later each), so that no cache of
resolved ages can help: the work is what a stream of real requests costs. For the aggregator
seed, ``dateparser.parse`` on the same page's 51 ages (``RELATIVE_BASE`` set) is timed beside
it, when dateparser is installed. Serialising the article
(orjson, and the standard library's json for comparison) is timed apart: it is the other
half of what a request costs.

>>> result = run(runs=3, warmup=1)
>>> [measure for measure, _ in result.rows][:3]
['aggregator seed median', 'aggregator seed p99', 'aggregator seed median CPU time']
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from datetime import UTC, datetime, timedelta

import orjson

from bench.pages import REFERENCE_TIME, seed_pages
from bench.report import SectionResult
from bench.stats import human_seconds, percentile, time_calls
from service.normalise import normalise

TARGET_MEDIAN = 1e-3  # issue 6: one aggregator-seed normalisation under 1 ms median
TARGET_MB_PER_S = 20.0  # issue 14: body through the core, per core, for the 4 MB seed repeat
REPEAT_BYTES = 4_000_000


def throughput(
    page: str, size: int = REPEAT_BYTES, runs: int = 2, *, frozen: bool = True
) -> tuple[int, float]:
    r"""(bytes, best CPU seconds) of ``normalise()`` of ``page`` repeated to ``size`` bytes:
    the core's throughput on one big page of a normal shape.

    ``frozen`` runs the core as a service worker runs it: ``gunicorn.conf.py`` moves everything
    alive once the app is loaded into the collector's permanent generation (``gc.freeze()``),
    so a big page's collections do not walk the modules and tables again and again. Here the
    same is done for the duration of the runs (and undone after); ``frozen=False`` measures
    a process that never froze.

    >>> given, seconds = throughput("Title\n\nA short paragraph of prose.\n\n", 2000, 1)
    >>> given >= 2000 and seconds > 0
    True
    """
    unit = len(page.encode())
    text = page * max(1, -(-size // unit))
    best = float("inf")
    if frozen:
        gc.collect()
        gc.freeze()
    try:
        for index in range(runs):
            started = time.thread_time()
            normalise(text, reference_time=reference_times(1, first=10**5 + index)[0])
            best = min(best, time.thread_time() - started)
    finally:
        if frozen:
            gc.unfreeze()
    return len(text.encode()), best


def reference_times(count: int, first: int = 0) -> list[str]:
    """``count`` reference times a minute apart, the ``first``-th minute after 2025-03-24 12:00Z
    on: runs that take disjoint ranges never see a time another run resolved ages against."""
    start = datetime(2025, 3, 24, 12, tzinfo=UTC)
    return [
        (start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for i in range(first, first + count)
    ]


def varied(page: str, references: list[str]):
    """A call that normalises ``page`` at the next reference time each time it is called."""
    position = iter(range(10**12))

    def call() -> object:
        return normalise(page, reference_time=references[next(position) % len(references)])

    return call


def _dateparser_on_ages(article: dict, runs: int) -> float | None:
    """Median seconds for ``dateparser.parse`` to read every age the article resolved."""
    try:
        import dateparser
    except ImportError:
        return None
    base = datetime(2025, 3, 24, 12)
    ages = [article["published"]["text"]] + [
        e["published"]["text"] for e in article["history"] if e["published"]
    ]
    settings = {"RELATIVE_BASE": base}

    def parse_all() -> None:
        for age in ages:
            dateparser.parse(age, settings=settings)

    return statistics.median(time_calls(parse_all, max(3, runs // 50), 1))


def run(runs: int = 2000, warmup: int = 100) -> SectionResult:
    """Time every seed page ``runs`` times after ``warmup`` untimed runs."""
    result = SectionResult("core", "Core per page")
    references = reference_times(runs + warmup + 10)
    for name, page in seed_pages().items():
        article = normalise(page, reference_time=REFERENCE_TIME)
        layout = str(article["format"])
        label = f"{layout} seed"
        result.notes.append(f"{label}: {name}, {len(page.encode()):,} bytes.")
        samples = time_calls(varied(page, references), runs, warmup)
        median = statistics.median(samples)
        p99 = percentile(samples, 99)
        cpu_median = statistics.median(
            time_calls(varied(page, list(reversed(references))), max(3, runs // 4), 0, cpu=True)
        )
        dumps_orjson = statistics.median(
            time_calls(lambda a=article: orjson.dumps(a), runs, warmup)
        )
        dumps_json = statistics.median(
            time_calls(lambda a=article: json.dumps(a, ensure_ascii=False), runs, warmup)
        )
        result.add(f"{label} median", human_seconds(median))
        result.add(f"{label} p99", human_seconds(p99))
        result.add(f"{label} median CPU time", human_seconds(cpu_median))
        result.add(f"{label} pages/s on one core", f"{1 / median:,.0f}")
        result.add(
            f"{label} serialise median",
            f"orjson {human_seconds(dumps_orjson)}, json {human_seconds(dumps_json)}",
        )
        result.data[name] = {
            "layout": layout,
            "bytes": len(page.encode()),
            "runs": runs,
            "median_s": median,
            "p99_s": p99,
            "mean_s": statistics.fmean(samples),
            "min_s": min(samples),
            "cpu_median_s": cpu_median,
            "orjson_median_s": dumps_orjson,
            "json_median_s": dumps_json,
        }
        if layout == "aggregator":
            parse_ages = _dateparser_on_ages(article, runs)
            if parse_ages is not None:
                result.add(
                    "aggregator seed: dateparser on the same 51 ages",
                    f"{human_seconds(parse_ages)} ({parse_ages / median:.1f}x one whole "
                    f"normalisation)",
                )
                result.data[name]["dateparser_ages_median_s"] = parse_ages
            result.target(
                "aggregator seed median < 1 ms", human_seconds(median), median < TARGET_MEDIAN
            )
            size = REPEAT_BYTES if runs >= 100 else 200_000  # --quick: a smaller page
            given, seconds = throughput(page, size)
            rate = given / seconds / 1e6
            result.add(
                f"aggregator seed repeated to {given / 1e6:.1f} MB: body through the core",
                f"{rate:.1f} MB/s per core (CPU {seconds:.2f} s)",
            )
            _, unfrozen_seconds = throughput(page, size, frozen=False)
            unfrozen_rate = given / unfrozen_seconds / 1e6
            result.add(
                "the same in a process that never froze its collector",
                f"{unfrozen_rate:.1f} MB/s per core (CPU {unfrozen_seconds:.2f} s)",
            )
            result.data[name].update(
                repeat_bytes=given,
                repeat_cpu_s=seconds,
                mb_per_s=rate,
                unfrozen_mb_per_s=unfrozen_rate,
            )
            result.target(
                f"core >= {TARGET_MB_PER_S:g} MB/s per core (aggregator seed repeated to 4 MB)",
                f"{rate:.1f} MB/s",
                rate >= TARGET_MB_PER_S,
            )
    result.notes.append(
        f"{runs} timed runs per seed after {warmup} warm-up runs, each at a different "
        f"reference time (from {REFERENCE_TIME}, a minute apart), garbage collector on. "
        f"The big page's throughput is measured as a worker runs the core: what is alive "
        f"before the page (modules, tables) frozen out of the collector's reach, as "
        f"gunicorn.conf.py does once the app is loaded; the next row, unfrozen, for comparison. "
        f"Median and p99 are wall-clock; the CPU "
        f"time median (a quarter as many runs) leaves out waits for a core held by other "
        f"processes, so a gap between the two means the machine was busy."
    )
    return result
