"""The command line removes the furniture a site repeats across the pages of one run."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import orjson
import pytest

from service.cli import main
from tests.site_pages import (
    PLEA,
    PROMPT,
    REFERENCE_TIME,
    lakeside_body,
    lakeside_items,
    lakeside_page,
)


def write_pages(folder: Path) -> list[Path]:
    paths = []
    for number in range(4):
        path = folder / f"page{number}.txt"
        path.write_text(lakeside_page(number)[0], encoding="utf-8")
        paths.append(path)
    return paths


def write_items(path: Path) -> Path:
    path.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in lakeside_items()))
    return path


def bodies(output: Path) -> dict[str, str]:
    records = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    return {record["id"]: record["article"]["body"] for record in records}


SITE = ["--url", "https://lakeside.example/", "--reference-time", REFERENCE_TIME]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_over_a_directory_judges_each_page_on_the_others(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "pages").mkdir()
    write_pages(tmp_path / "pages")
    output = tmp_path / "out.jsonl"
    assert main(["batch", str(tmp_path / "pages"), "-o", str(output), "-j", jobs, *SITE]) == 0
    found = bodies(output)
    assert sorted(found) == [f"page{n}.txt" for n in range(4)]
    for number in range(4):  # the run's --url names no page: the headline stays in the body
        body = found[f"page{number}.txt"]
        assert body.endswith(lakeside_body(number)) and PLEA not in body and PROMPT not in body


def test_no_site_furniture_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    write_pages(tmp_path / "pages")
    output = tmp_path / "out.jsonl"
    argv = ["batch", str(tmp_path / "pages"), "-o", str(output), "-j", "1", *SITE]
    assert main([*argv, "--no-site-furniture"]) == 0
    assert all(PLEA in body for body in bodies(output).values())


def test_batch_over_a_json_lines_file_uses_each_items_address(tmp_path: Path) -> None:
    items = write_items(tmp_path / "items.jsonl")
    output = tmp_path / "out.jsonl"
    argv = ["batch", str(items), "-o", str(output), "-j", "1"]
    assert main(argv) == 0
    assert bodies(output) == {f"p{n}": lakeside_body(n) for n in range(4)}


def test_batch_from_stdin_judges_each_page_on_the_ones_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"".join(orjson.dumps(item) + b"\n" for item in lakeside_items())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    output = tmp_path / "out.jsonl"
    assert main(["batch", "-", "-o", str(output), "-j", "1"]) == 0
    found = bodies(output)
    assert [PLEA in found[f"p{n}"] for n in range(4)] == [True, True, False, False]


def test_several_files_judge_each_page_on_the_others(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    paths = write_pages(tmp_path)
    assert main([*map(str, paths), *SITE]) == 0
    records = [orjson.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    found = [r["article"]["body"] for r in records]
    assert [body.endswith(lakeside_body(n)) for n, body in enumerate(found)] == [True] * 4
    assert not any(PLEA in body or PROMPT in body for body in found)


def test_a_single_page_is_unchanged(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = write_pages(tmp_path)[0]
    assert main([str(path), "--compact", *SITE]) == 0
    assert PLEA in orjson.loads(capsysbinary.readouterr().out)["body"]
