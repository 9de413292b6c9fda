"""Section 2, relative-time resolution: our resolver against dateparser, on Django's strings.

Random (true instant ``d``, reference ``now``) pairs are written as ages by Django's real
``timesince`` (``"4\\xa0days, 10\\xa0hours"`` + ``" ago"``, as the aggregator pages show
them). Each string is then read back by

* ours: ``parse_age`` + ``resolve_age(two_unit_formatter=True)`` -> value and interval;
* dateparser: ``dateparser.parse(s, settings={"RELATIVE_BASE": naive now})`` -> a point.

and scored against ``d``: interval coverage (ours), point error (both), failures, speed.

The same is done for ages in other languages, written by Babel's ``format_timedelta`` (CLDR's
patterns; it rounds) in ``WORLD_LANGUAGES`` and read by ours (``two_unit_formatter=False``)
and by dateparser told the language (``languages=[...]``).

>>> pairs = make_pairs(3, seed=7)
>>> len(pairs), all(d <= now for d, now in pairs)
(3, True)
"""

from __future__ import annotations

import math
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from bench.report import SectionResult
from bench.stats import human_interval, human_seconds, percentile
from service.normalise.timeref import parse_age, resolve_age

_FIRST_NOW = datetime(2016, 1, 1, tzinfo=UTC)
_NOW_SPAN_SECONDS = int((datetime(2026, 12, 31, tzinfo=UTC) - _FIRST_NOW).total_seconds())
_LONGEST_AGE = 6 * 365 * 86400
TARGET_SPEEDUP = 100.0
TARGET_WORLD_SPEEDUP = 50.0
#: Babel locale -> dateparser language for the non-English ages.
WORLD_LANGUAGES = {
    "de": "de",
    "es": "es",
    "fr": "fr",
    "pt": "pt",
    "it": "it",
    "ru": "ru",
    "tr": "tr",
    "hi": "hi",
    "id": "id",
    "ja": "ja",
    "zh": "zh",
    "ar": "ar",
}


def make_pairs(count: int, seed: int = 20250324) -> list[tuple[datetime, datetime]]:
    """``count`` (d, now) pairs in whole seconds; ages log-uniform from 10 s to 6 years."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        now = _FIRST_NOW + timedelta(seconds=rng.randrange(_NOW_SPAN_SECONDS))
        age = int(math.exp(rng.uniform(math.log(10), math.log(_LONGEST_AGE))))
        pairs.append((now - timedelta(seconds=age), now))
    return pairs


def django_strings(pairs: list[tuple[datetime, datetime]]) -> list[str]:
    """The pages' text for each pair: Django's ``timesince(d, now)`` followed by ``" ago"``."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False, USE_TZ=True)
    from django.utils.timesince import timesince

    return [timesince(d, now) + " ago" for d, now in pairs]


def _ours(text: str, now: datetime):
    age = parse_age(text)
    return None if age is None else resolve_age(age, now, UTC, two_unit_formatter=True)


def world_strings(pairs: list[tuple[datetime, datetime]]) -> list[tuple[str, str]]:
    """(language, text) for each pair: Babel's ``format_timedelta`` in the languages of
    ``WORLD_LANGUAGES`` in turn (``vor 3 Stunden``, ``hace 2 días``, ``3 時間前``)."""
    from babel.dates import format_timedelta

    locales = list(WORLD_LANGUAGES)
    return [
        (
            locales[i % len(locales)],
            format_timedelta(d - now, add_direction=True, locale=locales[i % len(locales)]),
        )
        for i, (d, now) in enumerate(pairs)
    ]


def _ours_world(text: str, now: datetime):
    age = parse_age(text)
    return None if age is None else resolve_age(age, now, UTC)


def _clear_caches() -> None:
    """Forget every resolved age, so that a timed pass does all its work itself."""
    parse_age.cache_clear()
    resolve_age.cache_clear()


def _per_string(call, items, repeats: int, before_pass=None) -> float:
    """Median over ``repeats`` passes of the mean seconds per item."""
    passes = []
    for _ in range(repeats):
        if before_pass is not None:
            before_pass()
        start = time.thread_time_ns()
        for item in items:
            call(*item)
        passes.append((time.thread_time_ns() - start) / 1e9 / len(items))
    return statistics.median(passes)


def _errors_row(errors: list[float]) -> str:
    if not errors:
        return "no results"
    return (
        f"median {human_interval(statistics.median(errors))}, "
        f"p90 {human_interval(percentile(errors, 90))}, max {human_interval(max(errors))}"
    )


def run(count: int = 2000, repeats: int = 5, dateparser_count: int | None = None) -> SectionResult:
    """Score and time both resolvers on ``count`` Django-written ages.

    ``dateparser_count`` limits how many strings dateparser reads (it is slow); by default
    it reads them all.
    """
    result = SectionResult("resolver", "Relative-time resolution")
    pairs = make_pairs(count)
    strings = django_strings(pairs)
    items = [(s, now) for s, (_, now) in zip(strings, pairs, strict=True)]

    covered = failed = 0
    our_errors: list[float] = []
    widths: list[float] = []
    for text, (d, now) in zip(strings, pairs, strict=True):
        stamp = _ours(text, now)
        if stamp is None:
            failed += 1
            continue
        covered += stamp.earliest <= d <= stamp.latest
        our_errors.append(abs((stamp.value - d).total_seconds()))
        widths.append((stamp.latest - stamp.earliest).total_seconds())
    for item in items[:50]:  # warm the code paths, not the caches: each pass starts cold
        _ours(*item)
    ours_time = _per_string(_ours, items, repeats, before_pass=_clear_caches)
    coverage = 100 * covered / count

    result.add("age strings (Django timesince)", f"{count:,}")
    result.add("ours: time per string", human_seconds(ours_time))
    result.add("ours: interval covers true instant", f"{coverage:.2f} % ({covered}/{count})")
    result.add("ours: failures (None)", str(failed))
    result.add("ours: point error", _errors_row(our_errors))
    if widths:
        result.add("ours: interval width", f"median {human_interval(statistics.median(widths))}")
    result.data.update(
        count=count,
        ours_s=ours_time,
        coverage_pct=coverage,
        ours_failures=failed,
        ours_error_s=our_errors,
        ours_width_s=widths,
    )
    result.target("100% interval coverage", f"{coverage:.2f} %", covered == count)

    try:
        import dateparser
    except ImportError:
        result.notes.append(
            "dateparser is not installed (pip install -e '.[bench]'): no comparison measured."
        )
        result.target("resolver >= 100x faster than dateparser", "dateparser missing", None)
        return result

    sample = items if dateparser_count is None else items[:dateparser_count]
    truths = [d for d, _ in pairs][: len(sample)]

    def theirs(text: str, now: datetime):
        return dateparser.parse(text, settings={"RELATIVE_BASE": now.replace(tzinfo=None)})

    theirs(*sample[0])  # first call loads dateparser's language data: not per-string work
    # Side by side: each dateparser pass over a fifth of the strings is paired with a pass of
    # ours over all of them (cold caches) right before it, and the ratio is taken per pair, so
    # that a change in the machine's load between the two measurements cannot skew it.
    their_errors: list[float] = []
    their_failed = 0
    answers: list[datetime | None] = []
    ratios: list[float] = []
    their_passes: list[float] = []
    size = -(-len(sample) // repeats)
    for first in range(0, len(sample), size):
        chunk = sample[first : first + size]
        ours_pass = _per_string(_ours, items, 1, before_pass=_clear_caches)
        start = time.thread_time_ns()
        answers += [theirs(*item) for item in chunk]
        their_pass = (time.thread_time_ns() - start) / 1e9 / len(chunk)
        their_passes.append(their_pass)
        ratios.append(their_pass / ours_pass)
    their_time = statistics.median(their_passes)
    for answer, d in zip(answers, truths, strict=True):
        if answer is None:
            their_failed += 1
        else:
            their_errors.append(abs((answer - d.replace(tzinfo=None)).total_seconds()))
    speedup = statistics.median(ratios)
    result.add("dateparser: time per string", human_seconds(their_time))
    result.add("dateparser: failures (None)", f"{their_failed} of {len(sample):,}")
    result.add("dateparser: point error", _errors_row(their_errors))
    same = sum(
        1
        for answer, (text, now) in zip(answers, sample, strict=True)
        if answer is not None
        and (stamp := _ours(text, now)) is not None
        and stamp.value.replace(tzinfo=None) == answer
    )
    result.add("dateparser: same point value as ours", f"{same:,} of {len(sample):,}")
    result.add("speed ratio dateparser / ours", f"{speedup:,.0f}x")
    result.data.update(
        dateparser_s=their_time,
        dateparser_failures=their_failed,
        dateparser_error_s=their_errors,
        speedup=speedup,
    )
    result.target(
        "resolver >= 100x faster than dateparser", f"{speedup:,.0f}x", speedup >= TARGET_SPEEDUP
    )
    _run_world(result, pairs, repeats, dateparser_count)
    result.notes.append(
        f"Times are CPU time of the benchmark's thread (waits for a core held by other "
        f"processes left out), for both resolvers alike. "
        f"Ages log-uniform from 10 s to 6 years, reference times 2016-2026, seed fixed; ours "
        f"timed as the median of {repeats} passes over all strings; dateparser in {len(ratios)} "
        f"passes of {size:,} strings after one warm-up call, each right after a pass of ours; "
        f"the speed ratio is the median of the {len(ratios)} paired ratios "
        f"({', '.join(f'{r:.0f}x' for r in ratios)})."
    )
    return result


def _run_world(
    result: SectionResult,
    pairs: list[tuple[datetime, datetime]],
    repeats: int,
    dateparser_count: int | None,
) -> None:
    """Non-English ages (Babel, rounding): coverage, and speed against dateparser told the
    language, side by side as for Django's strings."""
    import dateparser

    texts = world_strings(pairs)
    items = [(text, now) for (_, text), (_, now) in zip(texts, pairs, strict=True)]
    covered = failed = 0
    widths: list[float] = []
    for (text, now), (d, _) in zip(items, pairs, strict=True):
        stamp = _ours_world(text, now)
        if stamp is None:
            failed += 1
            continue
        covered += stamp.earliest <= d <= stamp.latest
        widths.append((stamp.latest - stamp.earliest).total_seconds())
    read = len(items) - failed
    result.add(
        f"world ages (Babel, {len(WORLD_LANGUAGES)} languages)",
        f"{len(items):,}; ours read {read:,}, covered {covered:,}",
    )
    if widths:
        result.add(
            "world ages: our interval width", f"median {human_interval(statistics.median(widths))}"
        )
    sample = items if dateparser_count is None else items[:dateparser_count]
    languages = [WORLD_LANGUAGES[language] for language, _ in texts][: len(sample)]

    def theirs(text: str, now: datetime, language: str):
        return dateparser.parse(
            text, languages=[language], settings={"RELATIVE_BASE": now.replace(tzinfo=None)}
        )

    for language in set(languages):  # each language's data loads once: not per-string work
        theirs(*sample[languages.index(language)], language)
    ratios: list[float] = []
    their_passes: list[float] = []
    their_failed = 0
    size = -(-len(sample) // repeats)
    for first in range(0, len(sample), size):
        chunk = sample[first : first + size]
        chunk_languages = languages[first : first + size]
        ours_pass = _per_string(_ours_world, items, 1, before_pass=_clear_caches)
        start = time.thread_time_ns()
        answers = [theirs(t, n, lang) for (t, n), lang in zip(chunk, chunk_languages, strict=True)]
        their_pass = (time.thread_time_ns() - start) / 1e9 / len(chunk)
        their_failed += sum(answer is None for answer in answers)
        their_passes.append(their_pass)
        ratios.append(their_pass / ours_pass)
    speedup = statistics.median(ratios)
    result.add(
        "world ages: dateparser time per string", human_seconds(statistics.median(their_passes))
    )
    result.add("world ages: dateparser failures (None)", f"{their_failed} of {len(sample):,}")
    result.add("world ages: speed ratio dateparser / ours", f"{speedup:,.0f}x")
    result.data.update(
        world_count=len(items),
        world_covered=covered,
        world_read=read,
        world_speedup=speedup,
    )
    result.target(
        "every world age read and covered", f"{covered}/{len(items)}", covered == len(items)
    )
    result.target(
        "resolver >= 50x faster than dateparser on world ages",
        f"{speedup:,.0f}x",
        speedup >= TARGET_WORLD_SPEEDUP,
    )
