"""Fixtures for the HTTP API tests: the app (default limits, or small ones), a spec-checking
client, the seed pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from service.api import create_app
from tests.api.openapi_check import SpecClient

SMALL_LIMITS = {
    "NORMALISER_MAX_PAGE_BYTES": 2000,
    "NORMALISER_MAX_BATCH_ITEMS": 3,
    "NORMALISER_MAX_NDJSON_LINE_BYTES": 3000,
    "NORMALISER_MAX_BATCH_BYTES": 20000,
}


@pytest.fixture(scope="session")
def app() -> Flask:
    """The service with its default settings (any NORMALISER_* in the environment ignored)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [
            "NORMALISER_MAX_PAGE_BYTES",
            "NORMALISER_MAX_BATCH_ITEMS",
            "NORMALISER_MAX_NDJSON_LINE_BYTES",
            "NORMALISER_MAX_BATCH_BYTES",
        ]:
            patch.delenv(name, raising=False)
        return create_app({"TESTING": True})


@pytest.fixture(scope="session")
def small_app() -> Flask:
    """The service with tiny limits, to reach every 413 and 422 cheaply."""
    return create_app({"TESTING": True, **SMALL_LIMITS})


@pytest.fixture
def api(app: Flask) -> SpecClient:
    return SpecClient(app.test_client())


@pytest.fixture
def small_api(small_app: Flask) -> SpecClient:
    return SpecClient(small_app.test_client())


@pytest.fixture
def broken_core(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make the core raise for any text containing BOOM (to prove failures stay contained)."""
    from service.api import normalising

    real = normalising.normalise
    calls: list[str] = []

    def flaky(text: str, **options: Any) -> dict[str, Any]:
        calls.append(text)
        if "BOOM" in text:
            raise RuntimeError("simulated core bug")
        return real(text, **options)

    monkeypatch.setattr(normalising, "normalise", flaky)
    yield calls
