"""The command line as a new user meets it (issue 15): --version, pages in other encodings, a
page file given to batch, exit codes, and the wording of the assumed-reference-time warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from service import __version__
from service.cli import main
from service.normalise import normalise
from tests.conftest import DATELINE_SEED, REFERENCE_TIME, SEEDS

PROGRAM = [sys.executable, "-m", "service"]
PAGE = "Le café ouvre à Genève\n\nLe café a ouvert ses portes lundi à Genève.\n"


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*PROGRAM, *map(str, args)], input=stdin, capture_output=True, timeout=120, check=False
    )


@pytest.mark.parametrize("command", [[], ["batch"]])
def test_version(command: list[str]) -> None:
    done = run(*command, "--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"article-normaliser {__version__}"


@pytest.mark.parametrize("encoding", ["windows-1252", "latin-1"])
def test_a_non_utf8_page_is_read_with_encoding(tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE.encode(encoding))
    refused = run("--reference-time", REFERENCE_TIME, page)
    assert refused.returncode == 1
    assert b"--encoding windows-1252" in refused.stderr  # the error names the way out
    done = run("--reference-time", REFERENCE_TIME, "--encoding", encoding, "--compact", page)
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout) == normalise(PAGE, reference_time=REFERENCE_TIME)


def test_encoding_applies_to_stdin_and_to_batch_directories(tmp_path: Path) -> None:
    data = PAGE.encode("windows-1252")
    done = run("--reference-time", REFERENCE_TIME, "--encoding", "cp1252", stdin=data)
    assert done.returncode == 0, done.stderr
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(data)
    out = tmp_path / "out.jsonl"
    batch = run(
        "batch", pages, "-o", out, "--encoding", "cp1252", "--reference-time", REFERENCE_TIME
    )
    assert batch.returncode == 0, batch.stderr
    expected = normalise(PAGE, reference_time=REFERENCE_TIME)
    assert orjson.loads(out.read_bytes())["article"] == expected
    assert orjson.loads(done.stdout) == expected


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    done = run("--encoding", "klingon-8", DATELINE_SEED)
    assert done.returncode == 2
    assert b"--encoding" in done.stderr and b"klingon-8" in done.stderr


def test_a_utf16_page_with_a_bom_is_read_without_being_told(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE.encode("utf-16"))
    done = run("--reference-time", REFERENCE_TIME, "--compact", page)
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout) == normalise(PAGE, reference_time=REFERENCE_TIME)


def test_batch_given_a_page_file_is_refused_with_the_right_command(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = run("batch", DATELINE_SEED, "-o", out)
    assert done.returncode == 2
    message = done.stderr.decode()
    assert "is a page, not JSON Lines" in message
    assert f"article-normaliser {DATELINE_SEED}" in message
    assert message.count("\n") == 1  # one clear line
    assert not out.exists() or out.read_bytes() == b""


def test_batch_exits_1_when_a_page_failed_as_file_mode_does(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "Hello."}\n{"id": "b", "timezone": "UTC"}\n')
    batch = run("batch", source, "-o", tmp_path / "out.jsonl", "--reference-time", REFERENCE_TIME)
    assert batch.returncode == 1, batch.stderr
    assert b"1 failed" in batch.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd not a page in any encoding"[2:])
    files = run("--reference-time", REFERENCE_TIME, bad, DATELINE_SEED)
    assert files.returncode == 1


def test_ids_of_a_directory_are_the_same_in_both_commands(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("batch", SEEDS, "-o", out, "--reference-time", REFERENCE_TIME).returncode == 0
    files = run("--reference-time", REFERENCE_TIME, SEEDS)
    assert files.returncode == 0
    batch_ids = [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()]
    file_ids = [orjson.loads(line)["id"] for line in files.stdout.splitlines()]
    assert batch_ids == file_ids


def test_an_item_without_id_is_refused_as_the_http_batch_refuses_it(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "Hello."}\n')
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(out), "--no-progress", "-j", "1"]) == 1
    result = orjson.loads(out.read_bytes())
    assert result["id"] is None and result["status"] == 422
    assert result["error"]["errors"] == {"id": ["Missing data for required field."]}


def test_the_assumed_reference_time_warning_fits_the_command_line(
    capsysbinary: pytest.CaptureFixture,
) -> None:
    assert main(["--compact", str(DATELINE_SEED)]) == 0
    article = orjson.loads(capsysbinary.readouterr().out)
    (warning,) = [w for w in article["warnings"] if w["code"] == "reference_time_assumed"]
    assert "request" not in warning["message"]
    assert "--reference-time" in warning["message"]
