"""Times the body states about the article itself, and agency datelines in every language.

The sentences are invented in the shapes real pages use; the dateline days are generated
with Babel's own month names for every supported locale.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from babel.dates import get_month_names

from service.normalise.body_times import bracketed_date, read_article_statement
from service.normalise.boilerplate import boilerplate_note
from service.normalise.cldrwords import WORD, month_words
from service.normalise.datelines import dateline_day, read_dateline
from service.normalise.datewords import DATE_LOCALES

REFERENCE = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("This story was first published on 4 May 2024.", "2024-05-04", None),
        ("*This article originally appeared in print on March 12, 2024.*", "2024-03-12", None),
        (
            "This article was published on 4 May 2024 and updated on 6 May 2024.",
            "2024-05-04",
            "2024-05-06",
        ),
        ("Dieser Beitrag wurde am 14.05.2024 im Hörfunk gesendet.", "2024-05-14", None),
        ("Dieser Artikel erschien zuerst am 3. März 2024 in der Printausgabe.", "2024-03-03", None),
        (
            "Cet article a été publié le 3 avril 2024 dans notre édition du soir.",
            "2024-04-03",
            None,
        ),
        ("Este artículo fue publicado originalmente el 8 de mayo de 2024.", "2024-05-08", None),
        ("Esta matéria foi publicada em 05/09/2024 na edição impressa.", "2024-09-05", None),
        ("Questo articolo è stato pubblicato il 2 dicembre 2022.", "2022-12-02", None),
        ("Dit artikel verscheen eerder op 7 juni 2024 in de krant.", "2024-06-07", None),
        ("Artikel ini telah tayang pada 10 Januari 2024 di laman kami.", "2024-01-10", None),
        ("Dieser Artikel wurde am 3. März 2024 aktualisiert.", None, "2024-03-03"),
    ],
)
def test_statements_about_the_article_are_read(
    line: str, published: str | None, updated: str | None
) -> None:
    statement = read_article_statement(line, UTC, REFERENCE, dayfirst=True)
    assert statement is not None
    got_published = statement.published.value.date().isoformat() if statement.published else None
    got_updated = statement.updated.value.date().isoformat() if statement.updated else None
    assert (got_published, got_updated) == (published, updated)


@pytest.mark.parametrize(
    "line",
    [
        "The inspectors' report was published on 4 May 2024.",  # not the article itself
        "This story begins on 4 May 2024, when the river rose.",  # no publishing word
        "This article was first published in 2019.",  # a year is no day
        "Die Regierung hat den Bericht am 14.05.2024 veröffentlicht.",
        "This story was first published on the site of a partner newspaper.",
        "Ce texte de loi a été publié au journal officiel le 3 avril 2024 ." * 5,  # too long
    ],
)
def test_other_sentences_state_nothing_about_the_article(line: str) -> None:
    assert read_article_statement(line, UTC, REFERENCE, dayfirst=True) is None


@pytest.mark.parametrize(
    ("text", "opening", "day"),
    [
        ("(Di martedì 5 novembre 2024) (Agenzia) – Il sindaco ha detto", True, "2024-11-05"),
        ("(Friday, 6 December 2024) The council met.", True, "2024-12-06"),
        ("The council met and agreed. (6 December 2024)", False, "2024-12-06"),
        ("(Reuters) The council met on 6 December 2024.", True, None),
        ("The council (6 December 2024) met.", True, None),
        ("The council met and agreed (in December 2024).", False, None),
        ("(04.06.2024) The council met.", True, None),  # the order is not evident
    ],
)
def test_a_bracketed_date_opens_or_closes_a_paragraph(
    text: str, opening: bool, day: str | None
) -> None:
    stamp = bracketed_date(text, UTC, REFERENCE, opening=opening)
    assert (stamp.value.date().isoformat() if stamp else None) == day


def _month_names(locale: str) -> list[tuple[int, str]]:
    """Every month name and abbreviation Babel gives a locale that the month table reads as
    that month (names two languages share for different months are left out)."""
    words = month_words()
    names = []
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for month, name in get_month_names(width, context, locale).items():
                bare = name.rstrip(".")
                if words.get(bare.casefold()) == month and WORD.fullmatch(bare):
                    names.append((month, bare))
    return names


@pytest.mark.parametrize("locale", DATE_LOCALES)
def test_agency_dateline_days_are_read_in_every_language(locale: str) -> None:
    names = _month_names(locale)
    if not names:
        pytest.skip(f"{locale}: no month name is a single word")
    for month, name in names:
        near = date(2024, month, 1)
        for text in (f"PORTO, 7 {name} (Agência) –", f"PORTO, {name} 7 (Agency) -"):
            assert dateline_day(text, near) == date(2024, month, 7), (locale, text)


@pytest.mark.parametrize(
    ("paragraph", "place", "day"),
    [
        ("CURITIBA, 8 OUT (Agência) – O prefeito disse", "CURITIBA", date(2024, 10, 8)),
        ("HAMBURG, 3. März (dpa) – Der Stadtrat hat", "HAMBURG", date(2024, 3, 3)),
        ("MONTEVIDEO, 8 de mayo (EFE) - El gobierno dijo", "MONTEVIDEO", date(2024, 5, 8)),
        ("Amaravati, April 9 (PTI) The state government", "Amaravati", date(2024, 4, 9)),
    ],
)
def test_datelines_with_a_day_in_any_language(paragraph: str, place: str, day: date) -> None:
    dateline = read_dateline(paragraph)
    assert dateline is not None and dateline["place"] == place
    assert dateline_day(dateline["text"] or "", date(2024, day.month, 1)) == day


@pytest.mark.parametrize(
    ("line", "note"),
    [
        (
            "You have 4 free articles left this month. Subscribe now for unlimited access.",
            "paywall counter",
        ),
        ("You have 1 free story remaining.", "paywall counter"),
        ("Subscribe today for unlimited access.", "paywall counter"),
        ("Il vous reste 2 articles gratuits ce mois-ci.", "paywall counter"),
        ("Sie haben noch 3 kostenlose Artikel in diesem Monat.", "paywall counter"),
        ("12 Articles", "article counter"),
        ("You have 5 days left to apply for the grant.", None),
        ("12 articles of the treaty were amended in May.", None),
    ],
)
def test_paywall_counters_are_boilerplate(line: str, note: str | None) -> None:
    assert boilerplate_note(line) == note
