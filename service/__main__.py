"""``python -m service``: the command line of :mod:`service.cli`.

Example: ``python -m service --reference-time 2025-03-24T12:00:00Z page.txt``.
"""

from service.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
