"""Whether this worker process has been told to stop (SIGTERM, a graceful shutdown).

The worker (``service.api.worker``) sets it on its signal; long answers look at it between
items, so that an NDJSON stream ends with a result line that names the first line not read
(the client sends the rest again elsewhere) instead of being cut off mid-line.

>>> stopping.is_set()
False
"""

from __future__ import annotations

import threading

stopping = threading.Event()
