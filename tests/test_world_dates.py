"""Dates, ages and zones in every supported language, checked against the formatters that write
them (``tests/world_formatters.py``): every text read back must give an interval that holds the
instant the formatter was given, 100% of the time; narrative sentences stay narrative.

``python scripts/date_coverage.py`` prints coverage and median widths per formatter and locale
group.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.normalise import normalise
from service.normalise.ages import parse_age, resolve_age
from service.normalise.datewords import DATE_LOCALES
from service.normalise.worlddates import NOT_DATE, read_date
from tests import world_formatters as formatters

REFERENCE = "2025-03-24T12:00:00Z"
BODY = "\n\nThe council met on the morning of the vote and the members spoke at length about it.\n"


def _misses(readings: list[formatters.Reading]) -> list[formatters.Reading]:
    return [reading for reading in readings if reading.parsed and not reading.covered]


def test_babel_ages_in_every_locale_are_read_and_hold_the_truth() -> None:
    readings = list(formatters.babel_ages())
    assert not _misses(readings), _misses(readings)[:5]
    unread = [r for r in readings if not r.parsed]
    # Babel's narrow ``-3 m`` is minutes in Romanian and months elsewhere: left unread.
    assert len(unread) <= len(readings) // 200, unread[:5]
    assert len(formatters.locales_read(readings)) >= 40


def test_javascript_formatters_hold_the_truth_wherever_read() -> None:
    readings = list(formatters.js_ages())
    assert not _misses(readings), _misses(readings)[:5]
    for name, share in (
        ("intl-rounding", 0.99),
        ("intl-truncating", 0.99),
        ("moment", 0.95),
        ("timeago", 0.95),
    ):
        rows = [r for r in readings if r.formatter == name]
        assert sum(r.parsed for r in rows) >= share * len(rows), name
    english = [r for r in readings if r.locale in ("en", "en_US")]
    assert english and all(r.parsed for r in english), [r.text for r in english if not r.parsed]


@pytest.mark.parametrize("with_zone", [True, False], ids=["client-zone", "no-zone"])
def test_babel_dates_in_every_locale_are_read_and_hold_the_truth(with_zone: bool) -> None:
    readings = list(formatters.babel_dates(with_zone=with_zone))
    assert not _misses(readings), _misses(readings)[:5]
    assert all(r.parsed for r in readings), [r.text for r in readings if not r.parsed][:5]
    assert len(formatters.locales_read(readings)) >= 40


def test_buddhist_and_roc_years() -> None:
    readings = list(formatters.era_dates())
    assert readings and all(r.parsed and r.covered for r in readings), readings[:3]
    assert read_date("114年01月13日").year == 2025
    assert read_date("民國114年1月13日").year == 2025
    assert read_date("13 มกราคม 2568").year == 2025


@pytest.mark.parametrize(
    ("text", "unit", "count"),
    [
        ("vor 3 Stunden", "hour", 3),
        ("hace 2 días", "day", 2),
        ("il y a 5 minutes", "minute", 5),
        ("3 दिन पहले", "day", 3),
        ("2 jam yang lalu", "hour", 2),
        ("3時間前", "hour", 3),
        ("2天前", "day", 2),
        ("vor einer Stunde", "hour", 1),
        ("há 4 meses", "month", 4),
        ("قبل ساعتين", "hour", 2),
        ("٣ ساعات", None, None),
    ],
)
def test_ages_in_the_news_languages(text: str, unit: str | None, count: int | None) -> None:
    age = parse_age(text)
    if unit is None:
        assert age is None  # a duration with no direction is no age
        return
    assert age is not None and age.parts == ((unit, count),)


def test_non_english_age_gets_the_same_interval_as_english() -> None:
    ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    english = resolve_age(parse_age("3 hours ago"), ref, UTC)
    for text in ("vor 3 Stunden", "hace 3 horas", "3時間前", "3 घंटे पहले"):
        stamp = resolve_age(parse_age(text), ref, UTC)
        assert (stamp.earliest, stamp.latest) == (english.earliest, english.latest), text


def test_zero_age_of_a_calendar_unit_is_a_moment() -> None:
    """``0 months ago`` used to raise KeyError (a 500)."""
    age = parse_age("0 months ago")
    assert age is not None and age.moment is not None


@pytest.mark.parametrize(("locale", "line"), list(formatters.narrative_lines()))
def test_narrative_time_words_stay_narrative(locale: str, line: str) -> None:
    article = normalise(f"Council approves the new budget\n{line}{BODY}", reference_time=REFERENCE)
    assert article["published"] is None, (locale, line, article["published"])


def test_narrative_cover_every_locale() -> None:
    assert {locale for locale, _ in formatters.narrative_lines()} == set(DATE_LOCALES)
    assert read_date("The meeting on 5 March 2025 was long") == NOT_DATE


# --- zones ---------------------------------------------------------------------------------


def _published(text: str, **options: object) -> tuple[dict, list[str]]:
    article = normalise(text, reference_time=REFERENCE, **options)
    return article["published"], [w["code"] for w in article["warnings"]]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("May 17, 2024, 06:18 ET", "2024-05-17T10:18:00Z"),
        ("Jan 17, 2024, 06:18 ET", "2024-01-17T11:18:00Z"),
        ("Sabtu 08 Feb 2020 11:04 WIB", "2020-02-08T04:04:00Z"),
        ("05/01/2026 | 15:15 MYT", "2026-01-05T07:15:00Z"),
        ("Publish:Thu, 22 Oct 2020 01:12 AM (IST)", "2020-10-21T19:42:00Z"),
        ("12 March 2025 10:00 BDT", "2025-03-12T04:00:00Z"),
        ("12 March 2025 10:00 GST", "2025-03-12T06:00:00Z"),
        ("12 March 2025 10:00 SAST", "2025-03-12T08:00:00Z"),
        ("12 March 2025 10:00 AEDT", "2025-03-11T23:00:00Z"),
        ("2025/01/13 10:00 GMT+8", "2025-01-13T02:00:00Z"),
    ],
)
def test_zone_words_as_news_sites_mean_them(line: str, value: str) -> None:
    published, warnings = _published(f"Council approves the new budget\n{line}{BODY}")
    assert published["value"] == value
    assert "zone_unknown" not in warnings and "zone_from_page" not in warnings


def test_an_et_masthead_is_no_zone() -> None:
    published, _ = _published(
        f"Council approves the new budget\nET Bureau | May 17, 2024, 06:18 PM IST{BODY}"
    )
    assert published["value"] == "2024-05-17T12:48:00Z"


def test_zone_less_time_without_evidence_is_widened_and_warned() -> None:
    published, warnings = _published(f"Council approves the new budget\n24 March 2025 12:20{BODY}")
    assert published["value"] == "2025-03-24T12:20:00Z"
    assert (published["earliest"], published["latest"]) == (
        "2025-03-23T22:20:00Z",
        "2025-03-25T00:20:59Z",
    )
    assert "zone_unknown" in warnings


def test_zone_less_time_takes_the_zone_the_url_makes_evident() -> None:
    published, warnings = _published(
        f"Council approves the new budget\n24 March 2025 12:20 PM{BODY}",
        url="https://news.example.ph/a/1",
    )
    assert published["value"] == "2025-03-24T04:20:00Z"
    assert "zone_from_page" in warnings


def test_a_country_of_several_zones_spans_them_all() -> None:
    published, _ = _published(
        f"Council approves the new budget\n24 March 2025 12:20{BODY}",
        url="https://example.com.br/a",
    )
    # São Paulo (UTC-3) is the value; Rio Branco (UTC-5) and Noronha (UTC-2) bound it.
    assert published["value"] == "2025-03-24T15:20:00Z"
    assert published["earliest"] == "2025-03-24T14:20:00Z"
    assert published["latest"] == "2025-03-24T17:20:59Z"


def test_a_stated_offset_applies_to_the_other_times_of_the_block() -> None:
    page = (
        "Council approves the new budget\nPosted 24 March 2025 09:00\n"
        f"Updated 2025-03-24 18:36:21-05{BODY}"
    )
    published, warnings = _published(page)
    assert published["value"] == "2025-03-24T14:00:00Z"
    assert "zone_from_page" in warnings


def test_a_dateline_place_gives_the_zone() -> None:
    page = (
        "Council approves the new budget\n24 March 2025 12:20\n\nMANILA: The council met on "
        "the morning of the vote and the members spoke at length about it.\n"
    )
    published, _ = _published(page)
    assert published["value"] == "2025-03-24T04:20:00Z"


def test_the_clients_timezone_always_wins() -> None:
    published, warnings = _published(
        f"Council approves the new budget\n24 March 2025 12:20 PM{BODY}",
        url="https://news.example.ph/a/1",
        timezone="Europe/Berlin",
    )
    assert published["value"] == "2025-03-24T11:20:00Z"
    assert published["latest"] == "2025-03-24T11:20:59Z"
    assert "zone_from_page" not in warnings and "zone_unknown" not in warnings


# --- speed paths that must not change a result ------------------------------------------------


def test_fast_age_paths_equal_the_general_path() -> None:
    """One-unit ages off the aggregator are resolved in integer seconds (fixed units) or with
    old Django's leap shift only where it can reach (months, years): same interval as the
    general path, which takes the union of every formatter's bounds."""
    import random
    from datetime import timedelta

    from service.normalise import ages
    from service.normalise.agebounds import calendar_bounds, legacy_bounds, plan, shift_months

    rng = random.Random(5)
    for _ in range(3000):
        ref = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(3 * 10**8))
        unit = rng.choice(["second", "minute", "hour", "day", "week", "month", "year"])
        count = rng.randrange(1, 12 if unit in ("week", "month", "year") else 60)
        age = ages.Age("x", parts=((unit, count),))
        fast = ages._fixed_unit_stamp(age, ref)
        if fast is None:
            continue
        months, seconds, stated, step = plan(age.parts, unit)
        value = shift_months(ref, -months) - timedelta(seconds=seconds)
        bounds = [
            calendar_bounds(ref, months, seconds, unit),
            legacy_bounds(stated, step, ref),
            ages.rounded_bounds(age.parts[0], ref),
        ]
        earliest = min(value, *(low for low, _ in bounds))
        latest = max(value, *(high for _, high in bounds))
        assert (fast.value, fast.earliest, fast.latest) == (value, earliest, latest), age


def test_a_cached_time_line_is_a_fresh_statement_each_time() -> None:
    from service.normalise.statements import read_time_line

    ref = datetime(2025, 3, 24, 12, tzinfo=UTC)
    first = read_time_line("Updated: 12 May 2024 | Doha | PTI", UTC, ref)
    first.others.append("changed by a caller")
    second = read_time_line("Updated: 12 May 2024 | Doha | PTI", UTC, ref)
    assert second.others == ["Doha", "PTI"]


def test_a_numeric_line_is_read_in_each_pages_own_order() -> None:
    from service.normalise.statements import read_time_line

    ref = datetime(2025, 7, 1, tzinfo=UTC)
    day_first = read_time_line("04-06-2025", UTC, ref, dayfirst=lambda: True)
    month_first = read_time_line("04-06-2025", UTC, ref, dayfirst=lambda: False)
    assert day_first.published.value.month == 6 and month_first.published.value.month == 4
