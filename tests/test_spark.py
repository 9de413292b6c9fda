"""The PySpark job (deploy/spark/normalise_job.py) on a local Spark session.

Slow (a JVM starts) and heavy (pyspark is in the ``spark`` extra, not ``test``), so opt-in:
``pip install -e '.[spark]'`` then ``RUN_SLOW=1 pytest tests/test_spark.py``. Needs Java 17+.
The job must write, for every input line, exactly the line ``article-normaliser batch`` writes.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import orjson
import pytest

from service.cli import main as cli_main
from tests.conftest import REFERENCE_TIME
from tests.test_cli import synthetic_items

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("RUN_SLOW") != "1", reason="slow: opt in with RUN_SLOW=1"),
]
pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

JOB = Path(__file__).resolve().parent.parent / "deploy" / "spark" / "normalise_job.py"


def load_job():  # noqa: ANN201 - a module loaded from a path
    spec = importlib.util.spec_from_file_location("normalise_job", JOB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_spark_job_writes_what_the_batch_command_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = synthetic_items(300, seed=23)
    lines = [orjson.dumps(item) for item in items]
    lines.insert(100, b"{this is not json")
    lines.insert(200, b'{"id": "no-text", "timezone": "UTC"}')
    source = tmp_path / "pages"
    source.mkdir()
    for part in range(3):  # several input files, as a crawl leaves them
        (source / f"part-{part}.jsonl").write_bytes(b"\n".join(lines[part::3]) + b"\n")

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("normalise-job-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    out = tmp_path / "articles"
    try:
        job = load_job()
        job.main([str(source), str(out), "--reference-time", REFERENCE_TIME, "--partitions", "4"])
    finally:
        spark.stop()
    written = sorted(
        line for part in out.glob("part-*") for line in part.read_bytes().splitlines() if line
    )

    # the same items through the batch command, in one file
    combined = tmp_path / "all.jsonl"
    combined.write_bytes(b"\n".join(lines) + b"\n")
    expected_file = tmp_path / "cli.jsonl"
    status = cli_main(
        ["batch", str(combined), "-o", str(expected_file), "--reference-time", REFERENCE_TIME]
    )
    assert status == 0
    expected = [orjson.loads(line) for line in expected_file.read_bytes().splitlines()]

    assert len(written) == len(items) + 2
    ok = [line for line in written if b'"status":200' in line[:80]]
    good_expected = sorted(orjson.dumps(r) for r in expected if r["status"] == 200)
    assert sorted(ok) == good_expected  # byte for byte, article and all
    failures = [orjson.loads(line) for line in written if b'"status":200' not in line[:80]]
    by_status = sorted((r["error"]["type"].rsplit(":", 1)[1], str(r["id"])) for r in failures)
    # without line numbers Spark cannot name id-less items: their id is null
    assert by_status == [("invalid-fields", "no-text"), ("malformed-body", "None")], failures
