"""Coverage and median interval widths of dates and ages written by real formatters.

    .venv/bin/python scripts/date_coverage.py

Each text (Babel's ``format_timedelta``/``format_date``/``format_datetime`` in every supported
locale, moment.js, timeago.js and ``Intl.RelativeTimeFormat`` helpers from
``tests/formatters/js_ages.json``) is put under a headline and normalised; "covered" counts the
texts read whose ``published`` interval holds the instant the formatter was given.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import world_formatters as formatters  # noqa: E402


def human(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def main() -> None:
    readings = [
        *formatters.babel_ages(),
        *formatters.js_ages(),
        *formatters.babel_dates(),
        *formatters.babel_dates(with_zone=False),
        *formatters.era_dates(),
    ]
    rows = formatters.summary(readings)
    print(
        f"{'formatter':<22} {'locale group':<32} {'texts':>6} {'read':>6} {'covered':>8} "
        f"{'median width':>13}"
    )
    for (formatter, group), (texts, read, covered, width) in rows.items():
        share = f"{100 * covered / read:.0f}%" if read else "-"
        print(f"{formatter:<22} {group:<32} {texts:>6} {read:>6} {share:>8} {human(width):>13}")
    total_read = sum(r.parsed for r in readings)
    total_covered = sum(r.covered for r in readings)
    locales = formatters.locales_read([r for r in readings if r.formatter.startswith("babel")])
    print(
        f"\nall: {len(readings)} texts, {total_read} read, {total_covered} covered "
        f"({100 * total_covered / total_read:.2f}% of those read); "
        f"{len(locales)} locales with every Babel text read and covered"
    )


if __name__ == "__main__":
    main()
