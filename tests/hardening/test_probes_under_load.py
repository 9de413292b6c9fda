"""Probes and queued requests when every thread is busy (issue 12), on live gunicorn.

One worker with one thread; the thread is held by a request whose body trickles in (bodies
have no time limit), so anything else must wait for it or be answered without it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from tests.api.test_gunicorn import Server, live_gunicorn

HEADER_TIMEOUT = 1
HOLD_SECONDS = 3


@pytest.fixture(scope="module")
def one_thread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    settings = {
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
    }
    with live_gunicorn(tmp_path_factory.mktemp("one-thread"), **settings) as (running, _):
        yield running


def _hold_the_thread(port: int, seconds: float, started: threading.Event) -> int:
    """POST a page whose body arrives a byte a tenth of a second; returns the status."""
    body = b"Quiet day at the harbour. " * 2
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        head = (
            "POST /v1/normalise?reference_time=2025-03-24T12:00:00Z HTTP/1.1\r\n"
            "Host: x\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        sock.sendall(head.encode())
        started.set()
        pause = seconds / len(body)
        for byte in body:
            sock.sendall(bytes([byte]))
            time.sleep(pause)
        answer = sock.recv(100)
    return int(answer.split()[1])


def _busy(server: Server) -> tuple[threading.Thread, list[int]]:
    started = threading.Event()
    statuses: list[int] = []
    holder = threading.Thread(
        target=lambda: statuses.append(_hold_the_thread(server.port, HOLD_SECONDS, started))
    )
    holder.start()
    started.wait(5)
    time.sleep(0.3)  # the worker has handed it to its only thread
    return holder, statuses


def test_healthz_is_answered_while_every_thread_is_busy(one_thread: Server) -> None:
    holder, statuses = _busy(one_thread)
    began = time.monotonic()
    alive = requests.get(f"{one_thread.url}/healthz", timeout=HOLD_SECONDS * 3)
    waited = time.monotonic() - began
    ready = requests.get(f"{one_thread.url}/readyz", timeout=HOLD_SECONDS * 3)
    holder.join()
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    assert waited < HOLD_SECONDS / 2, f"/healthz waited {waited:.1f} s for the busy thread"
    assert ready.status_code == 503
    assert ready.headers["Content-Type"] == "application/problem+json"
    assert ready.json()["type"].endswith(":busy") and ready.headers["Retry-After"]
    assert alive.headers["X-Request-ID"] and ready.headers["X-Request-ID"]
    assert statuses == [200]  # the request that held the thread was served too


def test_a_request_queued_longer_than_the_header_deadline_is_served(one_thread: Server) -> None:
    """Its headers came at once; it only waited for a thread, which is not the client's fault."""
    holder, statuses = _busy(one_thread)
    answer = requests.post(
        f"{one_thread.url}/v1/normalise",
        params={"reference_time": "2025-03-24T12:00:00Z"},
        data=b"Queued page.\n\nIt waited for a thread longer than the header deadline.",
        headers={"Content-Type": "text/plain"},
        timeout=HOLD_SECONDS * 3,
    )
    holder.join()
    assert HOLD_SECONDS > 2 * HEADER_TIMEOUT
    assert answer.status_code == 200, answer.text
    assert statuses == [200]
    assert requests.get(f"{one_thread.url}/readyz", timeout=5).status_code == 200
