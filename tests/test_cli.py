"""The command line: single pages, many files, and resumable batches on all cores.

Expected articles always come from calling the core directly on the same text and options, so
these tests check what the command line adds (reading, fan-out, ordering, resuming, errors),
not the core's output. The 10,000-page kill-and-resume run is opt-in (``RUN_SLOW=1``); a
1,000-page one runs by default.
"""

from __future__ import annotations

import io
import os
import pty
import random
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import orjson
import pytest

from service.api.batch import ndjson_results
from service.api.config import Settings
from service.cli import main
from service.normalise import normalise
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED, REFERENCE_TIME, SEEDS

PROGRAM = [sys.executable, "-m", "service"]

# ---- synthetic pages ----------------------------------------------------------------------------

WORDS = " ".join(
    (
        "minister court election market river police council budget village school farmer rain",
        "festival bridge talks protest trade railway hospital cricket Delhi Lagos Karachi",
        "Singapore Trump’s “reform” don’t café naïve",
    )
).split()
LABELS = ("Top News\n", "Trending News\n", "")
AGES = ("{n}\u00a0days, {h}\u00a0hours ago", "{n}\u00a0weeks ago", "{h}\u00a0hours ago", "just now")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 16))).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))


def synthetic_page(rng: random.Random, index: int) -> str:
    """A small page in one of the three layouts, with the variants real pages show."""
    kind = index % 4
    if kind == 0:  # aggregator, with or without a source and a history
        title = _sentence(rng)[:-1]
        source = rng.choice(["The Hindu\u00a0 \n\n", "Dawn\n\n", ""])
        history = "".join(
            _sentence(rng)[:-1]
            + "\n"
            + rng.choice(LABELS)
            + rng.choice(AGES).format(n=rng.randint(1, 6), h=rng.randint(1, 23))
            + "\n"
            for _ in range(rng.randint(0, 4))
        )
        section = f"History of this topic\n\n{history}\n" if history else ""
        age = f"{rng.randint(1, 11)}\u00a0months ago"
        page = (
            f"{title}\n{age}\n\n{title}\n\n{source}{_paragraph(rng)}\n\n{section}Discover Related\n"
        )
    elif kind == 1:  # dateline
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 4))]
        page = f" date {date} " + "\n\n".join(paragraphs) + "\n"
    elif kind == 2:  # plain, with chrome
        page = "\n\n".join(_paragraph(rng) for _ in range(rng.randint(1, 3))) + "\nShare\n"
    else:  # plain, damaged: CRLF, a BOM, mojibake, trailing spaces
        page = "\ufeff" + _paragraph(rng).replace("’", "â€™") + "  \r\n\r\n" + _paragraph(rng)
    return page


def synthetic_items(count: int, seed: int = 5) -> list[dict]:
    """JSON Lines items; every 7th carries its own time zone, every 11th its own reference time."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        item: dict = {"id": f"page-{index:05d}", "text": synthetic_page(rng, index)}
        if index % 7 == 3:
            item["timezone"] = "Asia/Kolkata"
        if index % 11 == 5:
            item["reference_time"] = "2025-06-01T08:30:00+05:30"
        items.append(item)
    return items


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in items))
    return path


def expected_article(item: dict, reference_time: str = REFERENCE_TIME) -> dict:
    return normalise(
        item["text"],
        reference_time=item.get("reference_time") or reference_time,
        timezone=item.get("timezone") or "UTC",
        url=item.get("url"),
    )


def read_results(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def batch(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [*PROGRAM, "batch", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def test_the_docstring_examples_hold() -> None:
    import doctest
    import importlib
    import pkgutil

    import service.cli

    attempted = 0
    for module in pkgutil.iter_modules(service.cli.__path__):
        results = doctest.testmod(importlib.import_module(f"service.cli.{module.name}"))
        assert results.failed == 0, module.name
        attempted += results.attempted
    results = doctest.testmod(service.cli)
    assert attempted + results.attempted >= 10 and results.failed == 0


# ---- one page, many files -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [AGGREGATOR_SEED, DATELINE_SEED], ids=["aggregator", "dateline"])
def test_one_seed_page_prints_its_article(seed: Path, capsysbinary: pytest.CaptureFixture) -> None:
    status = main(["--reference-time", REFERENCE_TIME, str(seed)])
    out = capsysbinary.readouterr().out
    assert status == 0
    assert orjson.loads(out) == normalise(
        seed.read_text(encoding="utf-8"), reference_time=REFERENCE_TIME
    )
    assert out.startswith(b'{\n  "format": ')  # pretty by default


def test_stdin_to_compact_json_through_python_m_service() -> None:
    page = AGGREGATOR_SEED.read_bytes()
    done = subprocess.run(
        [*PROGRAM, "--compact", "--reference-time", REFERENCE_TIME, "--url", "https://x.test/a"],
        input=page,
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.count(b"\n") == 1
    expected = normalise(page.decode(), reference_time=REFERENCE_TIME, url="https://x.test/a")
    assert orjson.loads(done.stdout) == expected


def test_options_reach_the_core(capsysbinary: pytest.CaptureFixture) -> None:
    text = " date 2025-01-21 Putin spoke to Xi.\n"
    page = Path(os.environ.get("TMPDIR", "/tmp"), f"cli-option-{os.getpid()}.txt")
    page.write_text(text, encoding="utf-8")
    try:
        args = ["--timezone", "Asia/Kolkata", "--reference-time", "2025-03-24T12:00:00+05:30"]
        assert main([*args, str(page)]) == 0
    finally:
        page.unlink()
    article = orjson.loads(capsysbinary.readouterr().out)
    assert article == normalise(
        text, reference_time="2025-03-24T12:00:00+05:30", timezone="Asia/Kolkata"
    )
    assert article["published"]["value"] != normalise(text)["published"]["value"]


def test_a_directory_gives_json_lines_in_path_order(capsysbinary: pytest.CaptureFixture) -> None:
    assert main(["--reference-time", REFERENCE_TIME, str(SEEDS)]) == 0
    results = [orjson.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    # named as `batch` names them: relative to the directory given
    assert [r["id"] for r in results] == [AGGREGATOR_SEED.name, DATELINE_SEED.name]
    for result in results:
        assert result["status"] == 200
        text = (SEEDS / result["id"]).read_text(encoding="utf-8")
        assert result["article"] == normalise(text, reference_time=REFERENCE_TIME)


def test_an_unreadable_page_among_many_is_an_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    status = main(["-o", str(out), str(bad), str(DATELINE_SEED), str(tmp_path / "missing.txt")])
    assert status == 1
    first, second, third = read_results(out)
    assert first["status"] == 400 and first["error"]["status"] == 400
    assert "0xe9" in first["error"]["detail"]
    assert second["status"] == 200 and second["article"]["format"] == "dateline"
    assert third["status"] == 400 and "missing.txt" in third["error"]["detail"]


def test_a_bad_option_is_a_usage_error_before_any_work(capsys: pytest.CaptureFixture) -> None:
    assert main(["--timezone", "Mars/Olympus_Mons", str(AGGREGATOR_SEED)]) == 2
    assert "--timezone" in capsys.readouterr().err
    assert main(["--reference-time", "yesterday-ish", str(AGGREGATOR_SEED)]) == 2
    assert "--reference-time" in capsys.readouterr().err


# ---- batch --------------------------------------------------------------------------------------


def test_batch_of_a_directory_with_mtime_reference(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "2025").mkdir(parents=True)
    (pages / ".cache").mkdir()
    (pages / ".cache" / "skip.txt").write_text("hidden: not a page")
    (pages / "2025" / "agg.txt").write_bytes(AGGREGATOR_SEED.read_bytes())
    (pages / "dateline.txt").write_bytes(DATELINE_SEED.read_bytes())
    scraped = 1742817600  # 2025-03-24T12:00:00Z
    os.utime(pages / "2025" / "agg.txt", (scraped, scraped))
    os.utime(pages / "dateline.txt", (scraped + 3600, scraped + 3600))
    out = pages / "articles.jsonl"  # inside the input directory: must not be read as a page

    done = batch(pages, "-o", out, "--reference-time", "mtime", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    results = read_results(out)
    assert [r["id"] for r in results] == ["2025/agg.txt", "dateline.txt"]
    agg, dateline = (r["article"] for r in results)
    assert agg == normalise(AGGREGATOR_SEED.read_text(), reference_time="2025-03-24T12:00:00Z")
    assert dateline["reference_time"] == "2025-03-24T13:00:00Z"
    assert "2 pages normalised (2 ok, 0 failed)" in done.stderr


def test_bad_items_are_error_lines_as_the_api_answers_them(tmp_path: Path) -> None:
    """Every line gets the result POST /v1/normalise/batch gives it as NDJSON, and one bad line
    never stops the run."""
    when = {"reference_time": REFERENCE_TIME}
    lines = [
        orjson.dumps({"id": "good", "text": DATELINE_SEED.read_text(), **when}),
        orjson.dumps({"id": "zone", "text": "Hello.", "timezone": "Nowhere/Land", **when}),
        b'{"id": "when", "text": "Hello.", "reference_time": "2025-03-24T12:00:00"}',
        b"{not json",
        b'{"id": "notext", "timezone": 5}',
        b"",
        b'["an", "array"]',
        b'{"id": "", "text": "An empty id."}',
        orjson.dumps({"id": "agg", "text": AGGREGATOR_SEED.read_text(), **when}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    done = batch(source, "-o", out, "--jobs", "2", "--chunk-size", "2")
    assert done.returncode == 1, done.stderr  # some pages failed, as in file mode
    assert "8 pages normalised (2 ok, 6 failed)" in done.stderr

    api = ndjson_results(io.BytesIO(source.read_bytes()), Settings(), mode=None)
    results = read_results(out)
    for ours, theirs in zip(results, map(orjson.loads, api), strict=True):
        assert comparable(ours) == comparable(theirs)  # ids too: null where the item has none
    statuses = [(r["id"], r["status"]) for r in results]
    assert statuses == [
        ("good", 200),
        ("zone", 422),
        ("when", 422),
        (None, 400),
        ("notext", 422),
        (None, 422),
        ("", 422),
        ("agg", 200),
    ]
    # a second run knows every line, id or not: nothing is done or appended twice
    again = batch(source, "-o", out)
    assert again.returncode == 0 and "8 already in" in again.stderr
    assert len(read_results(out)) == 8


def comparable(result: dict) -> dict:
    """A result with the wording of its messages left out: the API may add hints to them."""
    error = result.get("error")
    if error is None:
        return result
    assert error["detail"].startswith(f"line {error['line']}: ")
    error = {key: value for key, value in error.items() if key != "detail"}
    error["errors"] = sorted(error.get("errors", {}))
    return {**result, "error": error}


def test_items_need_string_ids_and_options_fall_back_to_the_run_wide_ones(tmp_path: Path) -> None:
    text = " date 2025-01-21 Putin spoke to Xi.\n"
    items = [
        {"text": text},  # no id: refused, as POST /v1/normalise/batch refuses it
        {"id": 42, "text": text, "timezone": "UTC"},  # not a string: refused, as the API does
        {"id": "zone", "text": text, "timezone": "UTC"},
        {
            "id": "own",
            "text": text,
            "reference_time": "2025-06-01T00:00:00Z",
            "url": "https://a.in/1",
        },
    ]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "out.jsonl"
    run_wide = ["--reference-time", REFERENCE_TIME, "--timezone", "Asia/Kolkata"]
    assert batch(source, "-o", out, *run_wide).returncode == 1
    first, second, third, fourth = read_results(out)
    api = [
        orjson.loads(line)
        for line in ndjson_results(io.BytesIO(source.read_bytes()), Settings(), mode=None)
    ]
    assert (first["id"], first["status"], first["error"]["errors"]) == (
        None,
        422,
        {"id": ["Missing data for required field."]},
    )
    assert (second["id"], second["status"], list(second["error"]["errors"])) == (None, 422, ["id"])
    assert [comparable(r) for r in (first, second)] == [comparable(r) for r in api[:2]]
    assert third["article"] == normalise(text, reference_time=REFERENCE_TIME, timezone="UTC")
    assert fourth["article"] == normalise(
        text, reference_time="2025-06-01T00:00:00Z", timezone="Asia/Kolkata", url="https://a.in/1"
    )
    rerun = batch(source, "-o", out, *run_wide)
    assert "0 pages normalised" in rerun.stderr and "4 already in" in rerun.stderr
    assert rerun.returncode == 0


def test_a_bad_run_wide_option_stops_before_any_work(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_items(3))
    done = batch(source, "-o", tmp_path / "out.jsonl", "--timezone", "Mars/Base")
    assert done.returncode == 2
    assert "--timezone" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_1000_pages_on_two_cores_match_the_core_in_input_order(tmp_path: Path) -> None:
    items = synthetic_items(1000)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    parallel, serial = tmp_path / "parallel.jsonl", tmp_path / "serial.jsonl"
    done = batch(source, "-o", parallel, "--reference-time", REFERENCE_TIME, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "1000 pages normalised (1000 ok, 0 failed)" in done.stderr
    assert "%|" not in done.stderr  # no progress bar when stderr is not a terminal
    assert (
        batch(source, "-o", serial, "--reference-time", REFERENCE_TIME, "-j", "1").returncode == 0
    )
    assert parallel.read_bytes() == serial.read_bytes()
    results = read_results(parallel)
    assert [r["id"] for r in results] == [item["id"] for item in items]
    for item, result in zip(items[::5], results[::5], strict=True):
        assert result["article"] == expected_article(item)


def test_resume_after_a_half_written_line_gives_the_uninterrupted_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_items(300))
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    assert batch(source, "-o", whole, "--reference-time", REFERENCE_TIME).returncode == 0
    first = batch(source, "-o", resumed, "--reference-time", REFERENCE_TIME, "--limit", "120")
    assert first.returncode == 0
    assert len(read_results(resumed)) == 120
    with resumed.open("rb+") as stream:  # an interruption in the middle of line 120
        stream.truncate(resumed.stat().st_size - 40)

    again = batch(source, "-o", resumed, "--reference-time", REFERENCE_TIME, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert "181 pages normalised" in again.stderr and "119 already in" in again.stderr
    assert resumed.read_bytes() == whole.read_bytes()

    rerun = batch(source, "-o", resumed, "--reference-time", REFERENCE_TIME)
    assert "0 pages normalised" in rerun.stderr and "300 already in" in rerun.stderr
    assert resumed.read_bytes() == whole.read_bytes()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait_for_lines(path: Path, count: int, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.005)
    pytest.fail(f"{path} never reached {count} lines (exit status {process.poll()})")


def read_results_tolerant(path: Path) -> list[bytes]:
    """Complete lines only: a killed writer may have left half a line at the end."""
    return path.read_bytes().split(b"\n")[:-1]


def test_ctrl_c_stops_cleanly_with_a_summary_and_resumes(tmp_path: Path) -> None:
    items = synthetic_items(600, seed=3)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "out.jsonl"
    command = [*PROGRAM, "batch", str(source), "-o", str(out), "--reference-time", REFERENCE_TIME]
    process = subprocess.Popen([*command, "--chunk-size", "4"], stderr=subprocess.PIPE, text=True)
    _wait_for_lines(out, 50, process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted:" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    assert subprocess.run(command, capture_output=True, timeout=120, check=False).returncode == 0
    assert [r["id"] for r in read_results(out)] == [item["id"] for item in items]


def test_a_corrupt_line_inside_the_output_refuses_to_resume(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_items(5))
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "page-00000", "status": 200, "article": {}}\nnot ours\n')
    done = batch(source, "-o", out)
    assert done.returncode == 2
    assert "out.jsonl:2 is not a result line" in done.stderr
    assert out.read_bytes().endswith(b"not ours\n")  # left as it was


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_items(200))
    controller, terminal = pty.openpty()
    termios.tcsetwinsize(terminal, (24, 100))
    try:
        done = subprocess.run(
            [*PROGRAM, "batch", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1"],
            stderr=terminal,
            stdout=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        screen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the terminal side is closed and drained
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    assert b"200/200" in screen and b"page/s" in screen
    assert b"200 pages normalised" in screen


SLOW = pytest.mark.skipif(os.environ.get("RUN_SLOW") != "1", reason="slow: opt in with RUN_SLOW=1")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the workers")
@pytest.mark.parametrize(
    "count", [1000, pytest.param(10_000, marks=[pytest.mark.slow, SLOW])], ids=["1k", "10k"]
)
def test_pages_killed_and_resumed_equal_one_uninterrupted_run(count: int, tmp_path: Path) -> None:
    items = synthetic_items(count, seed=17)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    done = batch(source, "-o", whole, "--reference-time", REFERENCE_TIME, timeout=900)
    assert done.returncode == 0, done.stderr
    assert f"{count} pages normalised ({count} ok, 0 failed)" in done.stderr

    command = [
        *PROGRAM,
        "batch",
        str(source),
        "-o",
        str(resumed),
        "--reference-time",
        REFERENCE_TIME,
    ]
    process = subprocess.Popen([*command, "--jobs", "2", "--chunk-size", "8"])
    _wait_for_lines(resumed, count // 5, process)
    workers = _children(process.pid)
    process.kill()
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert len(workers) == 2
    assert len(read_results_tolerant(resumed)) < len(items)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "orphaned workers"

    again = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    assert again.returncode == 0, again.stderr
    assert "already in" in again.stderr
    # results are written in input order, so the resumed file is the uninterrupted one, byte
    # for byte: each page once, none lost to the half-written line the kill may have left
    assert resumed.read_bytes() == whole.read_bytes()
    results = read_results(whole)
    assert [r["id"] for r in results] == [item["id"] for item in items]
    for item, result in zip(items[::25], results[::25], strict=True):
        assert result["article"] == expected_article(item)
