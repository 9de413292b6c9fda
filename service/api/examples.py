"""Worked examples for the spec: the aggregator seed, shortened, and what the core makes of it.

The answers are computed by the core when the spec is built, so the spec's examples are
always true; a change in the core's output shows up as drift of ``openapi.yaml``.

>>> seed_request()["reference_time"]
'2025-03-24T12:00:00Z'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from service.normalise import normalise

REFERENCE_TIME = "2025-03-24T12:00:00Z"
EXAMPLE_URL = "https://example.org/world/putin-xi-call"


@cache
def seed_text() -> str:
    """The aggregator seed page, shortened: two body sentences, four history entries."""
    return (resources.files("service.api") / "examples" / "aggregator.txt").read_text("utf-8")


def seed_request() -> dict[str, Any]:
    """A JSON ``/v1/normalise`` body for the seed."""
    return {"text": seed_text(), "reference_time": REFERENCE_TIME, "timezone": "UTC"}


def seed_article() -> dict[str, Any]:
    """The article the core makes of :func:`seed_request`."""
    body = seed_request()
    return normalise(body["text"], reference_time=body["reference_time"], timezone="UTC")


SMALL_AGGREGATOR_PAGE = (
    "Putin, Xi discuss their close ties\n2\u00a0months ago\n\nThe Hindu\u00a0\u00a0\n\n"
    "Russian President Vladimir Putin spoke on Tuesday with Chinese President Xi Jinping.\n\n"
    "History of this topic\n\nTrump-Putin summit preparations are underway\n"
    "Top News\n1\u00a0month ago\n"
)


def batch_request() -> dict[str, Any]:
    """A JSON batch: a small aggregator page, a one-line dateline page, and an item with an
    unknown time zone."""
    return {
        "items": [
            {"id": "page-1", "text": SMALL_AGGREGATOR_PAGE, "reference_time": REFERENCE_TIME},
            {
                "id": "page-2",
                "text": " date 2025-01-21 MOSCOW: Putin spoke to Xi on Tuesday.",
                "reference_time": REFERENCE_TIME,
                "url": EXAMPLE_URL,
            },
            {"id": "page-3", "text": "Hello.", "timezone": "Mars/Olympus_Mons"},
        ]
    }


def batch_results(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results for :func:`batch_request` items, computed like the service does."""
    from service.api.config import Settings
    from service.api.normalising import normalise_item

    settings = Settings()
    return [normalise_item(item, settings, mode=None) for item in items]
