"""The documentation a new user reads first (issue 15): copy-paste calls for every input form
that work as printed (README and /docs), the date-interval rules, the metrics list, the API key
in every client's instructions, and a LICENSE matching the package's."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import Counter, Gauge, Histogram

from service.api import create_app, guide, metrics
from tests.test_examples import start_service

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEFAULT_URL = "http://127.0.0.1:8000"


def shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", markdown, flags=re.S)


def curl_calls() -> list[str]:
    return [block for block in shell_blocks(README) if "curl " in block]


def test_readme_and_docs_show_every_input_form_and_the_date_rules() -> None:
    description = create_app().extensions["normaliser"]["spec"]["info"]["description"]
    for text in (guide.CALLS, guide.DATE_RULES):
        assert text in README
        assert text in description  # what /docs renders
    calls = "\n".join(curl_calls())
    for form in ("text/plain", "application/json", "/batch", "application/x-ndjson"):
        assert form in calls
    assert '{"items": [' in calls


def test_license_is_the_mit_license_the_package_declares() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()


def test_readme_lists_every_metric() -> None:
    names = [
        value._name
        for value in vars(metrics).values()
        if isinstance(value, Counter | Gauge | Histogram)
    ]
    assert len(names) >= 12
    for name in names:
        assert f"`{name}" in README, name


def test_every_client_section_shows_the_api_key() -> None:
    clients = README[README.index("## Call it from your language") :].split("\n## ")[0]
    assert "NORMALISER_API_KEY" in clients
    assert "NORMALISER_API_KEY" in (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    for source in ("python/normalise.py", "node/normalise.mjs", "go/main.go", "java/Client.java"):
        assert "NORMALISER_API_KEY" in (ROOT / "examples" / source).read_text(encoding="utf-8")
    assert "NORMALISER_API_KEY" in (ROOT / "examples/shell/normalise.sh").read_text()


@pytest.fixture(scope="module")
def service_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_service(tmp_path_factory)


@pytest.mark.parametrize("call", curl_calls(), ids=lambda call: call.split("\n")[0][:40])
def test_each_readme_call_works_as_printed(call: str, service_url: str) -> None:
    assert DEFAULT_URL in call
    done = subprocess.run(
        ["sh", "-c", call.replace(DEFAULT_URL, service_url)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    try:  # one JSON document (a JSON batch's answer is streamed a result a line) ...
        answers = [json.loads(done.stdout)]
    except json.JSONDecodeError:  # ... or NDJSON, one result a line
        answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(answers) > 1 or "results" not in answers[0]:  # one article, or NDJSON lines
        results = answers if "status" in answers[0] else [{"status": 200, "article": answers[0]}]
    else:
        results = answers[0]["results"]
    assert results and all(result["status"] == 200 for result in results), results


def test_the_playground_screenshot_shows_todays_answer() -> None:
    """docs/playground.png is taken by the browser test, which records what it showed in
    docs/playground.json. Refresh both with
    ``PLAYGROUND_SCREENSHOT=docs/playground.png pytest tests/browser`` when this fails."""
    from service.normalise import normalise
    from tests.conftest import SEEDS

    shown = json.loads((ROOT / "docs" / "playground.json").read_text())
    article = normalise(
        (SEEDS / shown["seed"]).read_text(encoding="utf-8"),
        reference_time=shown["reference_time"],
    )
    assert shown["fingerprint"] == article["fingerprint"], "the screenshot is stale: refresh it"
    assert f'"fingerprint": "{article["fingerprint"]}"' in README
    assert (ROOT / "docs" / "playground.png").stat().st_size > 10_000
