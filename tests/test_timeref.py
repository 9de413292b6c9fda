"""Every phrasing of a time that issue 2 lists, as tables: what is read, and what it means.

The tables are data: one row per phrasing, with the expected reading worked out by hand
from the contract's rules (reference time 2025-03-24T12:00:00Z unless a row says otherwise).
``NOT_AGES`` and ``NOT_DATES`` hold text that must *not* be read as a time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from service.normalise import normalise
from service.normalise.errors import InvalidOptionError
from service.normalise.timeref import (
    format_instant,
    parse_absolute,
    parse_age,
    resolve_age,
)

REF = datetime(2025, 3, 24, 12, tzinfo=UTC)
NBSP = "\u00a0"
KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")

# --- what is read ------------------------------------------------------------------------------

UNIT_SPELLINGS = {
    "second": ["second", "seconds", "sec", "secs", "s"],
    "minute": ["minute", "minutes", "min", "mins", "m"],
    "hour": ["hour", "hours", "hr", "hrs", "h"],
    "day": ["day", "days", "d"],
    "week": ["week", "weeks", "wk", "wks", "w"],
    "month": ["month", "months", "mo", "mos"],
    "year": ["year", "years", "yr", "yrs", "y"],
}

#: text -> (parts, future)
AGES: list[tuple[str, tuple[tuple[str, int], ...], bool]] = [
    # singular and plural, as Django writes them (NBSP between number and unit)
    (f"1{NBSP}minute ago", (("minute", 1),), False),
    (f"2{NBSP}months ago", (("month", 2),), False),
    (f"4{NBSP}days, 10{NBSP}hours ago", (("day", 4), ("hour", 10)), False),
    (f"6{NBSP}days, 23{NBSP}hours ago", (("day", 6), ("hour", 23)), False),
    (f"1{NBSP}week, 2{NBSP}days ago", (("week", 1), ("day", 2)), False),
    ("1 year, 2 months ago", (("year", 1), ("month", 2)), False),
    ("3 weeks, 6 days ago", (("week", 3), ("day", 6)), False),
    # two units joined by "and", or by ", and"
    ("1 week and 2 days ago", (("week", 1), ("day", 2)), False),
    ("an hour and 5 minutes ago", (("hour", 1), ("minute", 5)), False),
    ("2 hours, and 3 minutes ago", (("hour", 2), ("minute", 3)), False),
    ("1 week and a day ago", (("week", 1), ("day", 1)), False),
    ("2 hours 30 minutes ago", (("hour", 2), ("minute", 30)), False),
    ("2h 30m ago", (("hour", 2), ("minute", 30)), False),
    # a / an / number words for small counts
    ("a second ago", (("second", 1),), False),
    ("a minute ago", (("minute", 1),), False),
    ("an hour ago", (("hour", 1),), False),
    ("a day ago", (("day", 1),), False),
    ("a week ago", (("week", 1),), False),
    ("a month ago", (("month", 1),), False),
    ("a year ago", (("year", 1),), False),
    ("three months ago", (("month", 3),), False),
    ("twelve hours ago", (("hour", 12),), False),
    # abbreviations
    ("5 mins ago", (("minute", 5),), False),
    ("5 mins. ago", (("minute", 5),), False),
    ("3 hrs ago", (("hour", 3),), False),
    ("2h ago", (("hour", 2),), False),
    ("1d ago", (("day", 1),), False),
    ("30s ago", (("second", 30),), False),
    ("2 wks ago", (("week", 2),), False),
    ("3 mos ago", (("month", 3),), False),
    ("1 yr ago", (("year", 1),), False),
    # any case, NBSP or any run of spaces, stray ends
    ("2 HOURS AGO", (("hour", 2),), False),
    ("An Hour Ago", (("hour", 1),), False),
    (f"2{NBSP}Hours{NBSP}ago", (("hour", 2),), False),
    ("2  hours   ago", (("hour", 2),), False),
    ("2\thours ago", (("hour", 2),), False),
    ("  2 hours ago \u00a0", (("hour", 2),), False),
    # the future
    ("in 2 hours", (("hour", 2),), True),
    ("In a week", (("week", 1),), True),
    ("2 hours from now", (("hour", 2),), True),
    ("in 1 day, 3 hours", (("day", 1), ("hour", 3)), True),
    # counts past anything real still read (resolve_age declines them)
    ("999999999999 years ago", (("year", 999999999999),), False),
]


@pytest.mark.parametrize(("text", "parts", "future"), AGES)
def test_age_phrasings_are_read(
    text: str, parts: tuple[tuple[str, int], ...], future: bool
) -> None:
    age = parse_age(text)
    assert age is not None, text
    assert (age.parts, age.future, age.text) == (parts, future, text)


@pytest.mark.parametrize("unit", list(UNIT_SPELLINGS))
def test_every_spelling_of_every_unit_singular_and_plural(unit: str) -> None:
    for spelling in UNIT_SPELLINGS[unit]:
        for count in (1, 2, 17):
            for gap in (" ", NBSP, ""):
                if gap == "" and len(spelling) > 3:
                    continue  # "2hours" is no one's style; "2h" and "2hrs" are
                text = f"{count}{gap}{spelling} ago"
                age = parse_age(text)
                assert age is not None and age.parts == ((unit, count),), text


#: text -> (lower bound, upper bound) of the age in seconds, precision
MOMENTS = [
    ("just now", 0, 60, "minute"),
    ("Just now", 0, 60, "minute"),
    ("JUST NOW", 0, 60, "minute"),
    ("a few seconds ago", 0, 60, "second"),
    ("A few seconds ago", 0, 60, "second"),
    ("moments ago", 0, 60, "minute"),
    (f"0{NBSP}minutes ago", 0, 60, "minute"),
    ("0 seconds ago", 0, 1, "second"),
]


@pytest.mark.parametrize(("text", "low", "high", "precision"), MOMENTS)
def test_moments_mean_the_last_minute(text: str, low: int, high: int, precision: str) -> None:
    age = parse_age(text)
    assert age is not None and age.moment is not None
    stamp = resolve_age(age, REF, UTC)
    assert stamp is not None
    assert stamp.value == REF - timedelta(seconds=low)
    assert (stamp.earliest, stamp.latest) == (REF - timedelta(seconds=high), REF)
    assert stamp.precision == precision


NOT_AGES = [
    "Trump to talk with Putin on March 18",
    "three months ago the war began",
    "Three months ago, the war began.",
    "He said 2 hours ago that he would resign",
    "2 hours ago.",
    "2 hours",
    "ago",
    "hours ago",
    "5 min read",
    "in 2025",
    "in the morning",
    "a day and a half ago",
    "1 minute, 5 days ago",  # units out of order: no formatter writes this
    "2 hours, 2 hours ago",  # a unit twice
    "and 2 days ago",
    "band 2 days ago",
    "today",
    "2 days before the vote",
    "over 2 years ago",
    "12345678901234567890 years ago",
    "",
    " ",
    "History of this topic",
    "March 18, 2025",
    "x" * 200 + " 2 hours ago",
]


@pytest.mark.parametrize("text", NOT_AGES)
def test_sentences_titles_and_dates_are_not_ages(text: str) -> None:
    assert parse_age(text) is None


# --- what it means -----------------------------------------------------------------------------

#: text, two-unit formatter?, value, earliest, latest, precision (reference REF)
# fmt: off
RESOLVED = [
    # The contract's example: truncated, so at least 4 d 10 h and less than one more hour.
    ("4 days, 10 hours ago", True, "2025-03-20T02:00:00Z", "2025-03-20T01:00:00Z",
     "2025-03-20T02:00:00Z", "hour"),
    # One unit of a day or longer from the two-unit formatter: its second unit was zero.
    # 2 months: calendar [24 Jan - 1 week .. 24 Jan]; 30-day months [ref - 67 d .. ref - 60 d].
    ("2 months ago", True, "2025-01-24T12:00:00Z", "2025-01-16T12:00:00Z",
     "2025-01-24T12:00:00Z", "month"),
    # The same text from a formatter that may truncate (timeago.js: up to 3 months of 365/12
    # days) or round (moment.js, Babel: from 1.5 months of 30 days).
    ("2 months ago", False, "2025-01-24T12:00:00Z", "2024-12-23T04:30:00Z",
     "2025-02-07T12:00:00Z", "month"),
    ("1 week ago", True, "2025-03-17T12:00:00Z", "2025-03-16T12:00:00Z",
     "2025-03-17T12:00:00Z", "week"),
    ("1 week ago", False, "2025-03-17T12:00:00Z", "2025-03-10T12:00:00Z",
     "2025-03-21T00:00:00Z", "week"),
    ("1 day ago", True, "2025-03-23T12:00:00Z", "2025-03-23T11:00:00Z",
     "2025-03-23T12:00:00Z", "day"),
    # A year: calendar [ref - 13 months .. ref - 12 months]; 365-day years land one day
    # earlier because 2024 had a 29 February: 30 days before 24 Mar 2024 is 23 Feb.
    ("1 year ago", True, "2024-03-24T12:00:00Z", "2024-02-23T12:00:00Z",
     "2024-03-24T12:00:00Z", "year"),
    # Hours and minutes on the aggregator get a whole-unit interval.
    ("3 hours ago", True, "2025-03-24T09:00:00Z", "2025-03-24T08:00:00Z",
     "2025-03-24T09:00:00Z", "hour"),
    # Off the aggregator the formatter may round: ``an hour ago`` from half an hour.
    ("an hour ago", False, "2025-03-24T11:00:00Z", "2025-03-24T10:00:00Z",
     "2025-03-24T11:30:00Z", "hour"),
    ("5 mins ago", False, "2025-03-24T11:55:00Z", "2025-03-24T11:54:00Z",
     "2025-03-24T11:55:30Z", "minute"),
    ("30s ago", False, "2025-03-24T11:59:30Z", "2025-03-24T11:59:29Z",
     "2025-03-24T11:59:31Z", "second"),
    ("2 hours 30 minutes ago", False, "2025-03-24T09:30:00Z", "2025-03-24T09:29:00Z",
     "2025-03-24T09:30:00Z", "minute"),
    # Yesterday: the previous calendar day (UTC here) and 24 to 48 hours ago, both.
    ("yesterday", True, "2025-03-23T12:00:00Z", "2025-03-22T12:00:00Z",
     "2025-03-23T23:59:59Z", "day"),
    ("Yesterday", False, "2025-03-23T12:00:00Z", "2025-03-22T12:00:00Z",
     "2025-03-23T23:59:59Z", "day"),
    # The future: resolved forward, truncated the same way.
    ("in 2 hours", False, "2025-03-24T14:00:00Z", "2025-03-24T14:00:00Z",
     "2025-03-24T15:00:00Z", "hour"),
]
# fmt: on


@pytest.mark.parametrize(("text", "two_unit", "value", "earliest", "latest", "precision"), RESOLVED)
def test_ages_resolve_to_the_contract_interval(
    text: str, two_unit: bool, value: str, earliest: str, latest: str, precision: str
) -> None:
    age = parse_age(text)
    assert age is not None
    stamp = resolve_age(age, REF, UTC, two_unit_formatter=two_unit)
    assert stamp is not None
    got = stamp.as_dict()
    assert got == {
        "text": text,
        "kind": "relative",
        "value": value,
        "earliest": earliest,
        "latest": latest,
        "precision": precision,
    }


def test_yesterday_spans_both_readings_in_the_page_zone() -> None:
    # 20:00 UTC is 01:30 on 25 March in Kolkata: "yesterday" there is 24 March IST
    # (23 Mar 18:30Z .. 24 Mar 18:29:59Z), and 24-48 hours ago is 22 Mar 20:00Z .. 23 Mar 20:00Z.
    ref = datetime(2025, 3, 24, 20, tzinfo=UTC)
    stamp = resolve_age(parse_age("yesterday"), ref, KOLKATA)
    assert stamp is not None
    assert format_instant(stamp.earliest) == "2025-03-22T20:00:00Z"
    assert format_instant(stamp.latest) == "2025-03-24T18:29:59Z"
    assert format_instant(stamp.value) == "2025-03-23T20:00:00Z"
    for hours in (24, 30, 47.9):
        assert stamp.earliest <= ref - timedelta(hours=hours) <= stamp.latest
    assert stamp.earliest <= datetime(2025, 3, 24, 18, 29, tzinfo=UTC) <= stamp.latest


@pytest.mark.parametrize("two_unit", [True, False])
@pytest.mark.parametrize(
    "text",
    [
        "999999999999 years ago",
        "999999999999 months ago",
        "999999999999999 seconds ago",
        "999999999999999 weeks ago",
        "in 999999999999 years",
        "in 999999999999999 days",
    ],
)
def test_ages_past_the_calendar_resolve_to_none(text: str, two_unit: bool) -> None:
    age = parse_age(text)
    assert age is not None
    assert resolve_age(age, REF, UTC, two_unit_formatter=two_unit) is None


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("1 second ago", datetime(1, 1, 1, tzinfo=UTC)),
        ("yesterday", datetime(1, 1, 1, tzinfo=UTC)),
        ("just now", datetime(1, 1, 1, tzinfo=UTC)),
        ("in 1 hour", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("1 year ago", datetime(1, 6, 1, tzinfo=UTC)),
    ],
)
def test_ages_at_the_edge_of_the_calendar_do_not_raise(text: str, reference: datetime) -> None:
    stamp = resolve_age(parse_age(text), reference, UTC, two_unit_formatter=True)
    assert stamp is None or stamp.earliest <= stamp.value <= stamp.latest


@pytest.mark.parametrize(
    "reference",
    [
        "9999-12-31T23:59:59Z",  # Kiritimati (+14:00) would carry it past the calendar
        "0001-01-01T00:00:00+05:00",
        "1799-12-31T23:59:59Z",
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
    ],
    ids=str,
)
def test_a_reference_time_out_of_range_is_an_option_error(reference: object) -> None:
    with pytest.raises(InvalidOptionError) as raised:
        normalise(
            "Title\n2 months ago\n\nBody.", reference_time=reference, timezone="Pacific/Kiritimati"
        )
    assert raised.value.field == "reference_time"


def test_a_reference_time_at_the_edge_of_the_range_still_reads_pages() -> None:
    article = normalise(
        "Title\n2 months ago\n\nTitle\n\nBody.",
        reference_time="8999-12-31T23:59:59Z",
        timezone="Pacific/Kiritimati",
    )
    assert article["published"]["value"] == "8999-10-31T23:59:59Z"


def test_a_huge_age_on_a_page_is_a_warning_not_an_error() -> None:
    page = "A headline of the day\n999999999999 years ago\n\nA headline of the day\n\nBody."
    article = normalise(page, reference_time="2025-03-24T12:00:00Z")
    assert article["published"] is None
    assert "unparsed_time" in {warning["code"] for warning in article["warnings"]}


# --- absolute dates ----------------------------------------------------------------------------

#: text, zone of the request, value, earliest, latest, precision
# fmt: off
ABSOLUTE: list[tuple[str, tzinfo, str, str, str, str]] = [
    ("2025-01-21", UTC, "2025-01-21T00:00:00Z", "2025-01-21T00:00:00Z",
     "2025-01-21T23:59:59Z", "day"),
    ("2025-01-21", KOLKATA, "2025-01-20T18:30:00Z", "2025-01-20T18:30:00Z",
     "2025-01-21T18:29:59Z", "day"),
    ("2025-01", UTC, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z",
     "2025-01-31T23:59:59Z", "month"),
    ("2025-01-21T10:30:00Z", KOLKATA, "2025-01-21T10:30:00Z", "2025-01-21T10:30:00Z",
     "2025-01-21T10:30:00Z", "second"),
    ("2025-01-21T10:30:00+05:30", UTC, "2025-01-21T05:00:00Z", "2025-01-21T05:00:00Z",
     "2025-01-21T05:00:00Z", "second"),
    ("2025-01-21 10:30", UTC, "2025-01-21T10:30:00Z", "2025-01-21T10:30:00Z",
     "2025-01-21T10:30:59Z", "minute"),
    ("2025-01-21T10:30", KOLKATA, "2025-01-21T05:00:00Z", "2025-01-21T05:00:00Z",
     "2025-01-21T05:00:59Z", "minute"),
    ("March 18, 2025", UTC, "2025-03-18T00:00:00Z", "2025-03-18T00:00:00Z",
     "2025-03-18T23:59:59Z", "day"),
    ("March 18, 2025", KOLKATA, "2025-03-17T18:30:00Z", "2025-03-17T18:30:00Z",
     "2025-03-18T18:29:59Z", "day"),
    ("18 Mar 2025 10:30", UTC, "2025-03-18T10:30:00Z", "2025-03-18T10:30:00Z",
     "2025-03-18T10:30:59Z", "minute"),
    ("18 Mar 2025 10:30", KOLKATA, "2025-03-18T05:00:00Z", "2025-03-18T05:00:00Z",
     "2025-03-18T05:00:59Z", "minute"),
    ("Friday, May 23, 2025 at 4:29:25 AM", UTC, "2025-05-23T04:29:25Z",
     "2025-05-23T04:29:25Z", "2025-05-23T04:29:25Z", "second"),
    ("Friday, May 23, 2025 at 4:29:25 AM", NEW_YORK, "2025-05-23T08:29:25Z",
     "2025-05-23T08:29:25Z", "2025-05-23T08:29:25Z", "second"),
    ("Friday, May 23, 2025 at 4:29:25 PM", UTC, "2025-05-23T16:29:25Z",
     "2025-05-23T16:29:25Z", "2025-05-23T16:29:25Z", "second"),
    # A zone written on the page wins over the request's zone; IST is India's (+05:30).
    ("12 March 2024 10:04 IST", UTC, "2024-03-12T04:34:00Z", "2024-03-12T04:34:00Z",
     "2024-03-12T04:34:59Z", "minute"),
    ("12 March 2024 10:04 ist", NEW_YORK, "2024-03-12T04:34:00Z", "2024-03-12T04:34:00Z",
     "2024-03-12T04:34:59Z", "minute"),
    ("12 March 2024 10:04 pm IST", UTC, "2024-03-12T16:34:00Z", "2024-03-12T16:34:00Z",
     "2024-03-12T16:34:59Z", "minute"),
    ("18 Mar 2025 10:30 GMT", KOLKATA, "2025-03-18T10:30:00Z", "2025-03-18T10:30:00Z",
     "2025-03-18T10:30:59Z", "minute"),
    ("18 Mar 2025 10:30 EST", UTC, "2025-03-18T15:30:00Z", "2025-03-18T15:30:00Z",
     "2025-03-18T15:30:59Z", "minute"),
    ("18 Mar 2025 10:30 +0200", UTC, "2025-03-18T08:30:00Z", "2025-03-18T08:30:00Z",
     "2025-03-18T08:30:59Z", "minute"),
    ("March 2025", UTC, "2025-03-01T00:00:00Z", "2025-03-01T00:00:00Z",
     "2025-03-31T23:59:59Z", "month"),
    # A wall time that New York lives twice (clocks back on 3 Nov 2024): both readings.
    ("Nov 3, 2024 1:30 AM", NEW_YORK, "2024-11-03T05:30:00Z", "2024-11-03T05:30:00Z",
     "2024-11-03T06:30:59Z", "minute"),
    # The day clocks go forward has 23 hours.
    ("March 10, 2024", NEW_YORK, "2024-03-10T05:00:00Z", "2024-03-10T05:00:00Z",
     "2024-03-11T03:59:59Z", "day"),
    ("0001-01-01", UTC, "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
     "0001-01-01T23:59:59Z", "day"),
]
# fmt: on


@pytest.mark.parametrize(("text", "zone", "value", "earliest", "latest", "precision"), ABSOLUTE)
def test_absolute_dates(
    text: str, zone: tzinfo, value: str, earliest: str, latest: str, precision: str
) -> None:
    stamp = parse_absolute(text, zone)
    assert stamp is not None, text
    assert stamp.as_dict() == {
        "text": text,
        "kind": "absolute",
        "value": value,
        "earliest": earliest,
        "latest": latest,
        "precision": precision,
    }


NOT_DATES = [
    "Trump to talk with Putin on March 18",  # no year: not a date we can place
    "March 18",
    "2025",
    "hello",
    "",
    "2025-02-30",
    "9999-12-31",  # its day ends past the calendar
    "31 Dec 9999 23:59 EST",
    "10:30",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert parse_absolute(text, UTC) is None


@pytest.mark.parametrize(
    "page",
    [
        "Trump to talk with Putin on March 18\n\nThe call is set for March 18, 2025, aides said.",
        "Three months ago the war began.\n\nIt has not ended.",
        "The meeting took place 2 hours ago in Riyadh, officials said.\n\nMore talks follow.",
    ],
)
def test_dates_in_titles_and_sentences_are_not_the_page_date(page: str) -> None:
    article = normalise(page, reference_time="2025-03-24T12:00:00Z")
    assert article["published"] is None and article["updated"] is None
    assert "unparsed_time" in {warning["code"] for warning in article["warnings"]}
