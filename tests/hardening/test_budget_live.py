"""The work budget, client disconnects and shutdown on live gunicorn (issue 12, items 2 and 6).

One worker with two threads and a one-second work budget. Pages of distinct numeric date
lines (``4-6-25``, each read in both day orders) cost far more per byte than prose, so tens of
thousands of them outlast any budget.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest
import requests

from tests.api.test_gunicorn import Server, live_gunicorn

REFERENCE_TIME = "2025-03-24T12:00:00Z"
# Distinct numeric dates (a repeated line is read once and then copied): each is read with
# both day orders, far more work per byte than prose, so 20,000 of them outlast the budget.
COSTLY_PAGE = "".join(
    f"{1 + i % 28}-{1 + (i // 28) % 12}-{10 + (i // 336) % 80}\n" for i in range(20_000)
)
BUDGET = 1


@contextmanager
def gunicorn(tmp: Path, **extra: str) -> Iterator[tuple[Server, subprocess.Popen]]:
    """One worker, two threads, a one-second work budget."""
    settings = {
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "NORMALISER_WORK_BUDGET_SECONDS": str(BUDGET),
        **extra,
    }
    with live_gunicorn(tmp, **settings) as running:
        yield running


@pytest.fixture(scope="module")
def budgeted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with gunicorn(tmp_path_factory.mktemp("budget")) as (server, _):
        yield server


def _documents(server: Server, mode: str) -> float:
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    pattern = rf'normaliser_documents_total\{{[^}}]*mode="{mode}"[^}}]*\}} ([0-9.e+]+)'
    return sum(float(value) for value in re.findall(pattern, text))


def test_a_costly_page_is_answered_within_its_budget(budgeted: Server) -> None:
    start = time.monotonic()
    answer = requests.post(
        f"{budgeted.url}/v1/normalise",
        params={"reference_time": REFERENCE_TIME},
        data=COSTLY_PAGE.encode(),
        headers={"Content-Type": "text/plain"},
        timeout=60,
    )
    took = time.monotonic() - start
    assert answer.status_code == 422, answer.text[:300]
    assert answer.json()["type"].endswith(":too-costly")
    assert took < BUDGET + 4
    ok = requests.post(
        f"{budgeted.url}/v1/normalise",
        params={"reference_time": REFERENCE_TIME},
        data=b"Storm closes the road\n2 hours ago\n\nThe road closed.",
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert ok.status_code == 200


def test_an_ndjson_stream_stops_when_its_client_has_gone(budgeted: Server) -> None:
    line = (
        orjson.dumps({"id": "n", "text": "4-6-25\n" * 250, "reference_time": REFERENCE_TIME})
        + b"\n"
    )
    lines = 60  # ~0.5 s each: 30 s of work if nobody stopped it
    before = _documents(budgeted, "ndjson")
    with socket.create_connection(("127.0.0.1", budgeted.port), timeout=30) as sock:
        body = line * lines
        sock.sendall(
            b"POST /v1/normalise/batch HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-ndjson\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        received = b""
        while received.count(b"\n{") < 1 and b'"status":200' not in received:
            received += sock.recv(65536)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    time.sleep(4)
    done = _documents(budgeted, "ndjson") - before
    time.sleep(2)
    assert _documents(budgeted, "ndjson") - before == done  # nothing more is being worked on
    assert 1 <= done < lines / 3, done


def test_sigterm_ends_a_json_batch_with_its_answer_and_an_ndjson_stream_cleanly(
    tmp_path: Path,
) -> None:
    """Item 6: a JSON batch longer than the graceful timeout once answered nothing; an NDJSON
    stream cut by a stopping worker looked complete to an HTTP/1.0 client."""
    with gunicorn(tmp_path) as (server, process):
        costly = {"id": "costly", "text": COSTLY_PAGE, "reference_time": REFERENCE_TIME}
        batch = orjson.dumps({"items": [costly, costly, {"id": "c", "text": "Hi."}]})
        dates = COSTLY_PAGE.splitlines(keepends=True)
        ndjson_lines = [
            orjson.dumps(
                {
                    "id": "n",
                    "text": "".join(dates[k * 250 : (k + 1) * 250]),
                    "reference_time": REFERENCE_TIME,
                }
            )
            for k in range(40)
        ]
        with (
            socket.create_connection(("127.0.0.1", server.port), timeout=30) as json_sock,
            socket.create_connection(("127.0.0.1", server.port), timeout=30) as nd_sock,
        ):
            json_sock.sendall(
                b"POST /v1/normalise/batch HTTP/1.0\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(batch)}\r\n\r\n".encode()
                + batch
            )
            nd_body = b"".join(line + b"\n" for line in ndjson_lines)
            nd_sock.sendall(
                b"POST /v1/normalise/batch HTTP/1.0\r\nContent-Type: application/x-ndjson\r\n"
                + f"Content-Length: {len(nd_body)}\r\n\r\n".encode()
                + nd_body
            )
            time.sleep(0.5)
            process.send_signal(signal.SIGTERM)
            answers = []
            for sock in (json_sock, nd_sock):
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
                answers.append(data.partition(b"\r\n\r\n")[2])
        results = orjson.loads(answers[0])["results"]  # complete, valid JSON
        assert [r["id"] for r in results] == ["costly", "costly", "c"]
        assert results[0]["status"] == 422
        nd_results = [orjson.loads(x) for x in answers[1].splitlines()]
        assert answers[1].endswith(b"\n")
        assert nd_results[-1]["status"] == 503, nd_results[-1]
        assert nd_results[-1]["error"]["type"].endswith(":shutting-down")
        assert nd_results[-1]["error"]["line"] == len(nd_results)
        process.wait(timeout=30)
