"""X-Request-ID: the client's id when it is sane, else a new one.

The client's id is kept when it is sane (up to 128 of ``A-Za-z0-9._-``), so that a job can
follow its own ids through our logs; anything else is replaced by a new id of 32 lowercase hex
digits, as random as a uuid4's hex (16 bytes from the operating system's random source, which
costs a fraction of building a ``uuid.UUID``). The hooks that set it on every response are in
``service.api.hooks``.

>>> choose_request_id("job-42.page-7"), len(choose_request_id("bad id!"))
('job-42.page-7', 32)
"""

from __future__ import annotations

import os
import re

REQUEST_ID_PATTERN = r"^[A-Za-z0-9._-]{1,128}$"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
#: Where the request's id is kept in the WSGI environ (the access log reads the header).
ENVIRON_KEY = "normaliser.request_id"


def new_request_id() -> str:
    """A new id: 32 lowercase hex digits (128 random bits).

    >>> first, second = new_request_id(), new_request_id()
    >>> len(first), first == first.lower(), first != second
    (32, True, True)
    """
    return os.urandom(16).hex()


def choose_request_id(given: str | None) -> str:
    """The client's id when sane, otherwise a new one."""
    if given is not None and _REQUEST_ID.fullmatch(given):
        return given
    return new_request_id()
