"""Section 1, core per page: median and p99 of one ``normalise()`` of each seed, in-process.

The reference time is fixed, so every run does the same work. Serialising the article
(orjson, and the standard library's json for comparison) is timed apart: it is the other
half of what a request costs.

>>> result = run(runs=3, warmup=1)
>>> [measure for measure, _ in result.rows][:3]
['aggregator seed median', 'aggregator seed p99', 'aggregator seed median CPU time']
"""

from __future__ import annotations

import json
import statistics

import orjson

from bench.pages import REFERENCE_TIME, seed_pages
from bench.report import SectionResult
from bench.stats import human_seconds, percentile, time_calls
from service.normalise import normalise

TARGET_MEDIAN = 1e-3  # issue 6: one aggregator-seed normalisation under 1 ms median


def run(runs: int = 2000, warmup: int = 100) -> SectionResult:
    """Time every seed page ``runs`` times after ``warmup`` untimed runs."""
    result = SectionResult("core", "Core per page")
    for name, page in seed_pages().items():
        article = normalise(page, reference_time=REFERENCE_TIME)
        layout = str(article["format"])
        label = f"{layout} seed"
        result.notes.append(f"{label}: {name}, {len(page.encode()):,} bytes.")
        samples = time_calls(
            lambda page=page: normalise(page, reference_time=REFERENCE_TIME), runs, warmup
        )
        median = statistics.median(samples)
        p99 = percentile(samples, 99)
        cpu_median = statistics.median(
            time_calls(
                lambda page=page: normalise(page, reference_time=REFERENCE_TIME),
                max(3, runs // 4),
                0,
                cpu=True,
            )
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
            result.target(
                "aggregator seed median < 1 ms", human_seconds(median), median < TARGET_MEDIAN
            )
    result.notes.append(
        f"{runs} timed runs per seed after {warmup} warm-up runs, reference time "
        f"{REFERENCE_TIME}, garbage collector on. Median and p99 are wall-clock; the CPU "
        f"time median (a quarter as many runs) leaves out waits for a core held by other "
        f"processes, so a gap between the two means the machine was busy."
    )
    return result
