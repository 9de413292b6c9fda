"""Fixtures for the hardening tests: apps built from the catalogue's config overrides."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from flask import Flask

from service.api import create_app

LIMIT_VARIABLES = (
    "NORMALISER_MAX_PAGE_BYTES",
    "NORMALISER_MAX_BATCH_ITEMS",
    "NORMALISER_MAX_NDJSON_LINE_BYTES",
    "NORMALISER_MAX_BATCH_BYTES",
    "NORMALISER_API_KEYS",
)


@cache
def app_with(overrides: tuple[tuple[str, object], ...] = ()) -> Flask:
    """The service with default limits (environment ignored) plus ``overrides``."""
    defaults = {name: "" for name in LIMIT_VARIABLES}  # empty: the built-in default
    return create_app({"TESTING": True, **defaults, **dict(overrides)})


@pytest.fixture
def broken_core(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make the core raise for any text containing BOOM, quoting the page in its message (as
    a careless ``raise ValueError(line)`` in the core would)."""
    from service.api import normalising

    real = normalising.normalise
    calls: list[str] = []

    def flaky(text: str, **options: Any) -> dict[str, Any]:
        calls.append(text)
        if "BOOM" in text:
            raise RuntimeError(f"simulated core bug on {text!r}")
        return real(text, **options)

    monkeypatch.setattr(normalising, "normalise", flaky)
    yield calls
