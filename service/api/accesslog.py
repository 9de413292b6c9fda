"""gunicorn access log as JSON lines, one per request, carrying the request id.

Selected in ``gunicorn.conf.py`` with ``logger_class``. Values are escaped by the JSON
encoder, so a hostile User-Agent cannot forge a log line.

>>> record = access_record("GET", "/healthz", "", "200 OK", [("X-Request-ID", "abc")], 1234,
...                        0.0021, "127.0.0.1", "curl/8")
>>> record["request_id"], record["status"], record["duration_ms"]
('abc', 200, 2.1)
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import orjson
from gunicorn import glogging


def access_record(
    method: str,
    path: str,
    query: str,
    status: str | int,
    headers: Iterable[tuple[str, str]],
    sent: int | None,
    seconds: float,
    remote: str,
    user_agent: str | None,
) -> dict[str, Any]:
    """One access log record as a dict."""
    request_id = next((v for k, v in headers if k.lower() == "x-request-id"), None)
    code = status if isinstance(status, int) else int(str(status).split(None, 1)[0])
    return {
        "time": utc_stamp(time.time()),
        "request_id": request_id,
        "method": method,
        "path": path,
        "query": query or None,
        "status": code,
        "bytes": sent,
        "duration_ms": round(seconds * 1000, 3),
        "remote": remote,
        "user_agent": user_agent,
        "pid": os.getpid(),
    }


_second_stamp: tuple[int, str] = (-1, "")


def utc_stamp(now: float) -> str:
    """``now`` (seconds since the epoch) as RFC 3339 UTC to the millisecond; the date and time
    of day are formatted once a second, not once a line.

    >>> utc_stamp(1742817600.0429), utc_stamp(1742817600.9991)
    ('2025-03-24T12:00:00.042Z', '2025-03-24T12:00:00.999Z')
    """
    global _second_stamp
    second = int(now)
    cached_second, prefix = _second_stamp
    if second != cached_second:
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _second_stamp = (second, prefix)
    return f"{prefix}.{int((now - second) * 1000):03d}Z"


class JsonAccessLogger(glogging.Logger):
    """gunicorn's logger with the access log written as one JSON object per line.

    The record goes to the access logger's handlers (and filters) as ``Logger.info`` would
    send it, without ``Logger.info`` looking up the calling frame for every line."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        if not self.access_log_enabled:
            return
        log = self.access_log
        if not log.isEnabledFor(logging.INFO):
            return
        headers = resp.headers.items() if hasattr(resp.headers, "items") else resp.headers
        status = getattr(resp, "status_code", None)
        record = access_record(
            environ.get("REQUEST_METHOD", "-"),
            environ.get("PATH_INFO", "-"),
            environ.get("QUERY_STRING", ""),
            status if isinstance(status, int) else resp.status,
            headers,
            getattr(resp, "sent", None),
            request_time.total_seconds(),
            environ.get("REMOTE_ADDR", "-"),
            environ.get("HTTP_USER_AGENT"),
        )
        try:
            line = one_line(orjson.dumps(record).decode())
            handler = plain_handler(log)
            if handler is None:
                log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, line, None, None))
            else:
                write_line(handler, line)
        except Exception:
            self.exception("could not write the access log")


def plain_handler(log: logging.Logger) -> logging.StreamHandler | None:
    """The access logger's one handler when it would write each message as it is (gunicorn's
    own set-up: a stream or file, format ``%(message)s``, no filters); else ``None``, and the
    record goes through ``Logger.handle`` as usual.

    >>> log = logging.getLogger("doctest.access")
    >>> handler = logging.StreamHandler()
    >>> handler.setFormatter(logging.Formatter("%(message)s"))
    >>> log.handlers = [handler]
    >>> plain_handler(log) is handler
    True
    >>> handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    >>> plain_handler(log) is None
    True
    """
    handlers = log.handlers
    if len(handlers) != 1 or log.filters:
        return None
    handler = handlers[0]
    formatter = handler.formatter
    if (
        type(handler) not in _PLAIN_HANDLERS
        or handler.filters
        or handler.level > logging.INFO
        or type(formatter) is not logging.Formatter
        or formatter._fmt != _MESSAGE_ONLY
    ):
        return None
    return handler  # type: ignore[return-value]


_PLAIN_HANDLERS = (logging.StreamHandler, logging.FileHandler)
_MESSAGE_ONLY = "%(message)s"


def write_line(handler: logging.StreamHandler, line: str) -> None:
    """What ``handler`` writes for a record whose message is ``line`` (``StreamHandler.emit``
    under the handler's lock), without making and formatting a ``LogRecord`` per request."""
    with handler.lock:  # type: ignore[union-attr]
        handler.stream.write(line + handler.terminator)
        handler.flush()


#: Characters that JSON leaves raw but Unicode-aware line readers (Python's ``splitlines``,
#: JavaScript, many log shippers) take for line breaks: escaped so a record stays one line.
_UNICODE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(record: str) -> str:
    """A JSON record with NEL and the Unicode line and paragraph separators escaped.

    >>> one_line('{"path": "/a' + chr(0x85) + 'b"}').splitlines()
    ['{"path": "/a\\\\u0085b"}']
    """
    if record.isascii():  # the usual case, and a check that costs nothing
        return record
    return record.translate(_UNICODE_BREAKS)
