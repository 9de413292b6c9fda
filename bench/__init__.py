"""The benchmark suite: core per page, resolver vs dateparser, scaling, HTTP and memory.

Run everything and regenerate ``bench/results/`` with one command from the repository root::

    .venv/bin/python -m bench            # all five sections, about five minutes
    .venv/bin/python -m bench --quick    # tiny sizes into a temporary directory (CI smoke run)

Benchmarks are measurements, not tests: nothing here asserts a timing. The smoke test
(``tests/test_bench_smoke.py``) only checks that the suite still runs and writes sane output.

>>> from bench.stats import percentile
>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""
