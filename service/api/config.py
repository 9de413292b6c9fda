"""Service configuration: environment variables only (12-factor), each with a safe default.

| variable                         | default         | meaning                                  |
| -------------------------------- | --------------- | ---------------------------------------- |
| NORMALISER_MAX_PAGE_BYTES        | 5242880 (5 MiB) | largest page (UTF-8 bytes of ``text``)   |
| NORMALISER_MAX_BATCH_ITEMS       | 1000            | most items in one JSON batch             |
| NORMALISER_MAX_NDJSON_LINE_BYTES | 2 x page limit  | longest NDJSON line (one JSON item)      |
| NORMALISER_MAX_BATCH_BYTES       | 64 MiB          | largest JSON batch body                  |
| NORMALISER_API_KEYS              | (empty)         | comma-separated keys: when set, /v1 needs |
|                                  |                 | ``Authorization: Bearer <key>``           |
| NORMALISER_WORK_BUDGET_SECONDS   | 20              | most seconds of work per request (a JSON  |
|                                  |                 | batch shares one budget; each NDJSON line |
|                                  |                 | has its own); past it: 422 too-costly     |
| NORMALISER_WORKER_MEMORY_BYTES   | 335544320       | memory one worker may promise to the      |
|                                  | (320 MiB)       | pages it holds at once; a page that would |
|                                  |                 | pass it: 503 over-capacity, Retry-After   |

A JSON ``/v1/normalise`` body may be up to twice the page limit, because JSON escaping
(``\\n``, ``\\"``, ``\\u00a0``) makes the envelope larger than the page it carries.

>>> settings_from_env({"NORMALISER_MAX_BATCH_ITEMS": "10"}).max_batch_items
10
>>> settings_from_env({}).max_page_bytes
5242880
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass

MIB = 1024 * 1024
DEFAULT_MAX_PAGE_BYTES = 5 * MIB
DEFAULT_MAX_BATCH_ITEMS = 1000
DEFAULT_MAX_BATCH_BYTES = 64 * MIB
DEFAULT_WORK_BUDGET_SECONDS = 20.0
DEFAULT_WORKER_MEMORY_BYTES = 320 * MIB


@dataclass(frozen=True, slots=True)
class Settings:
    """The knobs the service reads at start-up; the Flask config carries them as ``NORMALISER``."""

    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_batch_items: int = DEFAULT_MAX_BATCH_ITEMS
    max_ndjson_line_bytes: int = 2 * DEFAULT_MAX_PAGE_BYTES
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES
    api_keys: tuple[str, ...] = ()
    work_budget_seconds: float = DEFAULT_WORK_BUDGET_SECONDS
    worker_memory_bytes: int = DEFAULT_WORKER_MEMORY_BYTES

    @property
    def max_json_body_bytes(self) -> int:
        """Cap on a JSON ``/v1/normalise`` body: the page plus room for JSON escaping."""
        return 2 * self.max_page_bytes

    def as_dict(self) -> dict[str, object]:
        """Plain dict for logs and diagnostics (API keys are never shown)."""
        shown = asdict(self)
        shown["api_keys"] = len(self.api_keys)
        return shown


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a positive integer, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {raw!r}")
    return value


def _positive_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a positive number of seconds, got {raw!r}") from exc
    if not 0 < value < 86400:
        raise ValueError(f"{name} must be a positive number of seconds, got {raw!r}")
    return value


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Read :class:`Settings` from ``env`` (``os.environ`` by default); bad values fail loudly."""
    env = os.environ if env is None else env
    page = _positive_int(env, "NORMALISER_MAX_PAGE_BYTES", DEFAULT_MAX_PAGE_BYTES)
    keys = tuple(k.strip() for k in env.get("NORMALISER_API_KEYS", "").split(",") if k.strip())
    return Settings(
        max_page_bytes=page,
        max_batch_items=_positive_int(env, "NORMALISER_MAX_BATCH_ITEMS", DEFAULT_MAX_BATCH_ITEMS),
        max_ndjson_line_bytes=_positive_int(env, "NORMALISER_MAX_NDJSON_LINE_BYTES", 2 * page),
        max_batch_bytes=_positive_int(env, "NORMALISER_MAX_BATCH_BYTES", DEFAULT_MAX_BATCH_BYTES),
        api_keys=keys,
        work_budget_seconds=_positive_seconds(
            env, "NORMALISER_WORK_BUDGET_SECONDS", DEFAULT_WORK_BUDGET_SECONDS
        ),
        worker_memory_bytes=_positive_int(
            env, "NORMALISER_WORKER_MEMORY_BYTES", DEFAULT_WORKER_MEMORY_BYTES
        ),
    )
