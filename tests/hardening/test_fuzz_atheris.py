"""A bounded coverage-guided fuzz run of the core (opt in: ``RUN_SLOW=1``; needs the ``fuzz``
extra: ``pip install -e '.[fuzz]'``). ``FUZZ_SECONDS`` sets the time (default 60).

The target is ``fuzz/fuzz_normalise.py``; its corpus starts from the seed pages. A crash
(an exception, a broken contract, non-deterministic output) fails the test and leaves the
input in the test's temporary directory as ``crash-*``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
TARGET = Path(__file__).resolve().parents[2] / "fuzz" / "fuzz_normalise.py"


def test_fuzz_the_core(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install -e '.[fuzz]')")
    seconds = int(os.environ.get("FUZZ_SECONDS", "60"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, corpus)
    run = subprocess.run(
        [
            sys.executable,
            str(TARGET),
            f"-max_total_time={seconds}",
            "-rss_limit_mb=2048",
            "-timeout=30",
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    output = run.stdout + run.stderr
    done = re.search(r"Done (\d+) runs in (\d+) second", output)
    summary = done.group(0) if done else "no summary"
    print(f"\natheris: {summary}; corpus {len(list(corpus.iterdir()))} inputs")
    assert run.returncode == 0, output[-4000:]
    assert done and int(done.group(1)) > 0
    assert not list(tmp_path.glob("crash-*"))
