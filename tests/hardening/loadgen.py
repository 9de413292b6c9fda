"""A small closed-loop load generator: N client threads, each sending a mix of good and bad
requests back to back for a fixed time, counting statuses and connection errors.

>>> [request.name for request in MIX][:3]
['good page', 'good JSON page', 'bad JSON']
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
import requests

from tests.conftest import DATELINE_SEED
from tests.hardening.bad_inputs import AT, good_item

PAGE = DATELINE_SEED.read_bytes()
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Request:
    name: str
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)


MIX: list[Request] = [
    Request("good page", "POST", "/v1/normalise", PAGE, TEXT, AT),
    Request(
        "good JSON page",
        "POST",
        "/v1/normalise",
        orjson.dumps({"text": "Hi.\n\nBody.", **AT}),
        JSON,
    ),
    Request("bad JSON", "POST", "/v1/normalise", b'{"text": ', JSON),
    Request(
        "unknown zone", "POST", "/v1/normalise", b"Hi", TEXT, {**AT, "timezone": "Mars/Olympus"}
    ),
    Request("bad UTF-8", "POST", "/v1/normalise", b"\xff\xfe", TEXT),
    Request("too large", "POST", "/v1/normalise", b"x" * 30_000, TEXT),
    Request("wrong type", "POST", "/v1/normalise", b"<a/>", {"Content-Type": "application/xml"}),
    Request(
        "batch",
        "POST",
        "/v1/normalise/batch",
        orjson.dumps({"items": [good_item(1), {"id": "x"}]}),
        JSON,
    ),
    Request(
        "ndjson",
        "POST",
        "/v1/normalise/batch",
        orjson.dumps(good_item(2)) + b"\n{",
        {"Content-Type": "application/x-ndjson"},
    ),
    Request("health", "GET", "/healthz"),
    Request("missing", "GET", "/nowhere"),
]


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failed_ids: list[str] = field(default_factory=list)  # X-Request-IDs of connection errors
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self, status: int | None, error: str | None, seconds: float, request_id: str = ""
    ) -> None:
        with self.lock:
            if error is not None:
                self.failed_ids.append(request_id)
            if status is not None:
                self.statuses[status] += 1
                self.latencies.append(seconds)
            if error is not None:
                self.errors[error] += 1

    @property
    def total(self) -> int:
        return sum(self.statuses.values()) + sum(self.errors.values())

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        return (
            f"{self.total} requests, statuses {dict(sorted(self.statuses.items()))}, "
            f"errors {dict(self.errors)}, p50 {self.percentile(0.5) * 1000:.0f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.0f} ms"
        )


def run_load(
    base_url: str,
    *,
    connections: int,
    seconds: float,
    mix: list[Request] = MIX,
    keep_alive: bool = True,
    during: Callable[[], None] | None = None,
    during_after: float = 0.0,
) -> Tally:
    """Drive the server for ``seconds``; ``during`` is called once, ``during_after`` seconds in."""
    tally = Tally()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        session = requests.Session()
        n = offset
        while time.monotonic() < stop:
            request = mix[n % len(mix)]
            n += 1
            headers = {**request.headers, "X-Request-ID": f"load-{offset}-{n}"}
            if not keep_alive:
                headers["Connection"] = "close"
            started = time.monotonic()
            try:
                response = session.request(
                    request.method,
                    base_url + request.path,
                    data=request.body or None,
                    headers=headers,
                    params=request.query,
                    timeout=60,
                )
                response.content  # noqa: B018 - read the whole answer
                tally.add(response.status_code, None, time.monotonic() - started)
            except requests.ConnectionError as exc:
                tally.add(None, _reason(exc), time.monotonic() - started, headers["X-Request-ID"])
                time.sleep(0.05)
        session.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    if during is not None:
        time.sleep(during_after)
        during()
    for thread in threads:
        thread.join(timeout=seconds + 90)
    return tally


def _reason(exc: BaseException) -> str:
    text = repr(exc)
    for reason in (
        "Connection refused",
        "RemoteDisconnected",
        "Connection reset",
        "Connection aborted",
        "timed out",
    ):
        if reason in text:
            return reason
    return text[:120]
