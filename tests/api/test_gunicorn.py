"""The real server: gunicorn with ``gunicorn.conf.py`` on a free loopback port, over real HTTP.

The NDJSON test streams 1,000 pages both ways on one connection: the client sends the
first two lines, waits for the first result, then sends the rest while reading the answers.
A server that buffered the whole request (or the whole answer) would never send that first
result. (Two lines, not one: gunicorn reads a request body in pieces of up to 1 KiB, so the
answer to a line may wait for up to 1 KiB of what follows it.)
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
import requests

from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED

ROOT = Path(__file__).resolve().parents[2]
PAGES = 1000


@dataclass
class Server:
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_records(self) -> list[dict]:
        records = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                records.append(orjson.loads(line))
        return records


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_gunicorn(tmp: Path, **settings: str) -> Iterator[tuple[Server, subprocess.Popen]]:
    """gunicorn with the project's gunicorn.conf.py on a free loopback port, its log in
    ``tmp``, the environment plus ``settings``; ready (``/readyz``) when yielded, stopped with
    SIGTERM after."""
    port = _free_port()
    env = {
        **os.environ,
        "NORMALISER_BIND": f"127.0.0.1:{port}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
        **settings,
    }
    log = tmp / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(port, log), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("gunicorn")
    settings = {"WEB_CONCURRENCY": "2", "NORMALISER_MAX_PAGE_BYTES": "20000"}
    with live_gunicorn(tmp, **settings) as (running, _):
        yield running


def test_single_page_over_http(server: Server) -> None:
    page = AGGREGATOR_SEED.read_bytes()
    response = requests.post(
        f"{server.url}/v1/normalise",
        params={"reference_time": "2025-03-24T12:00:00Z"},
        data=page,
        headers={"Content-Type": "text/plain; charset=utf-8", "X-Request-ID": "http-1"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "http-1"
    assert response.json()["format"] == "aggregator"
    assert response.json()["source"] == "The Hindu"


def test_problems_over_http(server: Server) -> None:
    too_big = requests.post(
        f"{server.url}/v1/normalise",
        data=b"x" * 30000,
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert too_big.status_code == 413
    assert too_big.headers["Content-Type"] == "application/problem+json"
    assert "20000 bytes" in too_big.json()["detail"]
    missing = requests.get(f"{server.url}/nowhere", timeout=10)
    assert (missing.status_code, missing.json()["status"]) == (404, 404)


def test_ndjson_stream_of_a_thousand_pages(server: Server) -> None:
    pages = [AGGREGATOR_SEED.read_text("utf-8"), DATELINE_SEED.read_text("utf-8")]
    lines = [
        orjson.dumps(
            {
                "id": f"page-{n:04d}",
                "text": pages[n % 2],
                "reference_time": f"2025-03-{1 + n % 28:02d}T12:00:00Z",
            }
        )
        + b"\n"
        for n in range(PAGES)
    ]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    connection.putrequest("POST", "/v1/normalise/batch")
    connection.putheader("Content-Type", "application/x-ndjson")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()

    first_result_seen = threading.Event()
    sender_error: list[BaseException] = []

    def send_chunk(data: bytes) -> None:
        connection.send(b"%x\r\n%s\r\n" % (len(data), data))

    def sender() -> None:
        try:
            send_chunk(lines[0])
            send_chunk(lines[1])
            if not first_result_seen.wait(timeout=60):
                raise TimeoutError("no result for the first line: the server is not streaming")
            for line in lines[2:]:
                send_chunk(line)
            connection.send(b"0\r\n\r\n")
        except BaseException as exc:  # reported by the main thread
            sender_error.append(exc)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    started = time.monotonic()
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/x-ndjson"
    results = []
    for raw in response:
        results.append(orjson.loads(raw))
        first_result_seen.set()
    elapsed = time.monotonic() - started
    thread.join(timeout=60)
    connection.close()
    assert not sender_error, sender_error

    assert len(results) == PAGES
    assert [r["id"] for r in results] == [f"page-{n:04d}" for n in range(PAGES)]
    assert all(r["status"] == 200 for r in results)
    assert [r["article"]["format"] for r in results[:4]] == [
        "aggregator",
        "dateline",
        "aggregator",
        "dateline",
    ]
    assert all(
        r["article"]["reference_time"] == f"2025-03-{1 + n % 28:02d}T12:00:00Z"
        for n, r in enumerate(results)
    )
    print(f"\n{PAGES} pages streamed through NDJSON in {elapsed:.1f} s")


def test_metrics_are_merged_across_workers(server: Server) -> None:
    def healthz_count() -> float:
        text = requests.get(f"{server.url}/metrics", timeout=10).text
        pattern = (
            r'normaliser_http_requests_total\{[^}]*route="/healthz"[^}]*status="200"[^}]*\} (\S+)'
        )
        return sum(float(v) for v in re.findall(pattern, text))

    before = healthz_count()
    for _ in range(60):
        assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200
    assert healthz_count() - before == 60

    pids = {r["pid"] for r in server.log_records() if r.get("path") == "/healthz"}
    assert len(pids) == 2, "both workers answered, and /metrics still counted every request"


def test_access_log_is_json_lines_with_the_request_id(server: Server) -> None:
    requests.get(f"{server.url}/healthz", headers={"X-Request-ID": "log-check-1"}, timeout=10)
    requests.get(f"{server.url}/healthz", headers={"X-Request-ID": "bad id"}, timeout=10)
    time.sleep(0.3)  # the log line is written after the response
    records = server.log_records()
    mine = [r for r in records if r.get("request_id") == "log-check-1"]
    assert len(mine) == 1
    assert mine[0]["method"] == "GET" and mine[0]["path"] == "/healthz"
    assert mine[0]["status"] == 200 and mine[0]["duration_ms"] >= 0
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{1,128}", r["request_id"]) for r in records)


def test_errors_gunicorn_answers_itself_are_counted(server: Server) -> None:
    def count(status: str) -> float:
        text = requests.get(f"{server.url}/metrics", timeout=10).text
        pattern = (
            r'normaliser_http_requests_total\{[^}]*route="\(server\)"[^}]*'
            rf'status="{status}"[^}}]*\}} (\S+)'
        )
        return sum(float(v) for v in re.findall(pattern, text))

    before = {status: count(status) for status in ("414", "431")}
    long_url = f"{server.url}/v1/normalise?url={'x' * 9000}"
    assert requests.post(long_url, data=b"x", timeout=10).status_code == 414
    big = requests.get(f"{server.url}/healthz", headers={"X-Big": "y" * 9000}, timeout=10)
    assert big.status_code == 431
    assert count("414") - before["414"] == 1
    assert count("431") - before["431"] == 1
