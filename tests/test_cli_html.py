"""The command line reads HTML: ``.html``/``.htm`` files, ``--html``, and ``html`` batch items.

Expected articles come from calling the HTML core (``normalise_html``) on the same bytes, so
these tests check what the command line adds: which pages are HTML, that their bytes reach the
core as read (the core finds the charset) unless ``--encoding`` names it, and that batch items
with ``html`` get the result ``POST /v1/normalise/batch`` gives them.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from service.api.batch import ndjson_results
from service.api.config import Settings
from service.cli import main
from service.normalise import normalise
from service.normalise.html import normalise_html
from tests.conftest import REFERENCE_TIME
from tests.test_cli import batch, comparable, read_results, write_jsonl

PROGRAM = [sys.executable, "-m", "service"]
WHEN = ["--reference-time", REFERENCE_TIME]

# An invented page in windows-1252, saying so only in its markup: read as UTF-8 text it would be
# refused (undecodable), and its headline, time and byline are only in the markup.
CAFE_HTML = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252">'
    "<title>Le café du quai rouvre ses portes | Gazette du Port</title>"
    '<meta property="og:site_name" content="Gazette du Port">'
    '<meta property="article:published_time" content="2025-03-20T08:15:00+01:00">'
    '<meta name="author" content="Léa Marchand"></head><body>'
    '<nav><a href="/">Accueil</a> <a href="/sport">Sport</a></nav>'
    "<article><h1>Le café du quai rouvre ses portes</h1>"
    "<p>Le café du quai a rouvert lundi après trois mois de travaux sur la façade.</p>"
    "<p>Les habitués sont revenus dès l’aube, et la terrasse était pleine à midi.</p>"
    "<p>La patronne a promis que les prix resteraient ceux de l’an dernier.</p>"
    "</article><footer>© Gazette du Port</footer></body></html>"
).encode("windows-1252")
CAFE_TITLE = "Le café du quai rouvre ses portes"
FERRY = Path(__file__).parent / "fixtures" / "html" / "ferry.html"


def expected_html(data: bytes | str, **options: str) -> dict:
    return normalise_html(data, reference_time=REFERENCE_TIME, **options)


def run_files(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = [*PROGRAM, *map(str, args)]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize("name", ["cafe.html", "CAFE.HTM"])
def test_an_html_file_is_read_as_html_with_its_own_charset(
    name: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture
) -> None:
    page = tmp_path / name
    page.write_bytes(CAFE_HTML)
    assert main([*WHEN, str(page)]) == 0
    article = orjson.loads(capsysbinary.readouterr().out)
    assert article == expected_html(CAFE_HTML)
    # the markup's headline, time and author, the windows-1252 bytes read by the <meta charset>
    assert article["title"] == CAFE_TITLE
    assert article["published"]["value"] == "2025-03-20T07:15:00Z"
    assert article["byline"] == "Léa Marchand"
    assert "<p>" not in article["body"] and "Accueil" not in article["body"]


def test_the_same_bytes_named_txt_stay_a_text_page(tmp_path: Path) -> None:
    page = tmp_path / "cafe.txt"
    page.write_bytes(CAFE_HTML)
    done = run_files(*WHEN, page)
    assert done.returncode == 1
    assert b"--encoding windows-1252" in done.stderr  # undecodable as UTF-8 text, as before


def test_html_flag_reads_any_file_and_stdin_as_html(tmp_path: Path) -> None:
    page = tmp_path / "cafe.txt"
    page.write_bytes(CAFE_HTML)
    from_file = run_files(*WHEN, "--html", "--compact", page)
    assert from_file.returncode == 0, from_file.stderr
    assert orjson.loads(from_file.stdout) == expected_html(CAFE_HTML)
    from_stdin = run_files(*WHEN, "--html", "--compact", stdin=CAFE_HTML)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert orjson.loads(from_stdin.stdout) == expected_html(CAFE_HTML)
    # without --html, stdin is a text page: the markup's bytes are not UTF-8
    assert run_files(*WHEN, stdin=CAFE_HTML).returncode == 1


def test_encoding_wins_over_the_documents_charset(tmp_path: Path) -> None:
    # the document claims UTF-8 but was saved in Latin-1: the caller knows better
    lying = CAFE_HTML.replace(b'charset="windows-1252"', b'charset="utf-8"')
    page = tmp_path / "cafe.html"
    page.write_bytes(lying)
    told = run_files(*WHEN, "--encoding", "latin-1", "--compact", page)
    assert told.returncode == 0, told.stderr
    article = orjson.loads(told.stdout)
    assert article == expected_html(lying.decode("latin-1"))
    assert article["title"] == CAFE_TITLE
    untold = orjson.loads(run_files(*WHEN, "--compact", page).stdout)
    assert untold["title"] != CAFE_TITLE  # the lie believed: é is not read
    # a charset that cannot read the bytes is refused as for a text page, not guessed around
    refused = run_files(*WHEN, "--encoding", "ascii", page)
    assert refused.returncode == 1 and b"not valid ascii" in refused.stderr


def test_a_directory_mixes_html_and_text_pages(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-cafe.htm").write_bytes(CAFE_HTML)
    (pages / "b-ferry.html").write_bytes(FERRY.read_bytes())
    text = " date 2025-01-21 The <b>council</b> met on the budget.\n"
    (pages / "c-note.txt").write_text(text)
    assert main([*WHEN, str(pages)]) == 0
    results = [orjson.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert [r["id"] for r in results] == ["a-cafe.htm", "b-ferry.html", "c-note.txt"]
    assert results[0]["article"] == expected_html(CAFE_HTML)
    assert results[1]["article"] == expected_html(FERRY.read_bytes())
    assert results[2]["article"] == normalise(text, reference_time=REFERENCE_TIME)
    # batch names and reads them the same way, on two workers
    out = tmp_path / "out.jsonl"
    done = batch(pages, "-o", out, "--jobs", "2", "--chunk-size", "1", *WHEN)
    assert done.returncode == 0, done.stderr
    assert read_results(out) == results


def test_batch_items_take_html_as_the_api_does(tmp_path: Path) -> None:
    ferry = FERRY.read_text(encoding="utf-8")
    items = [
        {"id": "ferry", "html": ferry, "reference_time": REFERENCE_TIME},
        {"id": "cafe", "html": CAFE_HTML.decode("windows-1252"), "timezone": "Europe/Paris"},
        {"id": "both", "text": "Hello.", "html": "<p>Hello.</p>"},
        {"id": "number", "html": 5},
        {"id": "neither", "url": "https://x.example/a"},
        {"id": "text", "text": "<p>Kept as text.</p>"},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "out.jsonl"
    done = batch(source, "-o", out, *WHEN)
    assert done.returncode == 1, done.stderr
    results = read_results(out)
    api = ndjson_results(io.BytesIO(source.read_bytes()), Settings(), mode=None)
    for ours, theirs in zip(results, map(orjson.loads, api), strict=True):
        assert ours["status"] == theirs["status"]
        if ours["status"] != 200 or ours["id"] == "ferry":  # the others take --reference-time
            assert comparable(ours) == comparable(theirs)
    assert [(r["id"], r["status"]) for r in results] == [
        ("ferry", 200),
        ("cafe", 200),
        ("both", 422),
        ("number", 422),
        ("neither", 422),
        ("text", 200),
    ]
    assert results[0]["article"] == expected_html(ferry)
    assert results[1]["article"] == expected_html(
        CAFE_HTML.decode("windows-1252"), timezone="Europe/Paris"
    )
    assert results[2]["error"]["errors"] == {"html": ["send text or html, not both"]}
    assert list(results[3]["error"]["errors"]) == ["html"]
    assert results[4]["error"]["errors"] == {"text": ["Missing data for required field."]}
    assert results[5]["article"]["body"] == "<p>Kept as text.</p>"  # text items stay text


def test_html_flag_with_json_lines_is_a_usage_error(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Hello."}])
    done = batch(source, "-o", tmp_path / "out.jsonl", "--html")
    assert done.returncode == 2
    assert "'html' member" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()
