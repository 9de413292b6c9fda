"""Two builds of the service side by side, on a machine whose speed drifts (issue 14).

``python -m bench.abhttp --against /path/to/other/checkout [--rounds 5] [--duration 5]``

A Flask hello world, the build in ``--against`` (A) and this checkout (B) are served at once,
each by its own gunicorn with its own ``gunicorn.conf.py``; wrk then loads them in turn, round
after round (A B, then B A), ``GET /healthz`` and ``POST /v1/normalise`` of the aggregator seed.
Every round measures the hello world and the core's CPU per page (in this process) again, so
each round's ratios come from the same minute. The answer is the median over rounds of each
ratio, and the median of the pairwise B/A ratios: on a shared machine, one run of
``python -m bench`` per build can put either build ahead.

The other checkout's own ``service`` package is served (gunicorn runs in its directory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import server as servers
from bench.httpload import core_cpu_per_page, measure, run_wrk, single_script
from bench.machine import ROOT
from bench.pages import AGGREGATOR_SEED, read_seed


def pairwise_median(a: list[float], b: list[float]) -> float:
    """The median of ``b[i] / a[i]``: each round's ratio, then the middle one.

    >>> pairwise_median([2.0, 4.0, 1.0], [1.0, 3.0, 1.0])
    0.75
    """
    return statistics.median(y / x for x, y in zip(a, b, strict=True))


def start(root: Path, app: str, config: str, ready: str) -> servers.Server:
    """gunicorn for ``app`` with ``config``, run in ``root`` (so that its packages are
    served), on a free loopback port, with a fresh metrics directory."""
    port = servers.free_port()
    log = Path(tempfile.mkstemp(prefix="bench-ab-", suffix=".log")[1])
    env = {**os.environ, "NORMALISER_BIND": f"127.0.0.1:{port}", "PORT": str(port)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [sys.executable, "-m", "gunicorn", "-c", str(root / config)]
    command += ["-b", f"127.0.0.1:{port}", app]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = servers.Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if server.request("GET", ready)[0] == 200:
                time.sleep(2)  # the other workers finish booting
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn in {root} did not answer: {servers.tail(log)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout (A)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    args = parser.parse_args(argv)
    page = read_seed(AGGREGATOR_SEED)
    script = single_script(page)
    hello = start(ROOT, "bench.hello:app", "bench/hello/gunicorn.conf.py", "/")
    builds = {
        "A": start(args.against.resolve(), "service.wsgi:app", "gunicorn.conf.py", "/healthz"),
        "B": start(ROOT, "service.wsgi:app", "gunicorn.conf.py", "/healthz"),
    }
    figures: dict[str, list[float]] = {}
    try:
        for server in builds.values():
            run_wrk(f"{server.base}/v1/normalise", script, 2)
        for round_ in range(args.rounds):
            core = 1e3 * core_cpu_per_page(page, 150)
            hello_ms = measure(hello, "/", None, args.duration)["server_cpu_ms_per_request"]
            figures.setdefault("core", []).append(core)
            figures.setdefault("hello", []).append(hello_ms)
            line = [f"round {round_}: core {core:.2f} ms, hello {hello_ms:.3f} ms"]
            for name in "AB" if round_ % 2 == 0 else "BA":
                healthz = measure(builds[name], "/healthz", None, args.duration)
                post = measure(builds[name], "/v1/normalise", script, args.duration)
                cpu = (healthz["server_cpu_ms_per_request"], post["server_cpu_ms_per_request"])
                figures.setdefault(f"{name} healthz", []).append(cpu[0])
                figures.setdefault(f"{name} post", []).append(cpu[1])
                figures.setdefault(f"{name} p99", []).append(post["p99_us"] / 1e3)
                text = (
                    f"{name}: /healthz {cpu[0]:.3f} ms ({cpu[0] / hello_ms:.2f}x hello), "
                    f"POST {cpu[1]:.2f} ms (web {(cpu[1] - core) / hello_ms:.2f}x hello"
                )
                inner = post.get("core_cpu_ms_in_workers")
                if inner:  # a build whose workers report the core's CPU (issue 14)
                    figures.setdefault(f"{name} inner", []).append(inner)
                    text += f"; core in its workers {inner:.2f} ms"
                line.append(text + ")")
            print(" | ".join(line), flush=True)
    finally:
        for server in (hello, *builds.values()):
            server.stop()
    _summary(figures)


def _summary(figures: dict[str, list[float]]) -> None:
    hello, core = figures["hello"], figures["core"]
    for name in "AB":
        healthz, post = figures[f"{name} healthz"], figures[f"{name} post"]
        web = [p - c for p, c in zip(post, core, strict=True)]
        p99 = statistics.median(figures[f"{name} p99"])
        inner = ""
        if len(figures.get(f"{name} inner", ())) == len(post):
            over = [p - c for p, c in zip(post, figures[f"{name} inner"], strict=True)]
            inner = (
                f", core in its workers {statistics.median(figures[f'{name} inner']):.2f} ms"
                f" (web over it {pairwise_median(hello, over):.2f}x hello)"
            )
        print(
            f"{name} (median of rounds): /healthz {pairwise_median(hello, healthz):.2f}x hello, "
            f"web layer {pairwise_median(hello, web):.2f}x hello, POST "
            f"{statistics.median(post):.2f} ms, p99 {p99:.1f} ms{inner}"
        )
    web_a = [p - c for p, c in zip(figures["A post"], core, strict=True)]
    web_b = [p - c for p, c in zip(figures["B post"], core, strict=True)]
    print(
        "B/A, median of the rounds' ratios: /healthz CPU "
        f"{pairwise_median(figures['A healthz'], figures['B healthz']):.3f}, POST CPU "
        f"{pairwise_median(figures['A post'], figures['B post']):.3f}, web layer "
        f"{pairwise_median(web_a, web_b):.3f}"
    )


if __name__ == "__main__":
    main()
