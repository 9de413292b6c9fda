"""A resolved time: the instant a page most plausibly means and the closed interval
``[earliest, latest]`` that holds the true instant under every formatter the page may have used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo  # noqa: F401  (doctest)


# Not ``frozen``: a frozen dataclass's ``__init__`` sets each field through
# ``object.__setattr__``, a third of an age's whole resolution time; a stamp is never changed
# after it is made (``dataclasses.replace`` makes a new one), and it hashes by its fields.
@dataclass(slots=True, unsafe_hash=True)
class Stamp:
    """A resolved time: ``value`` inside the closed interval ``[earliest, latest]``.

    ``local`` marks a clock time the page wrote without a zone, read in the request's zone:
    where the client sent none, the pipeline settles its zone from the page's evidence.
    """

    text: str
    kind: str
    value: datetime
    earliest: datetime
    latest: datetime
    precision: str
    local: bool = field(default=False, compare=False)
    _fields: dict[str, str] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def as_dict(self) -> dict[str, str]:
        """The contract's timestamp object, formatted on first use and kept: a history list
        repeats the same (cached) stamps, and a caller that needs only the instants never
        pays for the formatting.

        >>> t = datetime(2025, 1, 21, tzinfo=UTC)
        >>> Stamp("2025-01-21", "absolute", t, t, t, "day").as_dict()["value"]
        '2025-01-21T00:00:00Z'
        """
        fields = self._fields
        if fields is None:
            fields = {
                "text": self.text,
                "kind": self.kind,
                "value": format_instant(self.value),
                "earliest": format_instant(self.earliest),
                "latest": format_instant(self.latest),
                "precision": self.precision,
            }
            object.__setattr__(self, "_fields", fields)
        return dict(fields)


_RFC3339_UTC = "%04d-%02d-%02dT%02d:%02d:%02dZ"


def format_instant(instant: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, in whole seconds (a fraction is dropped).

    >>> format_instant(datetime(2025, 3, 24, 17, 30, tzinfo=ZoneInfo("Asia/Kolkata")))
    '2025-03-24T12:00:00Z'
    >>> format_instant(datetime(1, 1, 1, 0, 0, 0, 999, tzinfo=UTC))
    '0001-01-01T00:00:00Z'
    """
    if instant.tzinfo is not UTC:
        instant = instant.astimezone(UTC)
    # %-formatting of the fields: a third of isoformat's cost here (it asks the tzinfo for its
    # offset), pads the year to four digits (strftime's %Y does not below 1000) and drops the
    # fraction of a second.
    return _RFC3339_UTC % (
        instant.year,
        instant.month,
        instant.day,
        instant.hour,
        instant.minute,
        instant.second,
    )
