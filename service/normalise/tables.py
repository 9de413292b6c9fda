"""Data, not logic: labels, headings, boilerplate lines and other page vocabularies.

Every table is plain Python data so that a newcomer can add a case without touching
the code that uses it. Matching is always against a *whole* cleaned line, casefolded.
"""

from __future__ import annotations

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
    "advert": "ad slot label",
    "advertising": "ad slot label",
    "publicidad": "ad slot label",
    "publicité": "ad slot label",
    "anzeige": "ad slot label",
    "publicidade": "ad slot label",
    "pubblicità": "ad slot label",
    "iklan": "ad slot label",
    "реклама": "ad slot label",
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
    (r"\. ?\. ?\.[. ]{0,600}", "run of dots"),
    (r"by: ?\|?", "empty byline slot"),
    (r"published ?[:-]?", "empty date slot"),
    (r"last updated ?(?:ist|gmt|pkt)?", "empty date slot"),
    (r"(?:published|posted|updated) on", "empty date slot"),
    (r"on", "empty date slot"),
    (r"(?:[a-z]{3,12}, )?\d{4} ?\|", "empty date slot"),
    (r"[-–—] .{1,60} \(@\w{1,30}\) [a-z]{3,9} \d{1,2}, \d{4}", "embedded tweet attribution"),
    (
        r"(?:follow|join) (?:us|[a-z0-9 ]{1,30}) on (?:whatsapp|telegram|google news)\.?",
        "messaging-channel promotion",
    ),
    (r"click here to (?:read|subscribe|join|download)[^.]{0,60}\.?", "teaser link"),
    (r"copyright ?(?:©|\(c\))? ?\d{4}[^\n]{0,150}all rights reserved\.?", "copyright footer"),
    (r"(?:©|\(c\)) ?\d{4}[^\n]{0,150}all rights reserved\.?", "copyright footer"),
    # A metered paywall's counter and its call to subscribe (``You have 3 free articles left
    # this month. Subscribe for unlimited access.``, ``Il vous reste 2 articles gratuits``).
    (
        r"(?:you have|you've got) (?:\d{1,3}|no|one|two|three) (?:more )?(?:free )?"
        r"(?:articles?|stories|story|reads?) (?:remaining|left)[^.!]{0,30}[.!]?"
        r"(?: ?(?:subscribe|sign up|register|log in)[^.!]{0,80}[.!]?)?",
        "paywall counter",
    ),
    (
        r"(?:sie haben )?(?:noch )?\d{1,3} (?:kostenlose|freie) artikel[^.!]{0,40}[.!]?"
        r"|il vous reste \d{1,3} articles?[^.!]{0,40}[.!]?"
        r"|(?:te|le) quedan? \d{1,3} (?:artículos|notas)[^.!]{0,40}[.!]?"
        r"|(?:você tem|restam) \d{1,3} (?:matérias|artigos|reportagens)[^.!]{0,40}[.!]?",
        "paywall counter",
    ),
    (
        r"(?:subscribe|sign up)(?: now| today| anytime)? (?:for|to get) unlimited "
        r"(?:access|reading|articles)[^.!]{0,40}[.!]?",
        "paywall counter",
    ),
    (r"\d{1,4} (?:free )?articles?", "article counter"),
)

#: Header-zone lines that are page furniture rather than article text (reading times, view
#: counters). Matched (casefolded, whole line) only near the top of a page, where such lines
#: stand; each pattern is flat (no nested quantifier), hence linear-time. Breadcrumb trails and
#: share-button rows are recognised in code from the word tables below.
CHROME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\d{1,3} ?min(?:ute)?s? read", "reading time"),
    (r"[\d,.]{1,9}k? (?:views|reads|shares|comments)", "view counter"),
)

#: Words of a share-button row (``Print | Email | WhatsApp``), casefolded.
SHARE_WORDS: frozenset[str] = frozenset(
    {"print", "email", "e-mail", "whatsapp", "facebook", "twitter", "x", "linkedin", "telegram"}
)

#: Words that follow ``Home`` in a breadcrumb trail (``Home States Tamil Nadu``), besides the
#: section names below; ``Home Minister`` is not a trail.
BREADCRUMB_WORDS: frozenset[str] = frozenset(
    {"news", "states", "cities", "latest", "videos", "photos", "local", "city", "regional"}
)

#: Section names that aggregators glue to a topic (``Chinain World Affairs``) or to a
#: sentiment label (``negativeWorld Affairs``) in their header.
SECTION_NAMES: frozenset[str] = frozenset(
    {
        "world affairs",
        "world",
        "politics",
        "business",
        "economy",
        "markets",
        "technology",
        "tech",
        "science",
        "health",
        "sports",
        "sport",
        "entertainment",
        "lifestyle",
        "education",
        "environment",
        "national",
        "international",
        "india",
        "asia",
        "opinion",
        "crime",
        "defence",
        "defense",
        "diplomacy",
        "elections",
        "energy",
        "climate",
        "culture",
        "travel",
        "finance",
    }
)

#: Sentiment labels an aggregator prints (and a scraper glues to the section name).
SENTIMENT_WORDS: frozenset[str] = frozenset({"positive", "negative", "neutral", "mixed"})

#: Mixed-case words whose lower-to-upper join is not a scraper's glue (``WhatsApp``), so a
#: headline glued to a standfirst is never split inside them.
CAMEL_CASE_WORDS: frozenset[str] = frozenset(
    {
        "whatsapp",
        "youtube",
        "iphone",
        "ipad",
        "linkedin",
        "paypal",
        "playstation",
        "javascript",
        "github",
        "tiktok",
        "blackrock",
        "openai",
        "deepseek",
        "astrazeneca",
        "pepsico",
        "macbook",
        "softbank",
        "fedex",
        "jetblue",
        "indigo",
        "spicejet",
        "phonepe",
        "makemytrip",
        "airasia",
        "easyjet",
        "mastercard",
        "bitcoin",
        "biontech",
        "xbox",
        "chatgpt",
    }
)

#: An agency slug trailer such as ``PTI STH SSK ROH``: an agency then staff initials.
AGENCY_SLUG_AGENCIES: frozenset[str] = frozenset({"PTI", "IANS", "ANI", "UNI", "AFP", "AP"})

# --- text damage -----------------------------------------------------------------------------

#: Characters that appear when UTF-8 punctuation is read as GBK: 鈥 (E2 80 ..), 拢 (C2 A3 = £),
#: 漏 (C2 A9 = ©), 锟 (EF BF = U+FFFD).
GBK_MOJIBAKE_MARKERS: tuple[str, ...] = ("\u9225", "\u62e2", "\u6f0f", "\u951f")

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
