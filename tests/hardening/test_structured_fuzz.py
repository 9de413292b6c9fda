"""Structure-aware fuzzing of the core (issue 12): pages composed from header lines, ages, zone
words, dates, datelines, chrome and body lines (``page_strategies``). Every page must give a
contract-shaped article, never an exception, within the answer-size bound.

A bounded, derandomized run is part of the normal suite; ``RUN_SLOW=1`` runs many more random
examples (``FUZZ_EXAMPLES``, default 5000).
"""

from __future__ import annotations

import os

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from service.normalise import normalise
from tests.hardening.page_strategies import header_lines, pages
from tests.test_properties import check_article, line_count, lost_words

REFERENCE_TIME = "2025-03-24T12:00:00Z"
COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}
BOUNDED = settings(max_examples=300, derandomize=True, **COMMON)
LONG = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), **COMMON)


def check_page(text: str, timezone: str | None) -> None:
    options = {"reference_time": REFERENCE_TIME}
    if timezone:
        options["timezone"] = timezone
    article = normalise(text, **options)
    check_article(article, lines=line_count(text))
    assert lost_words(text, article) == {}, repr(text)
    assert len(orjson.dumps(article)) <= 3 * len(text.encode()) + 4096


@BOUNDED
@given(pages())
def test_composed_pages_normalise(text: str) -> None:
    check_page(text, None)


@BOUNDED
@given(header_lines())
def test_every_header_line_shape_is_read_or_left(line: str) -> None:
    check_page(f"Storm closes the harbour road\n{line}\n\nThe road closed at dawn.", None)


@pytest.mark.slow
@LONG
@given(pages())
def test_composed_pages_normalise_long(text: str) -> None:
    check_page(text, None)


@pytest.mark.slow
@LONG
@given(pages())
def test_composed_pages_with_a_client_zone_long(text: str) -> None:
    check_page(text, "Asia/Kolkata")
