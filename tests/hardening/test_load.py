"""Load and faults against the live server (opt in: ``RUN_SLOW=1``; loopback only, bounded).

The server is the API tests' gunicorn fixture (``gunicorn.conf.py``: gthread workers, 2
workers x 4 threads here, page limit 20,000 bytes). Figures are printed (run with ``-s``).
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest
import requests

from tests.api.test_gunicorn import Server, server  # noqa: F401 - the fixture
from tests.hardening import procs
from tests.hardening.loadgen import MIX, run_load

pytestmark = pytest.mark.slow

CONNECTIONS = 32
WORKERS = 2  # WEB_CONCURRENCY of the fixture


def test_sustained_mixed_load(server: Server) -> None:  # noqa: F811
    """60 s at 32 connections, good and bad requests mixed: no 5xx, no connection error."""
    tally = run_load(server.url, connections=CONNECTIONS, seconds=60)
    print(f"\nsustained load, {CONNECTIONS} connections, 60 s: {tally.summary()}")
    assert tally.total > 1000
    assert not tally.errors
    assert all(status < 500 for status in tally.statuses)
    # every kind of answer in the mix came back
    assert {200, 400, 404, 413, 415, 422} <= set(tally.statuses)


def test_a_worker_killed_during_load_is_replaced(server: Server) -> None:  # noqa: F811
    """SIGKILL one worker 5 s into a 20 s load: the master starts a new one, and clients see
    errors only for connections the dead worker held."""
    master = procs.master(server)
    before = procs.wait_for_workers(master, WORKERS)
    victim = procs.answering_worker(server)
    tally = run_load(
        server.url,
        connections=CONNECTIONS,
        seconds=20,
        during=lambda: os.kill(victim, signal.SIGKILL),
        during_after=5,
    )
    after = procs.wait_for_workers(master, WORKERS)
    print(f"\nSIGKILL worker {victim} during load: {tally.summary()}; workers {before} -> {after}")
    assert victim in before and victim not in after
    assert all(status < 500 for status in tally.statuses)
    # At most one error per connection (each client held at most one request on it).
    assert sum(tally.errors.values()) <= CONNECTIONS
    assert all(requests.get(f"{server.url}/readyz", timeout=10).ok for _ in range(10))


SLOW_CLIENTS = 48
SLOW_SECONDS = 15


def _slowloris(port: int, stop: float, opened: list[int]) -> None:
    """Open a connection and send a request's headers one short line per second, never
    finishing them, until ``stop`` (or until the server closes the connection)."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    opened.append(1)
    try:
        sock.sendall(b"POST /v1/normalise HTTP/1.1\r\nHost: x\r\n")
        while time.monotonic() < stop:
            sock.sendall(b"X-Slow: 1\r\n")
            time.sleep(1)
    except OSError:
        pass
    finally:
        sock.close()


def test_slow_clients_do_not_starve_the_others(server: Server) -> None:  # noqa: F811
    """48 slowloris connections (6x the 8 worker threads) trickle headers for 15 s; normal
    clients are answered throughout, each within about the header timeout (5 s: the
    HeaderDeadlineWorker drops a request whose headers are not in by then)."""
    stop = time.monotonic() + SLOW_SECONDS
    opened: list[int] = []
    slow = [
        threading.Thread(target=_slowloris, args=(server.port, stop, opened), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for thread in slow:
        thread.start()
    time.sleep(2)
    quick = [r for r in MIX if r.name in {"good page", "health", "bad JSON"}]
    tally = run_load(server.url, connections=4, seconds=SLOW_SECONDS - 4, mix=quick)
    for thread in slow:
        thread.join(timeout=30)
    print(f"\n{len(opened)} slow clients; meanwhile: {tally.summary()}")
    assert len(opened) == SLOW_CLIENTS
    assert not tally.errors
    assert tally.total > 50
    assert tally.percentile(0.99) < 8
    assert max(tally.latencies) < 10
