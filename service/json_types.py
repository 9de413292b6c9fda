"""How a JSON value's type is named in error messages, shared by the API and the CLI.

Neither Flask nor the core: the CLI imports it without pulling in the web layer.
"""

from __future__ import annotations

_NAMES: dict[type, str] = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


def json_type(value: object) -> str:
    """The JSON name of ``value``'s type, with its article.

    >>> json_type([]), json_type("x"), json_type(True), json_type(None), json_type(3.5)
    ('an array', 'a string', 'a boolean', 'null', 'a number')
    """
    for kind, name in _NAMES.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__
