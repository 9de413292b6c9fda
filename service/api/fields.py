"""Custom marshmallow fields for the request options, and the ``Alternatives`` field for specs.

>>> ReferenceTime().deserialize("2025-03-24T17:30:00+05:30").isoformat()
'2025-03-24T12:00:00+00:00'
>>> TimeZoneName().deserialize("Asia/Kolkata")
'Asia/Kolkata'
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields

# RFC 3339 date-time with a mandatory offset; years 1900-2999 keep every age arithmetic in range.
_DATE = r"(19|2\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?"
_OFFSET = r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
RFC3339_PATTERN = f"^{_DATE}[Tt]{_TIME}{_OFFSET}$"
_RFC3339 = re.compile(RFC3339_PATTERN)
_NAIVE = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?")

TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"


#: Files a system's zoneinfo directory holds that are not IANA zone names: ``localtime`` is the
#: server's own zone (a request's meaning must not depend on the host), ``posixrules`` a default.
NOT_ZONE_NAMES = frozenset({"localtime", "posixrules"})


@cache
def known_time_zones() -> frozenset[str]:
    """IANA names this server's time-zone database knows (system tzdata or the tzdata package).

    >>> "Asia/Kolkata" in known_time_zones(), "localtime" in known_time_zones()
    (True, False)
    """
    names = zoneinfo.available_timezones() - NOT_ZONE_NAMES
    return frozenset(name for name in names if not name.startswith(("posix/", "right/"))) | {"UTC"}


def parse_reference_time(value: str) -> datetime:
    """Parse an RFC 3339 date-time that carries an offset; the result is in UTC.

    >>> parse_reference_time("2025-03-24T12:00:00Z")
    datetime.datetime(2025, 3, 24, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_reference_time("2025-03-24T12:00:00")
    Traceback (most recent call last):
    ValueError: has no UTC offset: end it with Z or +hh:mm, e.g. 2025-03-24T12:00:00Z
    """
    if not _RFC3339.fullmatch(value):
        if _NAIVE.fullmatch(value):
            raise ValueError(
                "has no UTC offset: end it with Z or +hh:mm, e.g. 2025-03-24T12:00:00Z"
            )
        raise ValueError(
            "is not an RFC 3339 date-time with an offset between the years 1900 and 2999, "
            "e.g. 2025-03-24T12:00:00Z"
        )
    try:
        parsed = datetime.fromisoformat(value.upper())
    except ValueError as exc:  # a day that does not exist, e.g. 2025-02-30
        raise ValueError(f"is not a real date-time ({exc})") from exc
    return parsed.astimezone(UTC)


class ReferenceTime(fields.String):
    """RFC 3339 date-time with an offset (``Z`` or ``±hh:mm``), loaded as an aware UTC datetime."""

    default_error_messages = {"invalid": "Must be a string: an RFC 3339 date-time with an offset."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return parse_reference_time(value)
        except ValueError as exc:
            raise ValidationError(f"{value[:80]!r} {exc}") from exc

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat().replace("+00:00", "Z")
        return super()._serialize(value, attr, obj, **kwargs)


class TimeZoneName(fields.String):
    """An IANA time-zone name known to this server, e.g. ``UTC`` or ``Asia/Kolkata``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        name = super()._deserialize(value, attr, data, **kwargs)
        if name not in known_time_zones():
            raise ValidationError(
                f"unknown time zone {name[:80]!r}: use an IANA name such as Europe/London"
            )
        return name


class Alternatives(fields.Field):
    """Documents ``oneOf``/``anyOf`` of schemas in the spec; loads and dumps values unchanged.

    ``extra`` adds raw JSON Schema alternatives (``{}`` = anything else).
    """

    def __init__(
        self,
        schemas: Sequence[type[Schema]],
        *,
        keyword: str = "oneOf",
        extra: Sequence[dict[str, Any]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.schemas = tuple(schemas)
        self.keyword = keyword
        self.extra = tuple(extra)


def alternatives2properties(self: Any, field: fields.Field, **kwargs: Any) -> dict[str, Any]:
    """apispec attribute function: ``Alternatives`` -> ``{"oneOf": [$ref, …]}``."""
    if not isinstance(field, Alternatives):
        return {}
    refs = [self.resolve_nested_schema(schema) for schema in field.schemas]
    return {field.keyword: [*refs, *field.extra]}
