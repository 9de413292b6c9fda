"""The live-server part of the catalogue: gunicorn (``gunicorn.conf.py``) on a free loopback
port, reached over raw sockets where the test needs to misbehave at the HTTP level.

The ``server`` fixture is the API tests' own (``tests/api/test_gunicorn.py``): page limit
20,000 bytes, two workers.
"""

from __future__ import annotations

import re
import socket
import time

import orjson
import requests

from tests.api.test_gunicorn import Server, server  # noqa: F401 - the fixture
from tests.hardening.bad_inputs import good_item

TEN_MB = 10 * 1024 * 1024


def _read_answer(sock: socket.socket, timeout: float = 10) -> bytes:
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in data or not _complete(data):
        if time.monotonic() > deadline:
            break
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    return data


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return head.endswith(b"0") or body.endswith(b"0\r\n\r\n")


def test_a_10_mb_body_is_refused_before_it_is_sent(server: Server) -> None:  # noqa: F811
    """Headers declare 10 MB, 1 KiB follows: the 413 comes back without the rest."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/normalise HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            b"Content-Length: %d\r\n\r\n" % TEN_MB + b"x" * 1024
        )
        started = time.monotonic()
        answer = _read_answer(sock)
    assert time.monotonic() - started < 5
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"application/problem+json" in head
    assert orjson.loads(body)["type"].endswith(":too-large")


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def test_an_ndjson_stream_cut_off_mid_line(server: Server) -> None:  # noqa: F811
    """A well-framed request whose last line is cut off: whole lines answered, the cut one
    refused with its line number."""
    lines = [orjson.dumps(good_item(n)) + b"\n" for n in range(3)]
    cut = orjson.dumps(good_item(3))[:30]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/normalise/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
            + b"".join(_chunk(line) for line in lines)
            + _chunk(cut)
            + b"0\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), answer[:300]
    results = [orjson.loads(x) for x in _dechunk(body).splitlines() if x.strip()]
    assert [r["status"] for r in results] == [200, 200, 200, 400]
    assert results[-1]["error"]["line"] == 4


def test_a_client_that_vanishes_mid_stream_does_not_hurt_the_server(server: Server) -> None:  # noqa: F811
    """The connection drops inside a chunk: the worker gives up on it and keeps serving."""
    for _ in range(4):  # enough to reach both workers
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                b"POST /v1/normalise/batch HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                + _chunk(orjson.dumps(good_item(0)) + b"\n")
                + b"400\r\n"
                + b'{"id": "x", "te'
            )
            time.sleep(0.2)
    for _ in range(6):
        assert requests.get(f"{server.url}/readyz", timeout=10).status_code == 200
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log


def _dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2 :]
    return out


def _raw(server: Server, request: bytes) -> tuple[bytes, dict]:  # noqa: F811
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        head, _, body = _read_answer(sock).partition(b"\r\n\r\n")
    return head, orjson.loads(body)


def test_what_gunicorn_refuses_itself_is_problem_json_too(server: Server) -> None:  # noqa: F811
    """A too-long request line (414), a too-large header (431) and a broken request line
    (400) never reach Flask: the worker answers them as problems, with the usual headers."""
    long_url = b"POST /v1/normalise?url=" + b"x" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    big_header = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n"
    broken = b"GET /healthz HTTP/9\r\nHost: x\r\n\r\n"
    for request, status, slug in (
        (long_url, 414, "uri-too-long"),
        (big_header, 431, "headers-too-large"),
        (broken, 400, "malformed-request"),
    ):
        head, problem = _raw(server, request)
        assert head.startswith(b"HTTP/1.1 %d" % status), head
        assert b"Content-Type: application/problem+json" in head
        assert b"X-Content-Type-Options: nosniff" in head
        assert re.search(rb"\r\nX-Request-ID: [0-9a-f]{32}\r\n", head), head  # issue 12
        assert problem["type"].endswith(":" + slug) and problem["status"] == status
        assert b"<html" not in head


def test_a_query_url_that_fits_the_request_line_is_read(server: Server) -> None:  # noqa: F811
    """The documented longest query ``url`` (800 characters) fits even fully percent-encoded."""
    url = "https://example.org/" + "é" * 780
    answer = requests.post(
        f"{server.url}/v1/normalise",
        params={"url": url, "reference_time": "2025-03-24T12:00:00Z", "timezone": "Asia/Kolkata"},
        data=b"Hello.",
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["url"] == url


def test_a_broken_chunked_body_is_a_problem_not_a_500(server: Server) -> None:  # noqa: F811
    """Issue 12 item 5: a chunk size ``zz`` and a stream cut before its last chunk once raised
    from the body reader (500)."""
    head = (
        b"POST /v1/normalise?reference_time=2025-03-24T12:00:00Z HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    for body, half_close in (
        (b"5\r\nHello\r\nzz\r\nxx\r\n0\r\n\r\n", False),
        (b"5\r\nHello\r\n", True),
    ):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(head + body)
            if half_close:
                sock.shutdown(socket.SHUT_WR)  # the client's stream ends mid-body
            answer = _read_answer(sock)
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line.startswith(b"HTTP/1.1 400"), answer[:300]
        problem = orjson.loads(answer.partition(b"\r\n\r\n")[2])
        assert problem["type"].endswith(":malformed-body") or problem["type"].endswith(
            ":malformed-request"
        )
