"""gunicorn's ``gthread`` worker with a deadline for reading a request's headers.

A gthread worker hands a connection to a thread as soon as its first bytes arrive, and that
thread then blocks until the headers are complete: a client that trickles its headers
(slowloris) holds a thread for as long as it likes, and a few dozen such clients hold all of
them. This worker gives each request ``GUNICORN_HEADER_TIMEOUT`` seconds (default 5) from the
moment its connection is queued for a thread to finish its headers, then drops the
connection; the body is not limited (an NDJSON stream may run for hours). Selected in
``gunicorn.conf.py`` with ``worker_class``.

>>> class FakeSocket:
...     def recv(self, size, *flags): return b"data"
...     def settimeout(self, value): pass
...     def fileno(self): return 7
>>> sock = DeadlineSocket(FakeSocket(), header_timeout=5)
>>> sock.recv(10), sock.fileno()
(b'data', 7)
>>> sock.deadline = 0.0
>>> sock.recv(10)
Traceback (most recent call last):
ConnectionResetError: [Errno 104] request headers not complete in time
"""

from __future__ import annotations

import errno
import os
import time
from typing import Any

import orjson
from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from service.api.problems import PROBLEM_MEDIA_TYPE, problem_for_status
from service.api.security import NO_STORE, SECURITY_HEADERS

DEFAULT_HEADER_TIMEOUT = 5.0


def header_timeout() -> float:
    return float(os.environ.get("GUNICORN_HEADER_TIMEOUT") or DEFAULT_HEADER_TIMEOUT)


class DeadlineSocket:
    """A socket whose ``recv`` fails once ``deadline`` (monotonic) has passed; ``None``: no
    deadline (the headers are in). Everything else is the wrapped socket's."""

    def __init__(self, sock: Any, header_timeout: float) -> None:
        self._sock = sock
        self.header_timeout = header_timeout
        self.deadline: float | None = time.monotonic() + header_timeout

    def recv(self, size: int, *flags: int) -> bytes:
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ConnectionResetError(errno.ECONNRESET, "request headers not complete in time")
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError as exc:
            raise ConnectionResetError(
                errno.ECONNRESET, "request headers not complete in time"
            ) from exc
        finally:
            self._sock.settimeout(None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


#: gunicorn's own error statuses -> our problem types (anything else: malformed-request).
_SERVER_PROBLEMS = {400: "malformed-request", 414: "uri-too-long", 431: "headers-too-large"}
_MAX_DETAIL = 200


def raw_problem_answer(status: int, reason: str, message: str) -> bytes:
    """The whole HTTP answer for an error gunicorn meets before the app (a bad request line,
    a too-long URI, too-large headers), as problem+json like every other error.

    >>> head, body = raw_problem_answer(414, "URI Too Long", "Request Line is too large").split(
    ...     b"\\r\\n\\r\\n")
    >>> head.splitlines()[0], orjson.loads(body)["type"]
    (b'HTTP/1.1 414 URI Too Long', 'urn:article-normaliser:problem:uri-too-long')
    """
    problem = problem_for_status(
        status, (message or reason)[:_MAX_DETAIL], _SERVER_PROBLEMS.get(status)
    )
    body = orjson.dumps(problem.as_dict())
    headers = {
        "Connection": "close",
        "Content-Type": PROBLEM_MEDIA_TYPE,
        "Content-Length": str(len(body)),
        **SECURITY_HEADERS,
        "Cache-Control": NO_STORE,
    }
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


def write_problem(sock: Any, status: int, reason: str, message: str) -> None:
    """Stands in for ``gunicorn.util.write_error`` (an HTML page) in our workers."""
    util.write_nonblock(sock, raw_problem_answer(status, reason, message))


class HeaderDeadlineWorker(ThreadWorker):
    """``gthread`` with a per-request header deadline (see the module docstring).

    The clock starts when the connection is queued for a thread (accepted, or a kept-alive
    one readable again), not when a thread takes it: slow clients queued behind each other
    do not each get a fresh allowance."""

    def init_process(self) -> None:
        # gunicorn answers a request it cannot parse itself, with an HTML page; in this worker
        # process that answer is a problem+json (see raw_problem_answer).
        util.write_error = write_problem
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock, header_timeout())
        else:
            conn.sock.deadline = time.monotonic() + conn.sock.header_timeout
        super().enqueue_req(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.deadline = None  # the headers are in: the body may take its time
        return super().handle_request(req, conn)


__all__ = ["DeadlineSocket", "HeaderDeadlineWorker", "raw_problem_answer"]
