"""Golden tests: both seed pages, fixed reference time, every field of the article compared.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and
review the diff of ``tests/golden/*.json`` before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from service.normalise import normalise
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED, REFERENCE_TIME

GOLDEN = Path(__file__).parent / "golden"
SEEDS = {"aggregator": AGGREGATOR_SEED, "dateline": DATELINE_SEED}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_matches_golden(name: str) -> None:
    article = normalise(SEEDS[name].read_text(encoding="utf-8"), reference_time=REFERENCE_TIME)
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(article, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert list(article) == list(expected), "field order"
    for field in expected:
        if field == "history":
            assert len(article["history"]) == len(expected["history"])
            for index, (got, want) in enumerate(
                zip(article["history"], expected["history"], strict=True)
            ):
                assert got == want, f"history[{index}]"
        else:
            assert article[field] == expected[field], field


def test_aggregator_seed_matches_the_contract_example(aggregator_page: str) -> None:
    """The values CONTRACT.md prints for the aggregator seed, checked independently of golden."""
    article = normalise(aggregator_page, reference_time=REFERENCE_TIME)
    assert article["format"] == "aggregator"
    assert article["title"] == (
        "Putin, Xi discuss their close ties in chat after Trump\u2019s inauguration"
    )
    assert article["source"] == "The Hindu"
    published = article["published"]
    assert published["text"] == "2 months ago"
    assert published["value"] == "2025-01-24T12:00:00Z"
    assert published["latest"] == "2025-01-24T12:00:00Z"
    # Tighter than the contract's loose 2024-12-24 but still honest: 2 months + <1 week,
    # or (old Django) 60 days + <7 days.
    assert "2024-12-24T12:00:00Z" <= published["earliest"] <= "2025-01-16T12:00:00Z"
    assert published["precision"] == "month"
    first = article["history"][0]
    assert first == {
        "title": "Day After Trump-Putin Call, Ukraine's Zelensky Dials US President",
        "label": "Top News",
        "published": {
            "text": "4 days, 10 hours ago",
            "kind": "relative",
            "value": "2025-03-20T02:00:00Z",
            "earliest": "2025-03-20T01:00:00Z",
            "latest": "2025-03-20T02:00:00Z",
            "precision": "hour",
        },
        "duplicate_of": None,
    }
    assert article["removed"] == [
        {"line": 4, "reason": "repeated_title", "text": article["title"]},
        {"line": 10, "reason": "section_heading", "text": "History of this topic"},
        {"line": 122, "reason": "boilerplate", "text": "Discover Related"},
    ]
    assert article["stats"] == {
        "characters": 2626,
        "words": 416,
        "paragraphs": 1,
        "history_entries": 50,
        "history_duplicates": 10,
    }
    assert article["warnings"] == []
    assert len(article["fingerprint"]) == 16
    assert article["reference_time"] == REFERENCE_TIME


def test_us_envoy_titles_are_one_story(aggregator_page: str) -> None:
    history = normalise(aggregator_page, reference_time=REFERENCE_TIME)["history"]
    envoy = [i for i, e in enumerate(history) if "envoy is taking" in e["title"].lower()]
    assert len(envoy) == 5
    assert history[envoy[0]]["duplicate_of"] is None
    assert all(history[i]["duplicate_of"] == envoy[0] for i in envoy[1:])


def test_dateline_seed(dateline_page: str) -> None:
    article = normalise(dateline_page, reference_time=REFERENCE_TIME)
    assert article["format"] == "dateline"
    assert article["title"] is None
    assert article["published"] == {
        "text": "2025-01-21",
        "kind": "absolute",
        "value": "2025-01-21T00:00:00Z",
        "earliest": "2025-01-21T00:00:00Z",
        "latest": "2025-01-21T23:59:59Z",
        "precision": "day",
    }
    assert article["removed"] == [
        {"line": 1, "reason": "dateline_header", "text": "date 2025-01-21"}
    ]
    assert article["paragraphs"][0].startswith("Russian President Vladimir Putin had a call")
    assert article["stats"]["paragraphs"] == 14
    assert article["body"] == "\n\n".join(article["paragraphs"])
