"""SIGTERM to the gunicorn master during load (opt in: ``RUN_SLOW=1``): requests in flight
complete, and no request the service read is dropped.

Each request opens its own connection (``Connection: close``) and carries its own
X-Request-ID. Slow requests (a page of soft-wrapped lines takes the core about a second)
are in flight when the signal lands. A client error whose request id is in the access log
would be a request the service handled and then dropped: there must be none. Errors for
requests the service never read are expected: refused once the listener is closed, or reset
by the kernel for connections still waiting in the listen backlog when gunicorn closed it.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.api.test_gunicorn import Server, server  # noqa: F401 - the fixture
from tests.hardening import procs
from tests.hardening.bad_inputs import AT
from tests.hardening.loadgen import MIX, TEXT, Request, run_load

pytestmark = pytest.mark.slow

SLOW_PAGE = Request("slow page", "POST", "/v1/normalise", b"line\n" * 3000, TEXT, AT)


def test_sigterm_during_load_completes_in_flight_requests(server: Server) -> None:  # noqa: F811
    master = procs.master(server)
    mix = [SLOW_PAGE, *MIX]
    signalled: list[float] = []

    def terminate() -> None:
        signalled.append(time.monotonic())
        os.kill(master, signal.SIGTERM)

    tally = run_load(
        server.url,
        connections=16,
        seconds=12,
        mix=mix,
        keep_alive=False,
        during=terminate,
        during_after=4,
    )
    deadline = time.monotonic() + 40
    while procs.alive(master) and time.monotonic() < deadline:
        time.sleep(0.2)
    print(f"\nSIGTERM to the master during load: {tally.summary()}")
    assert not procs.alive(master), "the master did not exit within the graceful timeout"
    assert all(status < 500 for status in tally.statuses)
    handled = {r.get("request_id") for r in server.log_records()}
    dropped = [rid for rid in tally.failed_ids if rid in handled]
    print(f"errors for requests the service had read: {len(dropped)}")
    assert not dropped, f"handled and then dropped: {dropped}"
    assert tally.statuses[200] > 0
    assert tally.errors["Connection refused"] > 0, "the load ran on past the shutdown"
