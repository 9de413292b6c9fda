"""gunicorn's ``gthread`` worker with a deadline for reading a request's headers.

A gthread worker hands a connection to a thread as soon as its first bytes arrive, and that
thread then blocks until the headers are complete: a client that trickles its headers
(slowloris) holds a thread for as long as it likes, and a few dozen such clients hold all of
them. This worker gives each request ``GUNICORN_HEADER_TIMEOUT`` seconds (default 5) from the
moment a thread takes its connection to finish its headers, then drops the connection; the
body is not limited (an NDJSON stream may run for hours). Time spent waiting in the queue for
a thread does not count: a request queued behind busy threads is served, not reset.

Probes under load: when every thread is busy, a new request is looked at (``MSG_PEEK``) on
the worker's main thread before it is queued; ``GET /healthz`` is answered there at once
(the worker is alive) and ``GET /readyz`` gets 503 ``busy`` with ``Retry-After`` (send traffic
elsewhere for now), so that an orchestrator never restarts a healthy pod for being busy.

Spreading connections: every worker waits on the same listening socket, and the first one
awake would take every connection of a burst (16 kept-alive connections all in one process,
one core, its threads fighting over one GIL while the other workers idle). A worker whose
threads are all busy therefore waits ``ACCEPT_PAUSE_SECONDS`` before it accepts, so that a
worker with a free thread takes the connection; if none does, it takes it itself (probes are
still answered while busy).

Per request, cheaply (issue 14): bytes that have already arrived are read without setting and
unsetting a socket timeout (the deadline's timed wait is only for a client that has not sent
them yet), and gunicorn's ``Date`` header is formatted once a second (``http_date``).

Selected in ``gunicorn.conf.py`` with ``worker_class``.

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

import email.utils
import errno
import os
import re
import selectors
import socket
import time
from functools import partial
from typing import Any

import orjson
from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from service.api.problems import PROBLEM_MEDIA_TYPE, problem_for_status
from service.api.request_id import new_request_id
from service.api.security import NO_STORE, SECURITY_HEADERS
from service.api.shutdown import stopping

DEFAULT_HEADER_TIMEOUT = 5.0
#: How long a worker with no free thread leaves a new connection to the other workers.
ACCEPT_PAUSE_SECONDS = 0.002


def header_timeout() -> float:
    return float(os.environ.get("GUNICORN_HEADER_TIMEOUT") or DEFAULT_HEADER_TIMEOUT)


class DeadlineSocket:
    """A socket whose ``recv`` fails once ``deadline`` (monotonic) has passed; ``None``: no
    deadline (the headers are in). Everything else is the wrapped socket's."""

    def __init__(self, sock: Any, header_timeout: float) -> None:
        self._sock = sock
        self.header_timeout = header_timeout
        self.deadline: float | None = time.monotonic() + header_timeout

    def peek(self, size: int) -> bytes:
        """What has arrived so far, left in place and without waiting (``BlockingIOError``
        when nothing has)."""
        return self._sock.recv(size, socket.MSG_PEEK | socket.MSG_DONTWAIT)

    def start_clock(self) -> None:
        """A thread has taken the connection: its headers are due within the allowance."""
        self.deadline = time.monotonic() + self.header_timeout

    def recv(self, size: int, *flags: int) -> bytes:
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ConnectionResetError(errno.ECONNRESET, "request headers not complete in time")
        try:  # what has arrived already (the usual case) needs no timeout set and unset
            return self._sock.recv(size, (flags[0] if flags else 0) | socket.MSG_DONTWAIT)
        except BlockingIOError:
            pass
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
    >>> b"X-Request-ID: " in head
    True
    """
    problem = problem_for_status(
        status, (message or reason)[:_MAX_DETAIL], _SERVER_PROBLEMS.get(status)
    )
    body = orjson.dumps(problem.as_dict())
    headers = {
        "Connection": "close",
        "X-Request-ID": new_request_id(),
        "Content-Type": PROBLEM_MEDIA_TYPE,
        "Content-Length": str(len(body)),
        **SECURITY_HEADERS,
        "Cache-Control": NO_STORE,
    }
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


#: A probe's request line: ``GET /healthz`` or ``GET /readyz`` (HEAD too), any query.
_PROBE = re.compile(rb"(GET|HEAD) /(healthz|readyz)(?:[?#][^ ]*)? HTTP/1\.[01]\r?\n")
_BUSY_RETRY_SECONDS = 1


def probe_answer(request_head: bytes) -> bytes | None:
    """The answer the main thread gives a probe while every thread is busy; ``None`` when the
    bytes are not (yet) a probe's request line.

    >>> probe_answer(b"GET /healthz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n").split(b"\\r\\n")[0]
    b'HTTP/1.1 200 OK'
    >>> probe_answer(b"GET /readyz HTTP/1.1\\r\\n\\r\\n").split(b"\\r\\n")[0]
    b'HTTP/1.1 503 Service Unavailable'
    >>> probe_answer(b"POST /v1/normalise HTTP/1.1\\r\\n") is None
    True
    """
    match = _PROBE.match(request_head)
    if not match:
        return None
    headers = {"Connection": "close", "X-Request-ID": new_request_id(), "Cache-Control": NO_STORE}
    if match.group(2) == b"healthz":
        status, body, media = "200 OK", b'{"status":"ok"}', "application/json"
    else:
        problem = problem_for_status(
            503, "every thread of this worker is busy; retry shortly or use another replica", "busy"
        )
        status, body, media = (
            "503 Service Unavailable",
            orjson.dumps(problem.as_dict()),
            (PROBLEM_MEDIA_TYPE),
        )
        headers["Retry-After"] = str(_BUSY_RETRY_SECONDS)
    body_out = b"" if match.group(1) == b"HEAD" else body
    headers = {
        **headers,
        "Content-Type": media,
        "Content-Length": str(len(body)),
        **SECURITY_HEADERS,
    }
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body_out


_date_header: tuple[int, str] = (-1, "")


def http_date(timestamp: float | None = None) -> str:
    """Stands in for ``gunicorn.util.http_date`` (every response's ``Date``): the same text,
    formatted once a second rather than once a response.

    >>> http_date(0)
    'Thu, 01 Jan 1970 00:00:00 GMT'
    >>> http_date() == util.http_date() or http_date() == util.http_date()
    True
    """
    global _date_header
    if timestamp is not None:
        return email.utils.formatdate(timestamp, usegmt=True)
    second = int(time.time())
    cached_second, text = _date_header
    if second != cached_second:
        text = email.utils.formatdate(second, usegmt=True)
        _date_header = (second, text)
    return text


def write_problem(sock: Any, status: int, reason: str, message: str) -> None:
    """Stands in for ``gunicorn.util.write_error`` (an HTML page) in our workers."""
    from service.api.metrics import count_server_answer  # the worker's own metric files

    count_server_answer(status)  # before the answer: a scrape that follows it sees the count
    util.write_nonblock(sock, raw_problem_answer(status, reason, message))


class HeaderDeadlineWorker(ThreadWorker):
    """``gthread`` with a per-request header deadline and probes answered under load (see the
    module docstring)."""

    def init_process(self) -> None:
        # gunicorn answers a request it cannot parse itself, with an HTML page; in this worker
        # process that answer is a problem+json (see raw_problem_answer). Its Date header is
        # formatted once a second (see http_date).
        util.write_error = write_problem
        util.http_date = http_date
        self.in_flight = 0  # connections handed to the thread pool, not yet finished
        super().init_process()

    def handle_exit(self, sig: Any, frame: Any) -> None:
        stopping.set()  # long answers end cleanly between items (service/api/shutdown.py)
        super().handle_exit(sig, frame)

    def saturated(self) -> bool:
        return self.in_flight >= self.cfg.threads

    def accept(self, listener: Any) -> None:
        if self.saturated():
            # Leave it to a worker with a free thread; still there after the pause: take it.
            time.sleep(ACCEPT_PAUSE_SECONDS)
        super().accept(listener)

    def enqueue_req(self, conn: Any) -> None:
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock, header_timeout())
        if self.saturated() and self._answered_as_probe(conn):
            return
        self.in_flight += 1
        super().enqueue_req(conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self.in_flight -= 1
        super().finish_request(conn, fs)

    def handle(self, conn: Any) -> Any:
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.start_clock()  # a thread has it now: queueing time does not count
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.deadline = None  # the headers are in: the body may take its time
        return super().handle_request(req, conn)

    def _answered_as_probe(self, conn: Any) -> bool:
        """Peek at a connection while every thread is busy; answer it here if it is a probe.

        A new connection whose request has not arrived yet waits on the poller (not in the
        thread queue) and is looked at again once readable."""
        if getattr(conn, "peeked", False) or conn.parser is not None:
            return False  # looked at already, or mid-conversation (a kept-alive connection)
        try:
            head = conn.sock.peek(1024)
        except BlockingIOError:
            conn.sock.setblocking(False)
            self.poller.register(
                conn.sock, selectors.EVENT_READ, partial(self._on_probe_readable, conn)
            )
            return True
        except OSError:
            return False  # let a thread meet the error as gunicorn always does
        conn.peeked = True
        answer = probe_answer(head)
        if answer is None:
            return False
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)
            conn.sock.sendall(answer)
        except OSError:
            pass
        self.nr_conns -= 1
        conn.close()
        return True

    def _on_probe_readable(self, conn: Any, client: Any) -> None:
        self.poller.unregister(client)
        conn.sock.setblocking(True)
        conn.data_ready = True
        self.enqueue_req(conn)


__all__ = ["DeadlineSocket", "HeaderDeadlineWorker", "probe_answer", "raw_problem_answer"]
