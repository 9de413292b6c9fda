"""The outside tester's cases (issue 12): ordinary header lines that once raised in the core."""

from __future__ import annotations

import pytest

from service.normalise import normalise

REFERENCE_TIME = "2025-03-24T12:00:00Z"


@pytest.mark.parametrize(
    "line",
    [
        "Updated 2 hours ago | IST",
        "2 hours ago | GMT",
        "Posted 2 hours ago - EST",
        "Posted 5 minutes ago | HKT",
    ],
)
def test_an_age_beside_a_zone_word_is_read_not_raised(line: str) -> None:
    """An age with a zone beside it once handed an unhashable dateutil zone to a cached
    function (TypeError, a 500 over HTTP)."""
    page = f"Storm closes the harbour road\n{line}\n\nThe harbour road closed at dawn on Monday."
    article = normalise(page, reference_time=REFERENCE_TIME)
    stamp = article["updated" if line.startswith("Updated") else "published"]
    assert stamp is not None and stamp["kind"] == "relative"
    assert stamp["earliest"] < stamp["latest"] <= REFERENCE_TIME


def test_every_zone_the_core_reads_can_key_a_cache() -> None:
    from service.normalise.statements import written_zone
    from service.normalise.zones import zone_for_name
    from service.normalise.zonewords import ZONE_ABBREVIATIONS as ZONE_OFFSETS_MINUTES

    zones = [zone_for_name(name, None) for name in ZONE_OFFSETS_MINUTES]
    zones += [zone_for_name(None, 3600), written_zone("14:37:02-05"), written_zone("9:00 IST")]
    for zone in zones:
        assert zone is not None
        hash(zone)


@pytest.mark.parametrize("line", ["0 months ago", "0 years ago", "Updated 0 months ago"])
def test_a_zero_age_in_a_calendar_unit_is_read_not_raised(line: str) -> None:
    """Found by the structure-aware fuzzer (test_structured_fuzz.py) in its first examples: a
    KeyError in the core, a 500 over HTTP."""
    page = f"Storm closes the harbour road\n{line}\n\nThe harbour road closed at dawn."
    article = normalise(page, reference_time=REFERENCE_TIME)
    assert article["published"] is not None or article["updated"] is not None
