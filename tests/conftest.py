"""Shared fixtures: the seed pages and the fixed reference time of the golden tests."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SEEDS = TESTS / "fixtures" / "seeds"
AGGREGATOR_SEED = SEEDS / "000_93d3aa2cde478476.txt"
DATELINE_SEED = SEEDS / "003_1e0332846add5bd9.txt"
REFERENCE_TIME = "2025-03-24T12:00:00Z"


@pytest.fixture(scope="session")
def aggregator_page() -> str:
    return AGGREGATOR_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dateline_page() -> str:
    return DATELINE_SEED.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` (load, soak, long fuzz runs) run only with ``RUN_SLOW=1``."""
    import os

    if os.environ.get("RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: opt in with RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
