"""Issue 12 item 7: a restarted worker's prometheus files used to stay behind, one set per
worker ever started (``max_requests`` restarts every few thousand requests)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client.mmap_dict import MmapedDict

from tests.api.test_gunicorn import ROOT


def test_child_exit_folds_a_dead_workers_counters_into_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    for pid, count in ((4101, 3.0), (4102, 4.0)):
        for kind in ("counter", "histogram"):
            values = MmapedDict(str(tmp_path / f"{kind}_{pid}.db"))
            values.write_value('["requests", "requests_total", {}, "help"]', count, 0.0)
            values.close()
        config["child_exit"](None, SimpleNamespace(pid=pid))
    assert sorted(os.listdir(tmp_path)) == ["counter_archive.db", "histogram_archive.db"]
    totals = [
        v
        for _, v, _, _ in MmapedDict.read_all_values_from_file(str(tmp_path / "counter_archive.db"))
    ]
    assert totals == [7.0]
