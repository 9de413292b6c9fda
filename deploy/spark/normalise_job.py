"""Normalise JSON Lines pages on a Spark cluster, for volumes larger than one machine.

Input: JSON Lines of ``{"id", "text", "reference_time"?, "timezone"?, "url"?}`` items (any
number of files, any file system Spark reads). Output: JSON Lines of results, one per item,
byte for byte what ``article-normaliser batch`` writes for the same item (``{"id", "status":
200, "article"}`` or ``{"id", "status", "error"}``), in Spark's part files.

The core runs inside ``mapInPandas``: each executor normalises Arrow batches of rows with the
same pure function the service uses, so nothing here talks to the HTTP service.

    spark-submit deploy/spark/normalise_job.py s3a://bucket/pages/ s3a://bucket/articles/ \\
        --reference-time 2025-03-24T12:00:00Z --partitions 400

The executors need the package and its dependencies: ship a packed virtualenv
(``venv-pack -o env.tar.gz`` after ``pip install .``, then ``spark-submit --archives
env.tar.gz#env`` with ``PYSPARK_PYTHON=./env/bin/python``), or install the wheel on the nodes.
Locally, ``pip install -e '.[spark]'`` is enough (``--master local[*]``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

# Every input field is read as a string (a numeric id becomes its digits); a line that is not
# JSON lands in _corrupt_record and becomes an error result instead of failing the job.
INPUT_SCHEMA = (
    "id string, text string, reference_time string, timezone string, url string, "
    "_corrupt_record string"
)
OUTPUT_SCHEMA = "id string, status int, result string"


def normalise_frames(
    reference_time: str | None = None, timezone: str | None = None
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The ``mapInPandas`` function: input rows in, ``id, status, result`` rows out.

    >>> import pandas as pd
    >>> rows = pd.DataFrame([{"id": "a", "text": " date 2025-01-21 Hi.", "reference_time": None,
    ...                       "timezone": None, "url": None, "_corrupt_record": None}])
    >>> out = next(normalise_frames("2025-03-24T12:00:00Z")(iter([rows])))
    >>> out.loc[0, "id"], int(out.loc[0, "status"])
    ('a', 200)
    """

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd  # imported on the executor

        from service.cli import Options, normalise_page

        defaults = Options(reference_time=reference_time, timezone=timezone)
        for frame in frames:
            ids, statuses, results = [], [], []
            # records, not itertuples: namedtuples rename the _corrupt_record column
            for row in frame.to_dict("records"):
                page = page_from_row(row)
                status, line = normalise_page(page, defaults)
                ids.append(page.id)
                statuses.append(status)
                results.append(line.decode("utf-8").rstrip("\n"))
            yield pd.DataFrame({"id": ids, "status": statuses, "result": results})

    return run


def page_from_row(row: dict) -> object:
    """A row read with :data:`INPUT_SCHEMA` as a :class:`service.cli.Page`.

    >>> page_from_row({"id": None, "text": None, "reference_time": None, "timezone": None,
    ...                "url": None, "_corrupt_record": "{oops"}).problem["status"]
    400
    """
    from service.cli import MISSING, Options, Page, invalid_fields, problem

    def value(name: str) -> str | None:
        item = row.get(name)
        return item if isinstance(item, str) else None  # pandas gives NaN/None for nulls

    page_id = value("id") or ""
    if value("_corrupt_record") is not None:
        err = problem("malformed-body", "not valid JSON: " + value("_corrupt_record")[:200])
        return Page(id=page_id or None, problem=err)
    if value("text") is None:
        return Page(id=page_id or None, problem=invalid_fields({"text": [MISSING]}))
    options = Options(value("reference_time"), value("timezone"), value("url"))
    return Page(id=page_id or None, text=value("text"), options=options)


def normalise_dataset(
    spark: SparkSession,
    source: str,
    *,
    reference_time: str | None = None,
    timezone: str | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """The results of normalising every item under ``source``: columns ``id, status, result``."""
    pages = (
        spark.read.schema(INPUT_SCHEMA)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .json(source)
    )
    if partitions:
        pages = pages.repartition(partitions)
    return pages.mapInPandas(normalise_frames(reference_time, timezone), OUTPUT_SCHEMA)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file(s) or directory of pages")
    parser.add_argument("output", help="directory for the JSON Lines results (part files)")
    parser.add_argument("--reference-time", help="RFC 3339 scrape time for items without one")
    parser.add_argument("--timezone", help="IANA zone for items without one (default UTC)")
    parser.add_argument("--partitions", type=int, help="repartition the input first")
    parser.add_argument("--mode", default="errorifexists", help="Spark save mode (overwrite…)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("article-normaliser").getOrCreate()
    results = normalise_dataset(
        spark,
        args.input,
        reference_time=args.reference_time,
        timezone=args.timezone,
        partitions=args.partitions,
    )
    results = results.persist()  # written, then counted: normalise once
    results.select("result").write.mode(args.mode).text(args.output)
    counts = dict(results.groupBy("status").count().collect())
    print(f"results by status: {dict(sorted(counts.items()))}")
    results.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
