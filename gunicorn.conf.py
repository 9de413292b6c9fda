"""gunicorn settings for the article normaliser: ``gunicorn -c gunicorn.conf.py service.wsgi:app``.

Everything comes from the environment (12-factor), with safe defaults:

| variable                 | default                  | meaning                                   |
| ------------------------ | ------------------------ | ----------------------------------------- |
| NORMALISER_BIND          | 0.0.0.0:$PORT            | listen address (wins over PORT)           |
| PORT                     | 8000                     | listen port                               |
| WEB_CONCURRENCY          | CPUs available           | worker processes                          |
| GUNICORN_THREADS         | 2                        | threads per worker (gthread)              |
| GUNICORN_TIMEOUT         | 60                       | seconds a worker may go silent            |
| GUNICORN_HEADER_TIMEOUT  | 5                        | seconds a request may take to send headers|
| PROMETHEUS_MULTIPROC_DIR | a new temporary dir      | where workers share their metrics         |
| NORMALISER_WORK_BUDGET_SECONDS | 20                 | most seconds of work per request; the    |
|                          |                          | graceful shutdown waits that plus 10 s   |
| NORMALISER_WORKER_MEMORY_BYTES | 320 MiB            | memory a worker promises to its pages    |

Bounded work: a request's work stops at NORMALISER_WORK_BUDGET_SECONDS (422 ``too-costly``;
gthread never kills a running request, so the core checks the deadline once per line), and a
worker refuses (503 ``over-capacity``) a page it lacks the memory for. Memory: a worker is
~55 MiB at rest, the master ~45 MiB; with 2 workers and the 320 MiB default a pod stays under
the 1 GiB limit of ``deploy/kubernetes`` (2 x (55 + 320 x 1.2 allocator slack) + 45 = 923
MiB). Raise WEB_CONCURRENCY only with the limit, or lower NORMALISER_WORKER_MEMORY_BYTES.

Workers are ``gthread``: the worker's main thread keeps beating while a long NDJSON stream is
served, so a stream of any length is never killed as a "silent" worker, and keep-alive
connections are served without a reconnect per request.

How many (issue 14): normalising is CPU-bound and a worker runs Python on one core at a time
(the GIL), so one worker per core does all the work there is; more workers or threads only add
switching between them. Measured side by side (16 connections, 2 cores), 4 workers x 4 threads
spent 12% more server CPU per ``POST /v1/normalise`` than 2 x 2 and answered fewer requests
with a worse p99. Two threads rather than one so that a long request (an NDJSON stream) never
holds all of a worker's kept-alive connections; when both are busy, the main thread still
answers the probes (``service.api.worker``).

Garbage collector: once the app is preloaded, the master moves everything alive into the
collector's permanent generation (``gc.freeze()`` in ``when_ready``), so that no worker's
collections walk the modules, tables and app again and again; and it collects the youngest
generation after 20,000 new objects (GC_THRESHOLDS) rather than Python's 700 (a request makes
thousands, nearly all freed by reference counting as it ends, so a collection every few
requests walked the live objects of the requests in flight for nothing: about 6% of the server
CPU per request, measured side by side).

Slow clients: a gthread worker gives a connection a thread once its first bytes arrive, and
that thread waits for the whole header block, so clients that trickle their headers
(slowloris) could hold every thread. ``service.api.worker.HeaderDeadlineWorker`` (gthread
plus a deadline) drops a request whose headers are not complete within
GUNICORN_HEADER_TIMEOUT seconds of its first byte; bodies are not limited in time. A client
can therefore hold a thread for at most that long per connection; a flood of slow clients
still needs a buffering reverse proxy or load balancer in front (nginx's
client_header_timeout / client_body_timeout), as gunicorn's own docs advise.
"""

import glob
import os
import tempfile


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _prometheus_dir() -> str:
    """A fresh directory for prometheus-client's multiprocess mode (stale files from an
    earlier run would add their counts to ours)."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        path = tempfile.mkdtemp(prefix="normaliser-prometheus-")
    os.makedirs(path, exist_ok=True)
    for stale in glob.glob(os.path.join(path, "*.db")):
        os.remove(stale)
    # Set before the app (and prometheus_client) is imported, in the master and every worker.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path


prometheus_dir = _prometheus_dir()

bind = os.environ.get("NORMALISER_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or _cpus())
# gthread with a deadline for a request's headers (GUNICORN_HEADER_TIMEOUT): see below.
worker_class = "service.api.worker.HeaderDeadlineWorker"
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
# A stopping worker finishes what it holds: the longest request (a single page or a JSON batch)
# ends within its work budget; an NDJSON stream ends after its current line with a result
# naming the first line it did not read (service/api/batch.py).
graceful_timeout = max(30, int(float(os.environ.get("NORMALISER_WORK_BUDGET_SECONDS") or 20)) + 10)
# The longest request line and header line gunicorn reads (its maximum; the default is 4094).
# Longer ones are answered 414 / 431 as problem+json by the worker (service/api/worker.py).
limit_request_line = 8190
limit_request_field_size = 8190
keepalive = 5
preload_app = True
# gunicorn >= 25.1 opens a control socket at one fixed path per user by default, which a
# second instance on the machine would fight over; nothing here uses it.
control_socket_disable = True
max_requests = 20000
max_requests_jitter = 2000

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "service.api.accesslog.JsonAccessLogger"


def child_exit(server, worker):  # noqa: ANN001 - gunicorn's hook signature
    """A worker died: tell prometheus-client so its live gauges stop counting, and fold its
    counters into one archive file so that restarted workers' files do not pile up."""
    from prometheus_client import multiprocess

    from service.api.promfiles import archive_dead_worker

    multiprocess.mark_process_dead(worker.pid)
    archive_dead_worker(prometheus_dir, worker.pid)


#: Objects allocated (net) before the youngest generation is collected; the older two are
#: collected after 20 collections of the one below (see the module docstring).
GC_THRESHOLDS = (20_000, 20, 20)


def when_ready(server):  # noqa: ANN001, ARG001 - gunicorn's hook signature
    """The app is loaded (``preload_app``): move everything alive now into the collector's
    permanent generation, so that no worker's collections walk the modules, tables and app
    again and again (and pages shared with the master after fork stay shared); workers, forked
    from here, collect at GC_THRESHOLDS."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
