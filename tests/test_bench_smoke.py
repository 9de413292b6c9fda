"""The benchmark suite must keep running: a quick run at tiny sizes, checked for sane output.

Benchmarks are not timed tests: nothing here asserts a speed. What is asserted is that
``python -m bench --quick`` still runs every in-process section, writes RESULTS.md,
results.json and the figures, and that the numbers it wrote are internally consistent
(positive times, p99 >= median, sizes growing, full interval coverage against Django).

The quick HTTP run (gunicorn + wrk, about 20 s) is opt-in: ``RUN_SLOW=1 pytest -m slow``.
"""

from __future__ import annotations

import doctest
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH_MODULES = (
    "bench",
    "bench.core",
    "bench.extraction",
    "bench.hello",
    "bench.httpload",
    "bench.machine",
    "bench.markup_facts",
    "bench.memory",
    "bench.pages",
    "bench.plots",
    "bench.profiles",
    "bench.report",
    "bench.resolver",
    "bench.run",
    "bench.scaling",
    "bench.shingles",
    "bench.site_furniture",
    "bench.server",
    "bench.stats",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _run_bench(out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out), *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict]:
    out = tmp_path_factory.mktemp("bench")
    done = _run_bench(out, "--no-http")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return out, done.stdout, results


def _section(results: dict, key: str) -> dict:
    (section,) = [s for s in results["sections"] if s["key"] == key]
    assert section["skipped"] is None, section["skipped"]
    return section


def test_prints_the_table_and_the_targets(quick_run: tuple[Path, str, dict]) -> None:
    _, stdout, _ = quick_run
    assert "| section " in stdout
    for key in ("core", "resolver", "scaling"):
        assert f"| {key} " in stdout
    assert "aggregator seed median < 1 ms" in stdout


def test_results_md_describes_the_machine(quick_run: tuple[Path, str, dict]) -> None:
    out, _, results = quick_run
    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    for heading in ("## Machine", "## Results", "## Targets (issue 6)", "## Profiles"):
        assert heading in text
    machine = results["machine"]
    assert machine["python"].startswith("CPython 3.") or machine["python"]
    assert "GiB" in machine["memory"]
    assert machine["cpu"] and machine["cpu"] in text
    assert machine["date"][:4].isdigit()


def test_core_timings_are_sane(quick_run: tuple[Path, str, dict]) -> None:
    _, _, results = quick_run
    data = _section(results, "core")["data"]
    seeds = [entry for entry in data.values() if isinstance(entry, dict)]
    assert {entry["layout"] for entry in seeds} == {"aggregator", "dateline"}
    # Process CPU over wall time: threads of a library may add up to more than one core.
    assert 0 < data["cpu_share_pct"] <= 100 * (os.cpu_count() or 1) + 10
    for entry in seeds:
        assert 0 < entry["min_s"] <= entry["median_s"] <= entry["p99_s"] < 10
        assert entry["orjson_median_s"] > 0


def test_resolver_covers_django_truth_and_compares(quick_run: tuple[Path, str, dict]) -> None:
    _, _, results = quick_run
    data = _section(results, "resolver")["data"]
    assert data["count"] == 60
    assert data["ours_failures"] == 0
    assert data["coverage_pct"] == 100.0
    assert len(data["ours_error_s"]) == 60
    assert all(error >= 0 for error in data["ours_error_s"])
    if _has("dateparser"):
        assert data["dateparser_s"] > 0 and data["speedup"] > 0


def test_scaling_points_grow_with_size(quick_run: tuple[Path, str, dict]) -> None:
    _, _, results = quick_run
    data = _section(results, "scaling")["data"]
    for layout in ("dateline", "aggregator"):
        points = data["body"][layout]
        sizes = [p["bytes"] for p in points]
        assert len(points) == 3 and sizes == sorted(sizes) and sizes[0] >= 1024
        assert all(p["median_s"] > 0 and p["peak_bytes"] > 0 for p in points)
    history = data["history"]
    assert [p["size"] for p in history] == [0, 10, 50]
    # 50 history entries cost more than none: the sweep really varies the page.
    assert history[-1]["median_s"] > history[0]["median_s"]


def test_figures_and_profiles_written(quick_run: tuple[Path, str, dict]) -> None:
    out, _, _ = quick_run
    names = {"scaling.png"} | ({"resolver.png"} if _has("dateparser") else set())
    for name in names:
        path = out / name
        assert path.exists() == _has("matplotlib"), name
        if path.exists():
            assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 5000
    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "normalise() on the aggregator seed" in text
    assert "service/normalise/" in text  # the profile names the core's own functions
    assert (out / "profile_core.txt").exists() == _has("pyinstrument")


def test_http_sections_skip_with_a_reason(tmp_path: Path) -> None:
    """Without a server to start, the HTTP sections say why instead of failing or lying."""
    missing = tmp_path / "no-such-gunicorn.conf.py"
    done = _run_bench(tmp_path, "--only", "http,memory", "--gunicorn-config", str(missing))
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    skipped = {s["key"]: s["skipped"] for s in results["sections"]}
    assert skipped == {"memory": f"{missing} not found", "http": f"{missing} not found"}
    assert f"{missing} not found" in (tmp_path / "RESULTS.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BENCH_MODULES)
def test_bench_doctests(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("RUN_SLOW"), reason="opt in with RUN_SLOW=1")
def test_quick_http_run(tmp_path: Path) -> None:
    """The real server under a one-second wrk run per endpoint, and a short memory round."""
    done = _run_bench(tmp_path, "--only", "http,memory")
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    sections = {s["key"]: s for s in results["sections"]}
    assert sections["memory"]["skipped"] is None, sections["memory"]["skipped"]
    memory = sections["memory"]["data"]
    assert memory["failures"] == 0 and len(memory["rest_kib"]) >= 1
    assert all(kib > 10_000 for kib in memory["rest_kib"].values())
    if shutil.which("wrk") is None:
        assert "wrk is not installed" in sections["http"]["skipped"]
        return
    assert sections["http"]["skipped"] is None, sections["http"]["skipped"]
    runs = sections["http"]["data"]["runs"]
    assert [r["name"].split()[:2] for r in runs] == [
        ["GET", "/healthz"],
        ["POST", "/v1/normalise"],
        ["POST", "/v1/normalise/batch"],
        ["POST", "/v1/normalise/batch"],
    ]
    assert all(r["requests"] > 0 and r["errors"] == 0 for r in runs)
    assert (tmp_path / "http.png").exists() == _has("matplotlib")
