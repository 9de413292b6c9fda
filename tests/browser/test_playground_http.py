"""The playground's page and assets over HTTP (Flask test client, no browser: always runs).

Guards what the browser test cannot see cheaply: the security headers, that the page loads
nothing inline or from elsewhere, that the script never builds HTML from strings, and that
the example pages are exactly the seed pages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api import playground
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED

ASSETS = Path(playground.__file__).parent / "static" / "playground"


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    app = Flask(__name__)
    app.register_blueprint(playground.blueprint)
    return app.test_client()


class PageParts(HTMLParser):
    """Collects what a Content-Security-Policy cares about: scripts, styles and URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.style_elements = 0
        self.style_attributes = 0
        self.event_handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.style_elements += tag == "style"
        self.style_attributes += "style" in named
        self.event_handlers += [name for name in named if name.startswith("on")]
        for name in ("src", "href", "data-example"):
            value = named.get(name)
            if value and not value.startswith("#"):
                self.urls.append(value)
        self._in_script = tag == "script" and "src" not in named

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.mark.parametrize("path", ["/", "/playground"])
def test_page_is_served_with_a_strict_policy(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_page_loads_only_its_own_assets(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    parts = PageParts()
    parts.feed(html)
    assert parts.inline_scripts == []
    assert parts.style_elements == 0
    assert parts.style_attributes == 0
    assert parts.event_handlers == []
    own = [url for url in parts.urls if url.startswith("/playground/assets/")]
    assert {Path(url).name for url in own} >= {"playground.js", "playground.css"}
    for url in own:
        assert client.get(url).status_code == 200, url
    foreign = [u for u in parts.urls if re.match(r"^[a-z]+:", u) and not u.startswith("data:")]
    assert foreign == []
    assert "{{" not in html and "{%" not in html


def test_assets_carry_the_policy_and_the_template_stays_private(client: FlaskClient) -> None:
    script = client.get("/playground/assets/playground.js")
    assert script.mimetype == "text/javascript"
    assert "Content-Security-Policy" in script.headers
    assert client.get("/playground/assets/index.html").status_code == 404
    assert client.get("/playground/assets/../playground.py").status_code == 404


@pytest.mark.parametrize(
    ("name", "seed"), [("aggregator", AGGREGATOR_SEED), ("dateline", DATELINE_SEED)]
)
def test_examples_are_the_seed_pages(client: FlaskClient, name: str, seed: Path) -> None:
    response = client.get(f"/playground/assets/examples/{name}.txt")
    assert response.status_code == 200
    assert response.data == seed.read_bytes()
    assert f"examples/{name}.txt" in client.get("/").get_data(as_text=True)


def test_the_html_example_is_the_html_fixture_and_is_pasted_as_html(client: FlaskClient) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "ferry.html"
    response = client.get("/playground/assets/examples/ferry.html")
    assert response.status_code == 200
    assert response.data == fixture.read_bytes()
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'data-example="[^"]*examples/ferry\.html"[^>]*data-kind="html"', page)
    assert re.search(r'data-example="[^"]*examples/dateline\.txt"[^>]*data-kind="text"', page)
    assert 'id="kind-text"' in page and 'id="kind-html"' in page


def test_script_never_builds_html_from_strings() -> None:
    script = (ASSETS / "playground.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "new Function" not in script


def test_the_service_serves_the_playground() -> None:
    from service.api import create_app

    response = create_app({"TESTING": True}).test_client().get("/")
    assert response.status_code == 200
    assert 'id="normalise-form"' in response.get_data(as_text=True)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
