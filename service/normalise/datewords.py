"""Data, not logic: the words of dates and ages.

English unit words and phrases are typed here; every other language's month, weekday, day
period and relative-time words come from CLDR through Babel (``cldrwords``), for the
locales listed in ``DATE_LOCALES``. What CLDR does not hold (the ``a``/``une``/``einer`` a
site writes for one, the words a date line glues around a date) is listed here by hand.
"""

from __future__ import annotations

# --- relative ages (English) ---------------------------------------------------------------

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
    "publish": "published",
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


#: Labels in other languages that stand before a stated time (casefolded) -> what it is.
WORLD_TIME_LABELS: dict[str, str] = {
    **dict.fromkeys(
        [
            "publicado",
            "publicada",
            "publié",
            "publiée",
            "veröffentlicht",
            "diterbitkan",
            "dipublikasikan",
            "pubblicato",
            "gepubliceerd",
            "opublikowano",
            "yayınlanma",
            "опубликовано",
            "发布时间",
            "發布時間",
            "发布日期",
            "公開日",
            "入力",
            "등록",
            "प्रकाशित",
        ],
        "published",
    ),
    **dict.fromkeys(
        [
            "atualizado",
            "actualizado",
            "mis à jour",
            "aktualisiert",
            "diperbarui",
            "aggiornato",
            "bijgewerkt",
            "zaktualizowano",
            "güncelleme",
            "обновлено",
            "更新时间",
            "更新時間",
            "更新日",
            "수정",
            "अपडेट",
        ],
        "updated",
    ),
}

# --- date lines -----------------------------------------------------------------------------

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


# --- languages -------------------------------------------------------------------------------

#: CLDR locales whose dates and ages are read, in priority order: where two languages write
#: the same word for different things (Croatian ``listopad`` is October, Czech and Polish
#: November), the earlier locale wins.
DATE_LOCALES: tuple[str, ...] = (
    "en",
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "ca",
    "el",
    "ru",
    "uk",
    "bg",
    "sr",
    "hr",
    "sl",
    "lt",
    "lv",
    "et",
    "tr",
    "ar",
    "fa",
    "he",
    "ur",
    "hi",
    "bn",
    "mr",
    "gu",
    "pa",
    "ta",
    "te",
    "kn",
    "ml",
    "ne",
    "si",
    "th",
    "vi",
    "id",
    "ms",
    "fil",
    "sw",
    "ja",
    "zh",
    "zh_Hant",
    "ko",
)

#: Words for "one" that sites write in an age where CLDR writes the digit (``vor einer
#: Stunde``, ``hace una hora``, ``il y a une heure``, ``há um dia``), casefolded.
ONE_WORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "one",
        "ein",
        "eine",
        "einer",
        "einem",
        "einen",
        "un",
        "une",
        "una",
        "uno",
        "um",
        "uma",
        "een",
        "én",
        "ett",
        "et",
        "en",
        "yksi",
        "jeden",
        "jedna",
        "jedno",
        "jednu",
        "egy",
        "o",
        "bir",
        "satu",
        "se",
        "isang",
        "một",
        "一",
        "한",
    }
)

#: Words a date line glues around a date besides its month, weekday and day-period names (which
#: CLDR gives): clock words, ordinal endings, era marks, casefolded and without their dot.
DATE_GLUE_WORDS: frozenset[str] = frozenset(
    {
        *("at", "on", "the", "of", "and", "date", "time", "hrs", "hr", "h", "hs", "am", "pm"),
        *("a", "p", "m", "st", "nd", "rd", "th", "er", "e", "o", "º", "ª"),
        *("de", "del", "do", "da", "di", "le", "la", "el", "à", "a", "às", "as", "las", "los"),
        *("um", "uhr", "den", "am", "ore", "alle", "om", "kl", "klo", "godz", "в", "г", "года"),
        *("saat", "pukul", "jam", "lúc", "ngày", "tháng", "năm", "giờ", "น", "เวลา", "वजे"),
        *("baje", "बजे", "ce", "ad", "be", "ngày", "lúc", "hod", "óra", "kello", "klockan"),
        *("publicado", "atualizado", "actualizado", "veröffentlicht", "aktualisiert"),
        *("publié", "mis", "jour", "pubblicato", "aggiornato", "diterbitkan", "diperbarui"),
    }
)

#: Calendar eras a date may be written in: the mark before the year -> years to add for the
#: Gregorian year. ``民國114年`` is 2025 (Republic of China); ``令和7年`` is 2025 (Japan).
ERA_MARKS: dict[str, int] = {
    "民國": 1911,
    "民国": 1911,
    "令和": 2018,
    "平成": 1988,
    "พ.ศ.": -543,
    "พ.ศ": -543,
}

#: Years in the Thai Buddhist era (Gregorian + 543) as Thai pages write them without a mark.
BUDDHIST_YEARS: tuple[int, int] = (2400, 2700)

# --- statements about the article itself ------------------------------------------------------

#: How a line about the article itself opens (``This story was first published on …``,
#: ``Diese Nachricht wurde am … gesendet``, ``Cet article a été publié le …``, ``Artikel ini
#: telah tayang …``), casefolded: the article (or broadcast) named as "this" in each language.
ARTICLE_SUBJECTS: tuple[str, ...] = (
    # Only words for the article (or news item) itself: "this report", "this video" or "this
    # interview" may as well be a sentence about a report, a video or an interview.
    *("this article", "this story", "this post", "this piece", "this news item"),
    *("diese nachricht", "dieser artikel", "dieser beitrag", "dieser text", "diese meldung"),
    *("cet article", "ce texte", "cette dépêche", "este artículo", "este texto", "esta nota"),
    *("esta noticia", "este artigo", "este texto", "esta matéria", "esta notícia"),
    *("este conteúdo", "questo articolo", "quest'articolo", "quest’articolo", "questa notizia"),
    *("questo testo", "dit artikel", "dit bericht", "deze tekst", "artikel ini", "berita ini"),
    *("tulisan ini", "ten artykuł", "ten tekst", "bu haber", "bu makale", "bu yazı"),
    *("эта статья", "этот материал", "эта новость", "denna artikel", "den här artikeln"),
    *("denne artikel", "denne artikkelen", "tämä artikkeli", "tento článek", "ez a cikk"),
)

#: Words of such a line that say what the date is (casefolded): when the article was published
#: (or broadcast), or when it was updated. ``Diese Nachricht wurde am 3.4.2024 gesendet``.
ARTICLE_STATEMENT_VERBS: dict[str, str] = {
    **dict.fromkeys(
        [
            *("published", "appeared", "ran", "broadcast", "aired", "posted", "released"),
            *("veröffentlicht", "erschienen", "erschien", "gesendet", "ausgestrahlt"),
            *("publiziert", "publié", "publiée", "paru", "parue", "diffusé", "diffusée"),
            *("mis en ligne", "publicado", "publicada", "publicó", "emitido", "emitida"),
            *("difundido", "difundida", "publicou", "veiculado", "veiculada", "divulgado"),
            *("divulgada", "pubblicato", "pubblicata", "trasmesso", "trasmessa", "uscito"),
            *("apparso", "gepubliceerd", "verschenen", "verscheen", "uitgezonden", "tayang"),
            *("terbit",),
            *("diterbitkan", "dipublikasikan", "dimuat", "ditayangkan", "opublikowany"),
            *("opublikowano", "opublikowana", "yayımlandı", "yayınlandı", "опубликована"),
            *("опубликован", "опубликовано", "publicerad", "publicerades", "udgivet"),
            *("publisert", "julkaistu", "publikován", "publikováno", "megjelent"),
        ],
        "published",
    ),
    **dict.fromkeys(
        [
            *("updated", "modified", "revised", "corrected", "aktualisiert", "geändert"),
            *("mis à jour", "modifié", "modifiée", "actualizado", "actualizada"),
            *("atualizado", "atualizada", "aggiornato", "aggiornata", "bijgewerkt"),
            *("diperbarui", "zaktualizowano", "güncellendi", "обновлена", "обновлено"),
            *("uppdaterad", "opdateret", "oppdatert", "päivitetty", "aktualizováno"),
        ],
        "updated",
    ),
}
