"""Section 5, memory: resident memory of each gunicorn worker at rest and after many requests.

"At rest" is after a short warm-up (first requests import and compile lazily, which is not
growth), with the server idle. Then exactly ``requests`` POSTs of the aggregator seed, each
with its own ``reference_time``, are sent over 16 keep-alive connections, and the RSS is
read again; with ``rounds=2`` a second batch shows whether growth continues.

>>> noise_kib(100_000)
2000
"""

from __future__ import annotations

import http.client
import threading
import time
from datetime import UTC, datetime, timedelta

import orjson

from bench.pages import AGGREGATOR_SEED, read_seed
from bench.report import SectionResult
from bench.server import HOST, Server

CONNECTIONS = 16
WARMUP_REQUESTS = 500


def noise_kib(rest_kib: int) -> int:
    """What counts as noise: 2% of the resting RSS, at least 1 MiB."""
    return max(1024, rest_kib * 2 // 100)


def _bodies(page: str, first: int, count: int) -> list[bytes]:
    base = datetime(2025, 3, 24, 12, tzinfo=UTC)
    return [
        orjson.dumps({"text": page, "reference_time": base + timedelta(seconds=first + i)})
        for i in range(count)
    ]


def drive(server: Server, bodies: list[bytes], connections: int = CONNECTIONS) -> tuple[int, int]:
    """POST every body once to /v1/normalise over keep-alive connections: (ok, failed)."""
    lock = threading.Lock()
    position = 0
    counts = [0, 0]

    def worker() -> None:
        nonlocal position
        connection = http.client.HTTPConnection(HOST, server.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        while True:
            with lock:
                if position >= len(bodies):
                    break
                body = bodies[position]
                position += 1
            try:
                connection.request("POST", "/v1/normalise", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(HOST, server.port, timeout=60)
            with lock:
                counts[0 if ok else 1] += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0], counts[1]


def _settle() -> None:
    time.sleep(1.0)  # let in-flight responses finish and the workers go idle


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def run(
    server: Server, requests: int = 10_000, rounds: int = 1, warmup: int = WARMUP_REQUESTS
) -> SectionResult:
    """Read every worker's RSS idle, at rest after a warm-up, and after each round."""
    result = SectionResult("memory", "Memory")
    page = read_seed(AGGREGATOR_SEED)
    idle = server.worker_rss()
    drive(server, _bodies(page, 0, warmup))
    _settle()
    rest = server.worker_rss()
    result.add("workers", str(len(rest)))
    result.add("RSS per worker, idle after start", ", ".join(_mib(v) for v in idle.values()))
    result.add(
        f"RSS per worker at rest (after {warmup} warm-up requests)",
        ", ".join(_mib(v) for v in rest.values()),
    )
    readings = [rest]
    sent = warmup
    failures = 0
    elapsed = []
    for round_number in range(1, rounds + 1):
        start = time.monotonic()
        ok, failed = drive(server, _bodies(page, sent, requests))
        elapsed.append(time.monotonic() - start)
        failures += failed
        sent += requests
        _settle()
        now = server.worker_rss()
        readings.append(now)
        previous = readings[-2]
        growth = [now[p] - previous[p] for p in now if p in previous]
        label = f"after {requests * round_number:,} requests"
        result.add(f"RSS per worker {label}", ", ".join(_mib(v) for v in now.values()))
        result.add(
            f"growth per worker, round {round_number} ({requests:,} requests)",
            ", ".join(f"{g / 1024:+.1f} MiB" for g in growth) or "workers were replaced",
        )
    result.add("failed requests", str(failures))
    same_workers = all(set(r) == set(rest) for r in readings)
    if not same_workers:
        result.notes.append(
            "the worker pids changed during the run (gunicorn max_requests recycling or a "
            "crash): growth is only comparable for workers present throughout"
        )
    # The core keeps bounded caches (resolved ages and stamps: 4,096 entries each; word
    # hashes: 65,536), which fill during the first round; with two rounds or more the verdict
    # is on the last round, when only a leak could still grow.
    final = readings[-1]
    base = readings[-2] if len(readings) > 2 else rest
    growth = [final[p] - base[p] for p in final if p in base]
    worst = max(growth, default=0)
    allowed = max((noise_kib(v) for v in base.values()), default=1024)
    result.target(
        f"no RSS growth across {requests:,} requests"
        f"{' (last round)' if len(readings) > 2 else ''} (noise: 2%, at least 1 MiB)",
        f"worst worker {worst / 1024:+.1f} MiB",
        bool(growth) and worst <= allowed,
    )
    result.data.update(
        idle_kib=idle,
        rest_kib=rest,
        readings_kib=readings,
        requests=requests,
        rounds=rounds,
        failures=failures,
        seconds=elapsed,
    )
    result.notes.append(
        f"{requests:,} POST /v1/normalise per round (aggregator seed, a new reference_time "
        f"each) over {CONNECTIONS} keep-alive connections from a Python client; RSS is VmRSS "
        f"from /proc/<pid>/status of each child of the gunicorn master, read 1 s after the "
        f"load stops; rounds took {', '.join(f'{s:.0f} s' for s in elapsed)}."
    )
    return result
