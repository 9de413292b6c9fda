"""Folding a dead worker's prometheus files into one archive, so that they do not pile up.

In multiprocess mode each worker writes ``counter_<pid>.db`` and ``histogram_<pid>.db``; a
worker restarted every ``max_requests`` leaves its files behind, and ``/metrics`` reads every
one of them on each scrape (hundreds after a few days). When a worker exits, the master adds
its counts into ``counter_archive.db`` / ``histogram_archive.db`` (the collector sums counters
and histograms across files, so the totals are unchanged) and deletes its files.
"""

from __future__ import annotations

import os

from prometheus_client.mmap_dict import MmapedDict

SUMMED_TYPES = ("counter", "histogram")


def archive_dead_worker(directory: str, pid: int) -> int:
    """Add the dead worker ``pid``'s counter and histogram samples to the archive files and
    delete its files; returns how many samples were folded in.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> for pid, amount in ((11, 2.0), (12, 3.0)):
    ...     values = MmapedDict(os.path.join(folder, f"counter_{pid}.db"))
    ...     values.write_value("k", amount, 0.0)
    ...     values.close()
    >>> archive_dead_worker(folder, 11), archive_dead_worker(folder, 12)
    (1, 1)
    >>> sorted(os.listdir(folder))
    ['counter_archive.db']
    >>> [value for _, value, _, _ in MmapedDict.read_all_values_from_file(
    ...     os.path.join(folder, "counter_archive.db"))]
    [5.0]
    """
    folded = 0
    for kind in SUMMED_TYPES:
        dead = os.path.join(directory, f"{kind}_{pid}.db")
        if not os.path.exists(dead):
            continue
        samples = list(MmapedDict.read_all_values_from_file(dead))
        archive = MmapedDict(os.path.join(directory, f"{kind}_archive.db"))
        try:
            for key, value, timestamp, _ in samples:
                before, _ = archive.read_value(key)
                archive.write_value(key, before + value, timestamp)
                folded += 1
        finally:
            archive.close()
        os.remove(dead)
    return folded
