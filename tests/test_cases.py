"""Case tables: synthetic pages in every shape, each with the fields it must produce.

Each ``tests/cases/*.json`` file is a list of cases::

    {"name": "...", "note": "why this case exists",
     "text": "raw page", "options": {"reference_time": "...", "timezone": "...", "url": "..."},
     "expect": {"title": "...", "published.value": "...", "history.0.label": "..."},
     "removed": [{"reason": "boilerplate", "text": "Share"}],      # each must be in removed
     "warnings": ["mojibake_repaired"],                            # each code must be present
     "no_warnings": ["conflicting_dates"],                         # each code must be absent
     "body_contains": ["..."], "body_excludes": ["..."]}

``expect`` keys are dotted paths into the article. ``known-failures.json`` holds cases
that are wrong today: they must still fail (strict xfail), so a fix shows up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.normalise import normalise

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_REFERENCE = "2025-03-24T12:00:00Z"


def _load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _params() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        known_failure = path.name == "known-failures.json"
        for case in _load(path):
            marks = (
                [pytest.mark.xfail(strict=True, reason=case.get("note", ""))]
                if (known_failure)
                else []
            )
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}", marks=marks))
    return params


def lookup(article: Any, dotted: str) -> Any:
    """Follow a dotted path (``history.0.published.value``) into the article."""
    value = article
    for part in dotted.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    options = {"reference_time": DEFAULT_REFERENCE, **case.get("options", {})}
    article = normalise(case["text"], **options)
    for path, expected in case.get("expect", {}).items():
        assert lookup(article, path) == expected, path
    # A coalesced run (``last_line``) holds its lines' texts joined with newlines.
    removed = [
        (item["reason"], text)
        for item in article["removed"]
        for text in (item["text"].split("\n") if "last_line" in item else [item["text"]])
    ]
    for item in case.get("removed", []):
        assert (item["reason"], item["text"]) in removed, item
    codes = {warning["code"] for warning in article["warnings"]}
    for code in case.get("warnings", []):
        assert code in codes, code
    for code in case.get("no_warnings", []):
        assert code not in codes, code
    for snippet in case.get("body_contains", []):
        assert snippet in article["body"], snippet
    for snippet in case.get("body_excludes", []):
        assert snippet not in article["body"], snippet
