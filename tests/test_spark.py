"""The PySpark job (deploy/spark/normalise_job.py), run exactly as deploy/README.md says.

Slow (a JVM starts) and heavy (pyspark is in the ``spark`` extra, not ``test``), so opt-in:
``pip install -e '.[spark]'`` then ``RUN_SLOW=1 pytest tests/test_spark.py``. Needs Java 17+.
The test takes the command from deploy/README.md and runs it in a subprocess without
``PYSPARK_PYTHON`` (Spark must find the right Python for its workers by itself); its output must
be, byte for byte, what ``article-normaliser batch`` writes for each input file in path order.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from service.cli import main as cli_main
from tests.test_cli import synthetic_items

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "deploy" / "README.md"
DOCUMENTED = ".venv/bin/python deploy/spark/normalise_job.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("RUN_SLOW") != "1", reason="slow: opt in with RUN_SLOW=1"),
]
pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)


def documented_command() -> list[str]:
    """The local run command of deploy/README.md, as words."""
    (line,) = [line.strip() for line in README.read_text().splitlines() if DOCUMENTED in line][:1]
    return shlex.split(line)


def test_the_readme_documents_the_command_this_test_runs() -> None:
    words = documented_command()
    assert words[:2] == [".venv/bin/python", "deploy/spark/normalise_job.py"]
    assert words[2:4] == ["pages/", "articles/"]


def test_the_documented_command_writes_what_the_batch_command_writes(tmp_path: Path) -> None:
    items = synthetic_items(120, seed=23)
    lines = [orjson.dumps(item) for item in items]
    lines.insert(40, b"{this is not json")
    lines.insert(80, b'{"id": "no-text", "timezone": "UTC"}')
    lines.insert(90, b'{"text": "An item without an id."}')
    pages = tmp_path / "pages"
    pages.mkdir()
    for part in range(3):  # several input files, as a crawl leaves them
        (pages / f"part-{part}.jsonl").write_bytes(b"\n".join(lines[part::3]) + b"\n")

    # .venv/bin/python is this interpreter in the documented set-up; paths are the test's
    words = documented_command()
    python = ROOT / words[0]
    command = [
        str(python) if python.exists() else sys.executable,
        str(ROOT / words[1]),
        str(pages) + "/",
        str(tmp_path / "articles"),
        *words[4:],
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSPARK_")}
    env["SPARK_LOCAL_IP"] = "127.0.0.1"  # the sandbox has no resolvable host name
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "results by status" in done.stdout
    written = b"".join(part.read_bytes() for part in sorted((tmp_path / "articles").glob("part-*")))

    reference = words[words.index("--reference-time") + 1]
    expected = b""
    for source in sorted(pages.iterdir()):
        out = tmp_path / f"cli-{source.name}"
        cli_main(["batch", str(source), "-o", str(out), "--reference-time", reference, "-j", "1"])
        expected += out.read_bytes()
    assert written.count(b"\n") == len(lines)
    assert written == expected  # byte for byte, error lines and their line numbers included
    errors = [orjson.loads(line) for line in written.splitlines() if b'"status":200' not in line]
    # the three bad items, each named by its line in its file as the batch command names it
    assert len(errors) == 3 and all(isinstance(e["error"]["line"], int) for e in errors)
