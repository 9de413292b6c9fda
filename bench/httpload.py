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
import shutil
import subprocess
import tempfile
from pathlib import Path

import orjson

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
    runs = []
    for name, script, pages in plans:
        path = "/healthz" if script is None else "/v1/normalise"
        cpu_before = server.workers_cpu()
        summary = run_wrk(f"{server.base}{path}", script or _DONE, duration)
        cpu_after = server.workers_cpu()
        # Server CPU per request: what a request costs the workers, whatever else the machine
        # runs (wrk included); workers replaced during the run are left out of the sum.
        cpu = sum(cpu_after[p] - cpu_before[p] for p in cpu_after if p in cpu_before)
        cpu_ms = 1e3 * cpu / summary["requests"] if summary["requests"] else 0.0
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
    result.data.update(runs=runs, ratio=ratio, duration=duration, connections=CONNECTIONS)
    result.target(
        "normalise >= 45% of /healthz req/s (aim 60%)",
        f"{100 * ratio:.1f} %",
        ratio >= TARGET_RATIO,
    )
    result.target(
        "normalise p99 < 25 ms", f"{single['p99_ms']:.1f} ms", single["p99_ms"] < TARGET_P99_MS
    )
    workers = len(server.workers())
    result.notes.append(
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {duration:g} s per endpoint after a "
        f"{warmup:g} s warm-up, on 127.0.0.1 against `gunicorn -c gunicorn.conf.py` "
        f"({workers} workers); wrk shares the machine's cores with the server."
    )
    return result
