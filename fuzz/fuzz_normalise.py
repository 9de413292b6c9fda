"""Coverage-guided fuzz target for the core, with atheris (libFuzzer).

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/fuzz_normalise.py -max_total_time=60 -rss_limit_mb=2048 [corpus_dir]

Every input becomes a page (any Unicode text, no surrogates) plus options picked by the fuzzer
(a reference time, a time zone, a URL). The core must never raise for any text (only
``InvalidOptionError`` for a bad option), must return exactly the contract's keys, JSON-ready
(orjson can write it), and the same bytes for the same input. Any violation is a crash, and
libFuzzer writes the input that caused it to ``crash-*``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["service.normalise"]):
    from service.normalise import InvalidOptionError, normalise

import orjson

KEYS = [
    "format", "title", "source", "url", "published", "updated", "byline", "dateline", "body",
    "paragraphs", "history", "removed", "warnings", "stats", "fingerprint", "reference_time",
]  # fmt: skip
REFERENCE_TIMES = [
    None,
    "2025-03-24T12:00:00Z",
    "2025-03-24T12:00:00+05:30",
    "1970-01-01T00:00:00Z",
]
TIME_ZONES = ["UTC", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe", "Mars/Olympus"]


def check(data: bytes) -> None:
    """One fuzz input: options from the first bytes, the page from the rest."""
    provider = atheris.FuzzedDataProvider(data)
    reference_time = REFERENCE_TIMES[provider.ConsumeIntInRange(0, len(REFERENCE_TIMES) - 1)]
    timezone = TIME_ZONES[provider.ConsumeIntInRange(0, len(TIME_ZONES) - 1)]
    url = provider.ConsumeUnicodeNoSurrogates(8) if provider.ConsumeBool() else None
    text = provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes())
    reference_time = reference_time or "2025-03-24T12:00:00Z"  # keep runs deterministic
    try:
        article = normalise(text, reference_time=reference_time, timezone=timezone, url=url)
    except InvalidOptionError:
        if timezone == "Mars/Olympus":
            return
        raise
    if timezone == "Mars/Olympus":
        raise AssertionError("an unknown time zone was accepted")
    if list(article) != KEYS:
        raise AssertionError(f"keys differ from the contract: {list(article)}")
    first = orjson.dumps(article)
    again = orjson.dumps(normalise(text, reference_time=reference_time, timezone=timezone, url=url))
    if first != again:
        raise AssertionError("the same input gave different bytes")
    fingerprint = article["fingerprint"]
    if len(fingerprint) != 16 or fingerprint.strip("0123456789abcdef"):
        raise AssertionError(f"bad fingerprint {fingerprint!r}")


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
