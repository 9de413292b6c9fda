"""Data, not logic: unit words, labels, headings, boilerplate lines and zone names.

Every table is plain Python data so that a newcomer can add a case without touching
the code that uses it. Matching is always against a *whole* cleaned line, casefolded.
"""

from __future__ import annotations

# --- relative ages ------------------------------------------------------------------------

#: Spelling of a unit (casefolded) -> canonical unit. Django's ``timesince`` writes the long
#: forms; sites and apps write the short ones (``5 mins``, ``3 hrs``, ``2h``, ``1d``).
UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(["second", "seconds", "sec", "secs", "s"], "second"),
    **dict.fromkeys(["minute", "minutes", "min", "mins", "m"], "minute"),
    **dict.fromkeys(["hour", "hours", "hr", "hrs", "h"], "hour"),
    **dict.fromkeys(["day", "days", "d"], "day"),
    **dict.fromkeys(["week", "weeks", "wk", "wks", "w"], "week"),
    **dict.fromkeys(["month", "months", "mo", "mos", "mth", "mths"], "month"),
    **dict.fromkeys(["year", "years", "yr", "yrs", "y"], "year"),
}

#: Units from the largest to the smallest, as Django's ``timesince`` orders them (plus seconds).
UNIT_ORDER: tuple[str, ...] = ("year", "month", "week", "day", "hour", "minute", "second")

#: Fixed unit lengths in seconds (months and years are calendar units, handled apart).
UNIT_SECONDS: dict[str, int] = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 604800,
}

#: Old Django (before calendar months) counted a month as 30 days and a year as 365.
LEGACY_UNIT_DAYS: dict[str, int] = {"month": 30, "year": 365}

#: Number words a page may write instead of digits (``an hour ago``, ``three months ago``).
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: Whole-line phrases for "a moment ago": text -> (lower bound, upper bound) of the age in seconds
#: and the precision to report.
MOMENT_PHRASES: dict[str, tuple[int, int, str]] = {
    "just now": (0, 60, "minute"),
    "now": (0, 60, "minute"),
    "moments ago": (0, 60, "minute"),
    "a moment ago": (0, 60, "minute"),
    "a few seconds ago": (0, 60, "second"),
    "few seconds ago": (0, 60, "second"),
    "seconds ago": (0, 60, "second"),
    "less than a minute ago": (0, 60, "second"),
}

#: Words that may stand before a stated time in a header line, and what the time then is.
TIME_LABELS: dict[str, str] = {
    "published": "published",
    "published on": "published",
    "published at": "published",
    "published date": "published",
    "publish date": "published",
    "posted": "published",
    "posted on": "published",
    "posted at": "published",
    "first published": "published",
    "date": "published",
    "on": "published",
    "updated": "updated",
    "updated on": "updated",
    "updated at": "updated",
    "last updated": "updated",
    "last updated on": "updated",
    "last updated at": "updated",
    "modified": "updated",
    "last modified": "updated",
}

# --- aggregator layout ---------------------------------------------------------------------

#: Section headings that open the aggregator's related-stories list.
HISTORY_HEADINGS: frozenset[str] = frozenset(
    {"history of this topic", "history of the topic", "related history", "topic history"}
)

#: Label lines an aggregator prints between a history entry's title and its age.
HISTORY_LABELS: frozenset[str] = frozenset(
    {
        "top news",
        "trending news",
        "trending",
        "breaking news",
        "breaking",
        "latest news",
        "editor's pick",
        "editor’s pick",
        "exclusive",
        "opinion",
        "analysis",
        "live",
        "live updates",
        "explainer",
        "fact check",
    }
)

# --- boilerplate -----------------------------------------------------------------------------

#: Whole lines (casefolded) that are never article text, each with why it is here.
BOILERPLATE_LINES: dict[str, str] = {
    "discover related": "aggregator footer under the history list",
    "share": "share-button label",
    "share this": "share-button label",
    "share this article": "share-button label",
    "share it": "share-button label",
    "please follow and like us:": "social-plugin call to action",
    "advertisement": "ad slot label",
    "advertisements": "ad slot label",
    "ad": "ad slot label",
    "sponsored": "ad slot label",
    "powered by capital market - live news": "syndication credit (Business Standard feeds)",
    "(with inputs from agencies.)": "agency credit line",
    "(with inputs from agencies)": "agency credit line",
    "with inputs from agencies": "agency credit line",
    "more to follow...": "breaking-story footer",
    "more to follow": "breaking-story footer",
    "read more": "teaser link",
    "read more »": "teaser link",
    "read more...": "teaser link",
    "like this: like loading...": "WordPress like widget",
    "like this:": "WordPress like widget",
    "like loading...": "WordPress like widget",
    "connect with us": "social links heading",
    "subscribe to our newsletter": "newsletter call to action",
    "trending now": "recirculation heading",
    "comments": "comment section heading",
    "was this article worth reading? share it": "engagement prompt",
    "copyright for syndicated content belongs to the linked source.": "aggregator credit",
    "key takeaways": "summary widget heading",
    "download mobile app": "app promotion",
    "• download mobile app": "app promotion",
    "hambermenu": "menu icon label",
    "news": "breadcrumb",
    "also read": "recirculation teaser",
    "follow us": "social links heading",
}

#: Whole-line regular expressions for boilerplate whose exact words vary. Each pattern is
#: anchored and linear-time (no nested quantifiers).
BOILERPLATE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\(this story has not been edited by .{1,80} staff and is auto-generated from a "
        r"syndicated feed\.?\)",
        "syndicated-feed disclaimer",
    ),
    (
        r".{0,80} now on telegram ?[-–—:|] ?click here to (?:join|subscribe)\.?",
        "messaging-channel promotion",
    ),
    (r"source link ?: ?\S{1,500}", "aggregator source link"),
    (r"latest from [a-z0-9 &'’-]{1,40}", "recirculation heading"),
    (r"pic\.twitter\.com/\S{1,60}", "embedded tweet remnant"),
    (r"(?:\. ?){3,}", "run of dots"),
    (r"by: ?\|?", "empty byline slot"),
    (r"published ?[:-]?", "empty date slot"),
    (r"last updated ?(?:ist|gmt|pkt)?", "empty date slot"),
    (r"on", "empty date slot"),
    (r"(?:[a-z]{3,}, )?\d{4} ?\|", "empty date slot"),
)

#: An agency slug trailer such as ``PTI STH SSK ROH``: an agency then staff initials.
AGENCY_SLUG_AGENCIES: frozenset[str] = frozenset({"PTI", "IANS", "ANI", "UNI", "AFP", "AP"})

# --- time zones ------------------------------------------------------------------------------

#: Zone abbreviations as the news sites that print them mean them -> offset in minutes.
#: ``IST`` on Indian pages is India Standard Time, not Irish or Israeli time.
ZONE_OFFSETS_MINUTES: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "WAT": 60,
    "EAT": 180,
    "IST": 330,
    "PKT": 300,
    "NPT": 345,
    "SGT": 480,
    "HKT": 480,
    "MYT": 480,
    "PHT": 480,
    "JST": 540,
    "AEST": 600,
    "AEDT": 660,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
}

# --- text damage -----------------------------------------------------------------------------

#: Characters that appear when UTF-8 punctuation is read as GBK: 鈥 (E2 80 ..), 拢 (C2 A3 = £),
#: 漏 (C2 A9 = ©), 锟 (EF BF = U+FFFD).
GBK_MOJIBAKE_MARKERS: tuple[str, ...] = ("\u9225", "\u62e2", "\u6f0f", "\u951f")

#: Words a date line may hold besides the date itself (dateutil skips them as tokens).
DATE_FILLER_WORDS: frozenset[str] = frozenset(
    {
        "at",
        "on",
        "the",
        "of",
        "hrs",
        "hr",
        "h",
        "am",
        "pm",
        "a",
        "p",
        "m",
        "ist",
        "and",
        "th",
        "st",
        "nd",
        "rd",
        "date",
        "time",
    }
)

#: Words that open a sentence with a colon but are no place name (``Note: …``).
NOT_PLACES: frozenset[str] = frozenset(
    {
        "note",
        "also",
        "update",
        "updates",
        "editor's note",
        "editor’s note",
        "warning",
        "photo",
        "watch",
        "read",
        "video",
        "source",
        "disclaimer",
        "opinion",
        "analysis",
        "explainer",
        "exclusive",
        "breaking",
        "live",
        "q",
        "a",
        "answer",
        "question",
        "summary",
        "context",
        "background",
        "why",
        "what",
        "how",
        "the",
        "this",
        "that",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "key takeaways",
        "highlights",
        "related",
        "agenda",
    }
)

#: News agencies a dateline may credit.
AGENCIES: frozenset[str] = frozenset(
    {
        "PTI",
        "ANI",
        "IANS",
        "UNI",
        "AFP",
        "AP",
        "Reuters",
        "REUTERS",
        "Bernama",
        "Xinhua",
        "APP",
        "NAN",
        "dpa",
        "Yonhap",
        "Kyodo",
        "TASS",
        "EFE",
    }
)
