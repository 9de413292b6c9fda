"""The extraction benchmark's metric and loader, on invented text (no ../shared needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench import extraction
from bench.run import parse_args
from bench.shingles import match, score, shingles, tokens

TRUE = "The harbour ferry resumed its crossings on Monday after a week of repairs to the pier."
NAV = "Home News Sport Weather Subscribe now for full access"


def test_tokens_are_unicode_word_runs() -> None:
    assert tokens("Ça coûte 3,50 € — naïve_user") == ["Ça", "coûte", "3", "50", "naïve_user"]


def test_shingles_are_a_multiset() -> None:
    repeated = shingles("a b c d a b c d")
    assert repeated[("a", "b", "c", "d")] == 2
    assert sum(repeated.values()) == 5


def test_perfect_body_scores_one() -> None:
    page = match(TRUE, TRUE)
    assert (page.tp, page.fp, page.fn) == (1.0, 0.0, 0.0)
    assert page.precision == page.recall == 1.0


def test_extra_navigation_lowers_precision_only() -> None:
    page = match(TRUE, NAV + "\n" + TRUE)
    assert page.recall == 1.0
    true_count = len(tokens(TRUE)) - 3
    predicted_count = len(tokens(NAV + " " + TRUE)) - 3
    assert page.precision == pytest.approx(true_count / predicted_count)
    assert page.tp + page.fp + page.fn == pytest.approx(1.0)


def test_missing_half_lowers_recall_only() -> None:
    half = " ".join(tokens(TRUE)[:8])
    page = match(TRUE, half)
    assert page.precision == 1.0
    assert page.recall == pytest.approx(5 / (len(tokens(TRUE)) - 3))


def test_pages_weigh_the_same_and_f1_comes_from_the_means() -> None:
    long_true = " ".join([TRUE] * 20)
    pages = [match(long_true, long_true), match(TRUE, NAV)]
    figures = score(pages)
    # The long perfect page does not outweigh the short wrong one.
    assert figures.precision == pytest.approx(0.5)
    assert figures.recall == pytest.approx(0.5)
    assert figures.f1 == pytest.approx(0.5)
    mean_f1 = (pages[0].f1 + pages[1].f1) / 2
    lopsided = score([match(TRUE, TRUE), match(TRUE, "")])
    assert lopsided.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert mean_f1 == pytest.approx(0.5)


def test_empty_against_empty_scores_one_and_empty_prediction_misses_all() -> None:
    assert match("", "").precision == match("", "").recall == 1.0
    nothing = match(TRUE, "")
    assert nothing.recall == 0.0 and nothing.f1 == 0.0
    stray = match("", NAV)
    assert stray.precision == 0.0


def _folder(root: Path) -> Path:
    (root / "html").mkdir()
    pages = {
        "p1": f"<html><body><nav>{NAV}</nav><article><p>{TRUE}</p></article></body></html>",
        "p2": "<html><body><p>Nothing to see</p></body></html>",
    }
    truth = {"p1": {"articleBody": TRUE, "url": "https://example.org/p1"}, "p2": {}}
    for key, html in pages.items():
        (root / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode()))
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_loader_and_modes_on_an_invented_folder(tmp_path: Path, monkeypatch) -> None:
    folder = _folder(tmp_path)
    pages = extraction.load_folder(folder)
    assert [(p.key, p.url, p.truth) for p in pages] == [
        ("p1", "https://example.org/p1", TRUE),
        ("p2", None, ""),
    ]

    def paragraphs_only() -> extraction.Extractor:
        return lambda html, url: " ".join(
            part.split("</p>")[0] for part in html.decode().split("<p>")[1:]
        )

    def broken() -> extraction.Extractor:
        def extract(html: bytes, url: str | None) -> str:
            raise ValueError("cannot")

        return extract

    monkeypatch.setitem(extraction.MODES, "paragraphs", paragraphs_only)
    monkeypatch.setitem(extraction.MODES, "broken", broken)
    runs = extraction.run_modes(pages, ["paragraphs", "broken"])
    assert runs["paragraphs"].matches["p1"].f1 == 1.0
    # p2 has an empty truth: the stray paragraph costs precision there.
    assert runs["paragraphs"].matches["p2"].precision == 0.0
    assert set(runs["broken"].errors) == {"p1", "p2"}
    assert runs["broken"].score().recall == pytest.approx(0.5)
    assert all(seconds >= 0 for seconds in runs["paragraphs"].seconds.values())


def test_section_is_skipped_with_a_reason_without_the_folder(tmp_path: Path) -> None:
    result = extraction.run(tmp_path / "absent")
    assert result.skipped and "no benchmark folder" in result.skipped
    args = parse_args(["--only", "extraction", "--extraction-dir", str(tmp_path)])
    assert args.extraction_dir == tmp_path and args.only == ["extraction"]


def test_section_scores_an_invented_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(
        extraction.MODES, "everything", lambda: lambda html, url: html.decode(errors="replace")
    )
    result = extraction.run(_folder(tmp_path), ["everything"])
    assert result.skipped is None
    assert 0 < result.data["everything"]["f1"] < 1
    assert [measure for measure, _ in result.rows][0] == "everything body F1"
