"""Issue 14: the web layer on a 2-core machine.

* A worker whose threads are all busy leaves a new connection to the other workers for a
  moment: before, the first worker awake took every connection of a burst (16 kept-alive
  connections in one process, one core, one GIL, while the other workers idled).
* The master freezes the preloaded heap for the garbage collector once the app is loaded.
"""

from __future__ import annotations

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.workers.gthread import ThreadWorker

from service.api import worker
from tests.api.test_gunicorn import ROOT


def _worker(threads: int, in_flight: int) -> worker.HeaderDeadlineWorker:
    busy = worker.HeaderDeadlineWorker.__new__(worker.HeaderDeadlineWorker)
    busy.cfg = SimpleNamespace(threads=threads)
    busy.in_flight = in_flight
    return busy


def test_a_worker_with_no_free_thread_pauses_before_it_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[object] = []
    monkeypatch.setattr(ThreadWorker, "accept", lambda self, listener: events.append("accept"))
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: events.append(("pause", seconds)))
    _worker(threads=2, in_flight=2).accept(object())
    # Still accepted after the pause: when every worker is busy, probes are answered.
    assert events == [("pause", worker.ACCEPT_PAUSE_SECONDS), "accept"]


def test_a_worker_with_a_free_thread_accepts_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[object] = []
    monkeypatch.setattr(ThreadWorker, "accept", lambda self, listener: events.append("accept"))
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: events.append(("pause", seconds)))
    _worker(threads=2, in_flight=1).accept(object())
    assert events == ["accept"]


def test_the_master_freezes_the_preloaded_heap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["when_ready"](None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
