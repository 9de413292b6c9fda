"""Normalise JSON Lines pages on a Spark cluster, for volumes larger than one machine.

Input: JSON Lines files of ``{"id", "text", "reference_time"?, "timezone"?, "url"?}`` items (a
file, a directory or a glob, on any file system Spark reads). Output: JSON Lines of results in
Spark's part files, in input order (files by path, then line by line), byte for byte what
``article-normaliser batch FILE`` writes for each file, error lines and their line numbers
included: each file is read whole by one task and run through the command line's own code.

Run it locally with the Python that has the package (``pip install -e '.[spark]'``; Java 17+):

    .venv/bin/python deploy/spark/normalise_job.py pages/ articles/ \\
        --reference-time 2025-03-24T12:00:00Z

Spark's Python workers are then started with that same Python. On a cluster, ship a packed
virtualenv (``venv-pack -o env.tar.gz`` after ``pip install .``) and name its Python:

    PYSPARK_PYTHON=./env/bin/python spark-submit --archives env.tar.gz#env \\
        deploy/spark/normalise_job.py s3a://bucket/pages/ s3a://bucket/articles/ \\
        --reference-time 2025-03-24T12:00:00Z --partitions 400

Each input file is one task, held in memory while it is normalised: keep files to a few
hundred megabytes (crawls write part files of that size).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark import SparkConf
    from pyspark.sql import SparkSession


def file_results(
    data: bytes, reference_time: str | None = None, timezone: str | None = None
) -> Iterator[tuple[int, str]]:
    """``(status, result line)`` for each item of one JSON Lines file: the lines
    ``article-normaliser batch`` writes for it, without their newlines.

    >>> data = b'{"id": "a", "text": " date 2025-01-21 Hi."}\\n{oops\\n'
    >>> [status for status, _ in file_results(data, "2025-03-24T12:00:00Z")]
    [200, 400]
    >>> list(file_results(b'{"text": "no id"}\\n'))[0][1][:26]
    '{"id":null,"status":422,"e'
    """
    from service.cli import Options, normalise_page, pages_from_jsonl

    defaults = Options(reference_time=reference_time, timezone=timezone)
    for page in pages_from_jsonl(io.BytesIO(data)):
        status, line = normalise_page(page, defaults)
        yield status, line.decode("utf-8").rstrip("\n")


def worker_python(conf: SparkConf) -> str | None:
    """The Python to start Spark's workers with: this one, when running locally and none is
    named (Spark would otherwise start the system ``python3``, which lacks the package).

    >>> class Conf(dict):
    ...     def contains(self, key): return key in self
    >>> worker_python(Conf()) == sys.executable or "PYSPARK_PYTHON" in os.environ
    True
    >>> worker_python(Conf({"spark.master": "yarn"})) is None
    True
    """
    if os.environ.get("PYSPARK_PYTHON") or conf.contains("spark.pyspark.python"):
        return None
    if not conf.get("spark.master", "local[*]").startswith("local"):
        return None
    return sys.executable


def normalise_files(
    spark: SparkSession,
    source: str,
    *,
    reference_time: str | None = None,
    timezone: str | None = None,
    partitions: int | None = None,
) -> object:
    """An RDD of ``(status, result line)``, in input order (files by path, lines in order)."""
    files = spark.sparkContext.binaryFiles(source).sortByKey(numPartitions=partitions)

    def run(pairs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[int, str]]:
        for _path, data in pairs:
            yield from file_results(data, reference_time, timezone)

    return files.mapPartitions(run, preservesPartitioning=True)


def check_package() -> None:
    """Stop with one clear line when this Python lacks the package (the workers would fail
    with a long trace each)."""
    try:
        import pyspark  # noqa: F401

        import service.cli  # noqa: F401
    except ModuleNotFoundError as exc:
        sys.exit(
            f"normalise_job: {exc.name} is not installed for {sys.executable}: run the job with "
            "the Python of the environment where you ran pip install -e '.[spark]' "
            "(e.g. .venv/bin/python deploy/spark/normalise_job.py IN OUT)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file(s): a file, a directory or a glob")
    parser.add_argument("output", help="directory for the JSON Lines results (part files)")
    parser.add_argument("--reference-time", help="RFC 3339 scrape time for items without one")
    parser.add_argument("--timezone", help="IANA zone for items without one (default UTC)")
    parser.add_argument("--partitions", type=int, help="tasks to spread the files over")
    parser.add_argument("--mode", default="errorifexists", help="Spark save mode (overwrite…)")
    args = parser.parse_args(argv)
    check_package()

    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    conf = SparkConf()
    conf.setIfMissing("spark.master", "local[*]")
    python = worker_python(conf)
    if python is not None:
        # pyspark reads the workers' Python from this variable when the context starts
        os.environ["PYSPARK_PYTHON"] = python
    spark = SparkSession.builder.appName("article-normaliser").config(conf=conf).getOrCreate()
    try:
        results = normalise_files(
            spark,
            args.input,
            reference_time=args.reference_time,
            timezone=args.timezone,
            partitions=args.partitions,
        ).persist()  # written, then counted: normalise once
        frame = spark.createDataFrame(results.map(lambda pair: (pair[1],)), "result string")
        frame.write.mode(args.mode).text(args.output)
        counts = results.map(lambda pair: pair[0]).countByValue()
        print(f"results by status: {dict(sorted(counts.items()))}")
        results.unpersist()
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
