"""Section 4, HTTP: wrk against the real gunicorn server, every endpoint in the same run.

Four runs on one server, one after the other, each ``duration`` seconds at 16 connections:

* ``GET /healthz``: the ceiling of the stack (routing, WSGI, gunicorn, sockets);
* ``POST /v1/normalise``: the aggregator seed as JSON, ``reference_time`` different on every
  request (a Lua counter), so that no cache can help;
* ``POST /v1/normalise/batch``: 20 items as JSON, and the same 20 items as NDJSON (pages/s).

wrk's Lua ``done`` hook prints the summary as one JSON line, read back here.

>>> print(reference_time_lua("t"))
os.date("!%Y-%m-%dT%H:%M:%SZ", t)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import orjson

from bench import server as servers
from bench.core import reference_times, varied
from bench.machine import ROOT
from bench.pages import AGGREGATOR_SEED, read_seed
from bench.report import SectionResult
from bench.server import Server

CONNECTIONS = 16
THREADS = 2
BATCH_ITEMS = 20
BASE_EPOCH = 1742817600  # 2025-03-24T12:00:00Z
TARGET_RATIO = 0.45
AIM_RATIO = 0.60
TARGET_P99_MS = 25.0
# Issue 14: the web layer (server CPU per POST minus the core's CPU per page) at most 1.5x a
# Flask hello world's server CPU per request, /healthz at most 1.2x.
TARGET_WEB_X_HELLO = 1.5
TARGET_HEALTHZ_X_HELLO = 1.2
HELLO_CONFIG = ROOT / "bench" / "hello" / "gunicorn.conf.py"
HELLO_APP = "bench.hello:app"

_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, "connect_errors": %.0f, ' ..
    '"read_errors": %.0f, "write_errors": %.0f, "status_errors": %.0f, "timeouts": %.0f, ' ..
    '"p50_us": %.0f, "p90_us": %.0f, "p99_us": %.0f, "max_us": %.0f, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""

# Each wrk thread numbers its requests; thread k's reference times start k * 10^7 s later,
# so no two requests of a run carry the same reference_time.
_THREADS = r"""
local next_thread = 0
function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end
local counter = 0
local function next_time()
  counter = counter + 1
  return BASE + (thread_index or 0) * 10000000 + counter
end
"""


def reference_time_lua(variable: str) -> str:
    """The Lua expression that writes epoch seconds as an RFC 3339 UTC reference time."""
    return f'os.date("!%Y-%m-%dT%H:%M:%SZ", {variable})'


def _long_string(text: str) -> str:
    """``text`` as a Lua long-bracket literal whose closing bracket does not occur in it."""
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def _json_text(page: str) -> str:
    return orjson.dumps(page).decode()  # Lua strings are bytes: UTF-8 passes through as is


def single_script(page: str) -> str:
    """wrk script: POST /v1/normalise with the page and a new reference_time per request."""
    prefix = '{"text": ' + _json_text(page) + ', "reference_time": "'
    return f"""BASE = {BASE_EPOCH}
local prefix = {_long_string(prefix)}
local headers = {{["Content-Type"] = "application/json"}}
{_THREADS}
request = function()
  local body = prefix .. {reference_time_lua("next_time()")} .. '"}}'
  return wrk.format("POST", "/v1/normalise", headers, body)
end
{_DONE}"""


def batch_script(page: str, items: int, ndjson: bool) -> str:
    """wrk script: POST /v1/normalise/batch with ``items`` pages, as JSON or NDJSON."""
    text = _json_text(page)
    content_type = "application/x-ndjson" if ndjson else "application/json"
    # json.dumps of these ASCII strings is also a valid Lua string literal.
    opening, separator, closing = (
        json.dumps(s) for s in (("", "\n", "\n") if ndjson else ('{"items": [', ", ", "]}"))
    )
    return f"""BASE = {BASE_EPOCH}
local text = {_long_string(text)}
local headers = {{["Content-Type"] = "{content_type}"}}
{_THREADS}
request = function()
  local parts = {{}}
  for i = 1, {items} do
    parts[i] = '{{"id": "' .. i .. '", "text": ' .. text .. ', "reference_time": "' ..
      {reference_time_lua("next_time()")} .. '"}}'
  end
  local body = {opening} .. table.concat(parts, {separator}) .. {closing}
  return wrk.format("POST", "/v1/normalise/batch", headers, body)
end
{_DONE}"""


def run_wrk(url: str, script: str, duration: float, connections: int = CONNECTIONS) -> dict:
    """Run wrk for ``duration`` seconds and return its summary (latencies in µs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        command = [
            "wrk",
            f"-t{THREADS}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            path,
            url,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
    finally:
        Path(path).unlink(missing_ok=True)
    for line in done.stdout.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line[len("WRKJSON ") :])
    raise RuntimeError(f"wrk printed no summary (exit {done.returncode}): {done.stderr[-500:]}")


def core_cpu_per_page(page: str, runs: int = 400) -> float:
    """Mean CPU seconds of one ``normalise()`` of ``page`` in this process (a new reference
    time each run, garbage collector on): what the core costs a request, without the web.

    The mean, not the median: the server's CPU per request it is set against is a mean."""
    call = varied(page, reference_times(runs, first=10**6))
    for _ in range(20):
        call()
    start = time.thread_time()
    for _ in range(runs):
        call()
    return (time.thread_time() - start) / runs


def queueing_bound_ms(cpu_ms: float, connections: int, cores: int) -> float:
    """The mean latency a closed loop of ``connections`` clients cannot beat when each request
    needs ``cpu_ms`` of CPU and the server has ``cores``: every request waits for the others'
    CPU (Little's law at saturation), and never less than its own CPU.

    >>> queueing_bound_ms(2.0, 16, 2)
    16.0
    """
    return max(cpu_ms, connections * cpu_ms / cores)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def measure(server: Server, path: str, script: str | None, duration: float) -> dict:
    """One wrk run against ``server``: its summary plus the server's CPU per request (master
    and workers, from /proc; a worker replaced during the run counts in the master's reaped
    children), and
    for a service that reports it, the core's CPU per page in its workers (from /metrics)."""
    core_before = core_counters(server)
    cpu_before = server.server_cpu_total()
    summary = run_wrk(f"{server.base}{path}", script or _DONE, duration)
    cpu = server.server_cpu_total() - cpu_before
    core_after = core_counters(server)
    summary["server_cpu_ms_per_request"] = (
        1e3 * cpu / summary["requests"] if summary["requests"] else 0.0
    )
    if core_before and core_after and core_after[1] > core_before[1]:
        pages = core_after[1] - core_before[1]
        summary["core_cpu_ms_in_workers"] = 1e3 * (core_after[0] - core_before[0]) / pages
    return summary


#: The service's counters of the core's CPU seconds and of the pages it timed (issue 14).
_CORE_CPU = "normaliser_core_cpu_seconds_total"
_CORE_PAGES = "normaliser_core_duration_seconds_count"


def core_counters(server: Server) -> tuple[float, float] | None:
    """(CPU seconds the core used, pages it normalised) in the workers so far, from the
    service's /metrics; ``None`` for a server that does not report them (a hello world, an
    older build)."""
    try:
        status, text = server.request("GET", "/metrics")
    except OSError:
        return None
    return parse_core_counters(text.decode("utf-8", "replace")) if status == 200 else None


def parse_core_counters(text: str) -> tuple[float, float] | None:
    """The two counters from Prometheus exposition text.

    >>> parse_core_counters("normaliser_core_cpu_seconds_total 1.5\\n"
    ...                     "normaliser_core_duration_seconds_count 1000.0\\n")
    (1.5, 1000.0)
    >>> parse_core_counters("hello 1\\n") is None
    True
    """
    found: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in (_CORE_CPU, _CORE_PAGES):
            found[name] = float(value)
    if len(found) < 2:
        return None
    return found[_CORE_CPU], found[_CORE_PAGES]


def hello_cpu(duration: float, warmup: float) -> dict:
    """wrk against a Flask hello world under gunicorn (2 sync workers), measured like the
    service: the stack's own cost per request."""
    with servers.start(HELLO_CONFIG, HELLO_APP, ready_path="/") as hello:
        run_wrk(f"{hello.base}/", _DONE, warmup)
        return measure(hello, "/", None, duration)


def _check(server: Server, page: str) -> list[str]:
    """One request of each kind first: the numbers mean nothing if the answers are wrong."""
    problems = []
    body = orjson.dumps({"text": page, "reference_time": "2025-03-24T12:00:00Z"})
    status, answer = server.request(
        "POST", "/v1/normalise", body, {"Content-Type": "application/json"}
    )
    if status != 200 or orjson.loads(answer).get("format") != "aggregator":
        problems.append(f"POST /v1/normalise answered {status}: {answer[:200]!r}")
    items = [
        {"id": str(i), "text": page, "reference_time": "2025-03-24T12:00:00Z"} for i in range(3)
    ]
    status, answer = server.request(
        "POST",
        "/v1/normalise/batch",
        orjson.dumps({"items": items}),
        {"Content-Type": "application/json"},
    )
    if status != 200 or len(orjson.loads(answer).get("results", [])) != 3:
        problems.append(f"POST /v1/normalise/batch (JSON) answered {status}: {answer[:200]!r}")
    ndjson = b"".join(orjson.dumps(item) + b"\n" for item in items)
    status, answer = server.request(
        "POST", "/v1/normalise/batch", ndjson, {"Content-Type": "application/x-ndjson"}
    )
    if status != 200 or len(answer.strip().splitlines()) != 3:
        problems.append(f"POST /v1/normalise/batch (NDJSON) answered {status}: {answer[:200]!r}")
    return problems


def run(
    server: Server, duration: float = 10.0, warmup: float = 3.0, batch_items: int = BATCH_ITEMS
) -> SectionResult:
    """Drive every endpoint of ``server`` with wrk; needs wrk on the PATH."""
    result = SectionResult("http", "HTTP")
    if shutil.which("wrk") is None:
        result.skipped = "wrk is not installed: apt-get install -y wrk"
        result.target("normalise >= 45% of /healthz req/s", "wrk missing", None)
        result.target("normalise p99 < 25 ms", "wrk missing", None)
        return result
    page = read_seed(AGGREGATOR_SEED)
    problems = _check(server, page)
    if problems:
        result.skipped = "the server's answers are wrong, nothing timed: " + "; ".join(problems)
        return result

    plans = [
        ("GET /healthz", None, 1),
        ("POST /v1/normalise", single_script(page), 1),
        (
            f"POST /v1/normalise/batch JSON x{batch_items}",
            batch_script(page, batch_items, False),
            batch_items,
        ),
        (
            f"POST /v1/normalise/batch NDJSON x{batch_items}",
            batch_script(page, batch_items, True),
            batch_items,
        ),
    ]
    run_wrk(f"{server.base}/v1/normalise", plans[1][1], warmup)  # warm workers, not measured
    # The core's CPU per page just before and after the POST run, averaged: the web layer is a
    # difference of the two figures, so on a drifting machine both come from the same minutes.
    core_seconds: list[float] = []
    runs = []
    for index, (name, script, pages) in enumerate(plans):
        path = "/healthz" if script is None else "/v1/normalise"
        if index == 1:
            core_seconds.append(core_cpu_per_page(page))
        # Server CPU per request: what a request costs gunicorn's master and workers,
        # whatever else the machine runs (wrk included).
        summary = measure(server, path, script, duration)
        if index == 1:
            core_seconds.append(core_cpu_per_page(page))
        cpu_ms = summary["server_cpu_ms_per_request"]
        seconds = summary["duration_us"] / 1e6
        rate = summary["requests"] / seconds
        errors = sum(summary[k] for k in summary if k.endswith("_errors") or k == "timeouts")
        runs.append(
            {
                "name": name,
                "requests": summary["requests"],
                "seconds": seconds,
                "requests_per_s": rate,
                "pages_per_s": rate * pages,
                "p50_ms": summary["p50_us"] / 1e3,
                "p99_ms": summary["p99_us"] / 1e3,
                "max_ms": summary["max_us"] / 1e3,
                "errors": errors,
                "server_cpu_ms_per_request": cpu_ms,
                "core_cpu_ms_in_workers": summary.get("core_cpu_ms_in_workers"),
            }
        )
        shown = f"{rate:,.0f} req/s"
        if pages > 1:
            shown += f" = {rate * pages:,.0f} pages/s"
        shown += f", p50 {summary['p50_us'] / 1e3:.1f} ms, p99 {summary['p99_us'] / 1e3:.1f} ms"
        shown += f", server CPU {cpu_ms:.2f} ms/req"
        if errors:
            shown += f", {errors} errors"
        result.add(name, shown)
    healthz, single = runs[0], runs[1]
    ratio = single["requests_per_s"] / healthz["requests_per_s"]
    result.add("ratio normalise / healthz req/s", f"{100 * ratio:.1f} %")
    if single["server_cpu_ms_per_request"]:
        cpu_ratio = healthz["server_cpu_ms_per_request"] / single["server_cpu_ms_per_request"]
        result.add(
            "ratio of server CPU per request healthz / normalise", f"{100 * cpu_ratio:.1f} %"
        )
        result.data["cpu_ratio"] = cpu_ratio
    core_ms = 1e3 * sum(core_seconds) / len(core_seconds)
    result.data["core_cpu_ms_before_after"] = [1e3 * x for x in core_seconds]
    _web_layer(result, runs, core_ms, hello_cpu(duration, warmup))
    _live_profile(result, server, plans[1][1], duration)
    result.data.update(runs=runs, ratio=ratio, duration=duration, connections=CONNECTIONS)
    result.target(
        "normalise >= 45% of /healthz req/s (aim 60%)",
        f"{100 * ratio:.1f} %",
        ratio >= TARGET_RATIO,
    )
    bound = result.data["queueing_bound_ms"]
    result.target(
        "normalise p99 < 25 ms at 16 connections (the queueing bound, next to it)",
        f"{single['p99_ms']:.1f} ms (bound {bound:.1f} ms)",
        single["p99_ms"] < TARGET_P99_MS,
    )
    workers = len(server.workers())
    result.notes.append(
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {duration:g} s per endpoint after a "
        f"{warmup:g} s warm-up, on 127.0.0.1 against `gunicorn -c gunicorn.conf.py` "
        f"({workers} workers); wrk shares the machine's cores with the server."
    )
    return result


def _live_profile(result: SectionResult, server: Server, script: str, duration: float) -> None:
    """py-spy on the live master and workers under the POST load: the top items (GIL-holding
    samples, i.e. Python running) and the share of them spent in the core."""
    from bench.profiles import live_profile, share_under

    out = Path(tempfile.mkstemp(prefix="bench-live-", suffix=".collapsed")[1])
    script_path = _script_file(script)
    load = subprocess.Popen(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{round(duration) + 2}s", "-s"]
        + [script_path, f"{server.base}/v1/normalise"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        rows = live_profile(server.process.pid, duration, out)
    finally:
        load.wait()
        Path(script_path).unlink(missing_ok=True)
    if rows is None:
        result.notes.append("No live profile: py-spy is missing or may not attach.")
        return
    core = share_under(out.read_text(encoding="utf-8"))
    out.unlink(missing_ok=True)
    result.add("live profile (py-spy, GIL samples): share in the core", f"{100 * core:.1f} %")
    result.data["live_profile"] = {"rows": rows, "core_share": core}
    result.notes.append(
        "Live profile of POST /v1/normalise under wrk (py-spy --gil on master and workers), "
        "top self time: " + "; ".join(f"{r[0]} {r[1]}" for r in rows[:6]) + "."
    )


def _web_layer(result: SectionResult, runs: list[dict], core_ms: float, hello: dict) -> None:
    """The web layer's cost next to a hello world's (issue 14), into ``result``."""
    healthz, single = runs[0], runs[1]
    hello_ms = hello["server_cpu_ms_per_request"]
    hello_rate = hello["requests"] / (hello["duration_us"] / 1e6)
    web_ms = single["server_cpu_ms_per_request"] - core_ms
    cores = usable_cores()
    bound = queueing_bound_ms(single["server_cpu_ms_per_request"], CONNECTIONS, cores)
    result.add(
        "Flask hello world (gunicorn, 2 sync workers)",
        f"{hello_rate:,.0f} req/s, p99 {hello['p99_us'] / 1e3:.1f} ms, "
        f"server CPU {hello_ms:.3f} ms/req",
    )
    result.add("core in process, CPU per page (before/after the POST run)", f"{core_ms:.3f} ms")
    result.add(
        "web layer: server CPU per POST minus the core's",
        f"{web_ms:.3f} ms = {web_ms / hello_ms:.2f}x hello world",
    )
    in_workers = single.get("core_cpu_ms_in_workers")
    if in_workers:
        # The same pages cost the core more inside a loaded server than in this quiet process
        # (both cores busy, caches shared with the web layer): the part of the "web layer"
        # above that is the core's own, measured by the workers themselves.
        over = single["server_cpu_ms_per_request"] - in_workers
        result.add(
            "core in the workers, CPU per page (from their /metrics)",
            f"{in_workers:.3f} ms = {in_workers / core_ms:.2f}x the core in process",
        )
        result.add(
            "web layer over the core in the workers: server CPU per POST minus that",
            f"{over:.3f} ms = {over / hello_ms:.2f}x hello world",
        )
        result.data.update(
            core_cpu_ms_in_workers=in_workers, web_over_workers_core_x_hello=over / hello_ms
        )
    result.add(
        "/healthz server CPU", f"{healthz['server_cpu_ms_per_request'] / hello_ms:.2f}x hello world"
    )
    result.add(
        f"queueing bound at {CONNECTIONS} connections on {cores} cores",
        f"{bound:.1f} ms mean ({CONNECTIONS} x {single['server_cpu_ms_per_request']:.2f} ms / "
        f"{cores}); p99 measured {single['p99_ms']:.1f} ms",
    )
    result.data.update(
        hello=hello,
        core_cpu_ms=core_ms,
        web_layer_ms=web_ms,
        web_x_hello=web_ms / hello_ms,
        healthz_x_hello=healthz["server_cpu_ms_per_request"] / hello_ms,
        queueing_bound_ms=bound,
    )
    result.target(
        f"web layer <= {TARGET_WEB_X_HELLO}x hello world's server CPU",
        f"{web_ms / hello_ms:.2f}x",
        web_ms / hello_ms <= TARGET_WEB_X_HELLO,
    )
    result.target(
        f"/healthz <= {TARGET_HEALTHZ_X_HELLO}x hello world's server CPU",
        f"{healthz['server_cpu_ms_per_request'] / hello_ms:.2f}x",
        healthz["server_cpu_ms_per_request"] / hello_ms <= TARGET_HEALTHZ_X_HELLO,
    )


def compare(variants: dict[str, dict[str, str]], duration: float, profile_dir: Path | None) -> None:
    """Side by side in one run: a hello world, then each variant of the service (environment
    variables for gunicorn.conf.py and the app), each measured the same way; with
    ``profile_dir``, py-spy samples each variant's master and workers under POST load."""
    from bench.profiles import live_profile

    page = read_seed(AGGREGATOR_SEED)
    script = single_script(page)
    core_ms = 1e3 * core_cpu_per_page(page)
    hello = hello_cpu(duration, 2.0)
    hello_ms = hello["server_cpu_ms_per_request"]
    print(f"core in process {core_ms:.3f} ms/page; hello world {hello_ms:.3f} ms/req")
    print(
        "| variant | healthz ms | healthz x hello | POST ms | web ms | web x hello | req/s "
        "| p50 | p99 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, env in variants.items():
        with servers.start(env=env) as server:
            run_wrk(f"{server.base}/v1/normalise", script, 2.0)
            healthz = measure(server, "/healthz", None, duration)
            single = measure(server, "/v1/normalise", script, duration)
            post_ms = single["server_cpu_ms_per_request"]
            web_ms = post_ms - core_ms
            rate = single["requests"] / (single["duration_us"] / 1e6)
            print(
                f"| {name} | {healthz['server_cpu_ms_per_request']:.3f} | "
                f"{healthz['server_cpu_ms_per_request'] / hello_ms:.2f} | {post_ms:.3f} | "
                f"{web_ms:.3f} | {web_ms / hello_ms:.2f} | {rate:,.0f} | "
                f"{single['p50_us'] / 1e3:.1f} | {single['p99_us'] / 1e3:.1f} |",
                flush=True,
            )
            if profile_dir is not None:
                profile_dir.mkdir(parents=True, exist_ok=True)
                out = profile_dir / f"{name}.collapsed"
                wrk = subprocess.Popen(
                    [
                        "wrk",
                        f"-t{THREADS}",
                        f"-c{CONNECTIONS}",
                        f"-d{round(duration) + 2}s",
                        "-s",
                        _script_file(script),
                        f"{server.base}/v1/normalise",
                    ],
                    stdout=subprocess.DEVNULL,
                )
                time.sleep(1)
                rows = live_profile(server.process.pid, duration, out)
                wrk.wait()
                for row in rows or [["py-spy missing or not allowed to attach", "", ""]]:
                    print("   ", " | ".join(row))


def _script_file(script: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        return handle.name


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.httpload [--duration 10] [--profile DIR] name=VAR=value,VAR=value ...``"""
    import argparse

    parser = argparse.ArgumentParser(description="the service's web layer next to a hello world")
    parser.add_argument("variants", nargs="*", help="name=VAR=value,VAR=value (default: as is)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--profile", type=Path, help="record py-spy collapsed stacks here")
    args = parser.parse_args(argv)
    variants: dict[str, dict[str, str]] = {}
    for given in args.variants or ["default"]:
        name, _, settings = given.partition("=")
        pairs = [item.split("=", 1) for item in settings.split(",") if item]
        variants[name] = {key: value for key, value in pairs}
    compare(variants, args.duration, args.profile)


if __name__ == "__main__":
    main()
