"""Resuming a batch: the pages already in the output are skipped.

>>> result_key({"id": "a", "status": 200, "article": {}})
'a'
>>> result_key({"id": None, "status": 422, "error": {"line": 7}})
'line-7'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from service.cli.results import UsageError, id_key


def result_key(result: dict[str, Any]) -> str:
    """The key of the page a result line answers: its id, or ``line-N`` for an item without
    one (see ``Page.key``)."""
    if result["id"] is None or result["id"] == "":
        return f"line-{result['error']['line']}"
    return id_key(result["id"])


def completed_ids(output: Path) -> set[str]:
    """Ids already written to ``output``, after cutting a half-written last line off it.

    A run killed mid-write leaves a last line without its newline: that line is dropped, so its
    page is done again. A complete line that is not a result means the file is not ours.
    """
    if not output.exists():
        return set()
    done: set[str] = set()
    good_end = 0
    with output.open("rb") as stream:
        for lineno, raw in enumerate(stream, start=1):
            if not raw.endswith(b"\n"):
                break
            if raw.strip():
                try:
                    done.add(result_key(orjson.loads(raw)))
                except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                    msg = f"{output}:{lineno} is not a result line ({exc}); not resuming into it"
                    raise UsageError(msg) from None
            good_end += len(raw)
    if output.stat().st_size > good_end:
        with output.open("rb+") as stream:
            stream.truncate(good_end)
    return done
