"""Issue 14: what the web layer does per request, made cheaper without changing what it answers.

* one before-request and one after-request hook (Flask checks each hook for a coroutine on
  every request); views registered as themselves, not inside flask-smorest's doc wrapper;
* the access log sent to its handlers without ``Logger.info``'s look-up of the calling frame;
* gunicorn's ``Date`` header formatted once a second, not once a response;
* a request's bytes that have already arrived read without setting and unsetting a timeout.

Speed itself is measured in ``bench/`` (``python -m bench --only http``), not here.
"""

from __future__ import annotations

import email.utils
import logging
import re
import socket
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from service.api import accesslog, ops_routes, worker


def test_one_hook_before_and_one_after_each_request(app: Flask) -> None:
    assert len(app.before_request_funcs[None]) == 1
    assert len(app.after_request_funcs[None]) == 1


def test_views_are_registered_unwrapped(app: Flask) -> None:
    for endpoint in ("operations.healthz", "normalise.normalise_page", "normalise.normalise_batch"):
        assert not hasattr(app.view_functions[endpoint], "__wrapped__"), endpoint
    assert app.view_functions["operations.healthz"] is ops_routes.healthz


def test_the_spec_still_has_what_the_doc_decorator_says(app: Flask) -> None:
    spec = app.extensions["normaliser"]["spec"]
    operation = spec["paths"]["/healthz"]["get"]
    assert operation["operationId"] == "healthz"
    assert operation["summary"] == "Liveness probe"
    assert "200" in operation["responses"]


def test_every_answer_still_carries_the_headers(app: Flask) -> None:
    answer = app.test_client().get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    # One of each: the security headers are added once, never twice.
    assert len(answer.headers.getlist("X-Frame-Options")) == 1
    assert len(answer.headers.getlist("Cache-Control")) == 1


def _access_logger(path: str) -> accesslog.JsonAccessLogger:
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", path)
    cfg.set("errorlog", "-")
    return accesslog.JsonAccessLogger(cfg)


def test_the_access_log_does_not_look_up_the_calling_frame(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"{tmp_path}/access.log"
    logger = _access_logger(path)

    def no_frames(*args: object, **kwargs: object) -> object:
        raise AssertionError("the access log looked up its caller")

    monkeypatch.setattr(logging.Logger, "findCaller", no_frames)
    response = SimpleNamespace(
        status="200 OK", status_code=200, sent=15, headers=[("X-Request-ID", "abc")]
    )
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "REMOTE_ADDR": "127.0.0.1"}
    logger.access(response, None, environ, timedelta(milliseconds=2))
    for handler in logger.access_log.handlers:
        handler.flush()
    with open(path, encoding="utf-8") as log:
        line = log.read().strip()
    assert '"request_id":"abc"' in line and '"status":200' in line
    assert re.search(r'"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"', line)


def test_the_date_header_is_formatted_once_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = email.utils.formatdate

    def counted(*args: object, **kwargs: object) -> str:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(worker.email.utils, "formatdate", counted)
    monkeypatch.setattr(worker, "_date_header", (-1, ""))
    monkeypatch.setattr(worker.time, "time", lambda: 1742817600.25)
    first = [worker.http_date() for _ in range(50)]
    assert first == ["Mon, 24 Mar 2025 12:00:00 GMT"] * 50
    assert len(calls) == 1
    monkeypatch.setattr(worker.time, "time", lambda: 1742817601.5)
    assert worker.http_date() == "Mon, 24 Mar 2025 12:00:01 GMT"
    assert len(calls) == 2


def test_the_worker_stands_its_date_formatter_in_for_gunicorns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gunicorn import util
    from gunicorn.workers.gthread import ThreadWorker

    monkeypatch.setattr(ThreadWorker, "init_process", lambda self: None)
    monkeypatch.setattr(util, "http_date", util.http_date)
    monkeypatch.setattr(util, "write_error", util.write_error)
    worker.HeaderDeadlineWorker.init_process(
        worker.HeaderDeadlineWorker.__new__(worker.HeaderDeadlineWorker)
    )
    assert util.http_date is worker.http_date


class _CountingSocket:
    """A real socket that counts ``settimeout`` calls."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.timeouts: list[float | None] = []

    def recv(self, size: int, *flags: int) -> bytes:
        return self.sock.recv(size, *flags)

    def settimeout(self, value: float | None) -> None:
        self.timeouts.append(value)
        self.sock.settimeout(value)


def test_bytes_already_there_are_read_without_a_timeout() -> None:
    client, server = socket.socketpair()
    with client, server:
        counting = _CountingSocket(server)
        sock = worker.DeadlineSocket(counting, header_timeout=5)
        client.sendall(b"GET /healthz HTTP/1.1\r\n\r\n")
        assert sock.recv(1024) == b"GET /healthz HTTP/1.1\r\n\r\n"
        assert counting.timeouts == []


def test_a_client_that_sends_nothing_still_meets_the_deadline() -> None:
    client, server = socket.socketpair()
    with client, server:
        counting = _CountingSocket(server)
        sock = worker.DeadlineSocket(counting, header_timeout=0.2)
        with pytest.raises(ConnectionResetError):
            sock.recv(1024)
        assert counting.timeouts[-1] is None  # the socket is left blocking, as gunicorn wants


# --- probes ahead of Flask ------------------------------------------------------------------


def _through_flask_alone(app: Flask, method: str, path: str, headers: dict[str, str]) -> tuple:
    """The answer Flask's own views give, the probe middleware left out."""
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path=path, method=method, headers=headers).get_environ()
    answer: list = []

    def start_response(status: str, head: list, exc_info: object = None) -> None:
        answer.extend([status, head])

    body = Flask.wsgi_app(app, environ, start_response)
    return answer[0], list(answer[1]), b"".join(body)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/healthz?probe=1"])
def test_probes_answer_exactly_what_flask_answers(app: Flask, method: str, path: str) -> None:
    headers = {"X-Request-ID": "probe-7"}
    answer = app.test_client().open(path, method=method, headers=headers)
    fast = (answer.status, answer.headers.to_wsgi_list(), answer.data)
    assert fast == _through_flask_alone(app, method, path, headers)


def test_probes_do_not_enter_flask_and_the_rest_does(app: Flask) -> None:
    from flask import request_started

    entered: list[str] = []

    def record(sender: object, **extra: object) -> None:
        from flask import request

        entered.append(f"{request.method} {request.path}")

    request_started.connect(record, app)
    try:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.head("/readyz").status_code == 200
        assert client.post("/healthz").status_code == 405
        assert client.options("/healthz").status_code == 200
        assert client.get("/healthz/").status_code == 404
    finally:
        request_started.disconnect(record, app)
    assert entered == ["POST /healthz", "OPTIONS /healthz", "GET /healthz/"]


def test_a_probe_gets_a_new_id_for_a_bad_one(app: Flask) -> None:
    answer = app.test_client().get("/healthz", headers={"X-Request-ID": "bad id!"})
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


def test_probes_are_counted_in_the_metrics(app: Flask) -> None:
    from tests.api.test_metrics_first_hour import sample, scrape

    def counts() -> tuple[float | None, ...]:
        text = scrape(app)
        name = "normaliser_http_requests_total"
        return tuple(
            sample(text, name, method=method, route=route, status="200")
            for method, route in (("GET", "/healthz"), ("HEAD", "/readyz"))
        )

    before = [count or 0.0 for count in counts()]
    client = app.test_client()
    for _ in range(3):
        client.get("/healthz").close()  # counted when its body is closed, as gunicorn does
    client.head("/readyz").close()
    assert counts() == (before[0] + 3, before[1] + 1)


# --- the request's fields read without marshmallow when they are plain ------------------------

_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.sampled_from(
        [
            "",
            "Hi.\nSecond line.",
            "2025-03-24T12:00:00Z",
            "2025-03-24T17:30:00+05:30",
            "2025-03-24t12:00:00z",
            "2025-03-24T12:00:00",
            "2025-02-30T12:00:00Z",
            "1899-12-31T23:59:59Z",
            "UTC",
            "Asia/Kolkata",
            "Mars/Olympus",
            "localtime",
            "x" * 65,
            "https://example.org/a/1",
            "u" * 8192,
            "u" * 8193,
        ]
    ),
    st.text(max_size=20),
)
_NAMES = st.sampled_from(["text", "html", "reference_time", "timezone", "url", "id", "ref_time"])


_BODIES = st.one_of(
    st.dictionaries(_NAMES, _VALUES, max_size=5),
    st.fixed_dictionaries(
        {"text": st.text(max_size=10)},
        optional={"reference_time": _VALUES, "timezone": _VALUES, "url": _VALUES, "id": _VALUES},
    ),
)


@settings(max_examples=500, deadline=None)
@given(_BODIES)
def test_plain_fields_are_what_marshmallow_loads(data: dict) -> None:
    from service.api.normalising import REQUEST_SCHEMA, load, load_plain_request
    from service.api.problems import Problem

    fast = load_plain_request(data)
    try:
        slow = load(REQUEST_SCHEMA, data)
    except Problem:
        assert fast is None, data
        return
    if fast is not None:
        assert list(fast.items()) == list(slow.items())


def test_the_usual_body_is_read_without_marshmallow(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.api import normalising

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("marshmallow was asked")

    monkeypatch.setattr(normalising.REQUEST_SCHEMA, "load", refuse)
    body = {"text": "Hi.", "reference_time": "2025-03-24T12:00:00Z", "timezone": "UTC", "url": None}
    fields = normalising.load_request(body)
    assert fields["timezone"] == "UTC" and fields["url"] is None
    with pytest.raises(AssertionError):
        normalising.load_request({**body, "timezone": "Mars/Olympus"})
