"""Write the service's OpenAPI document to the top-level ``openapi.yaml``.

    .venv/bin/python scripts/export_openapi.py           # regenerate openapi.yaml
    .venv/bin/python scripts/export_openapi.py --check   # exit 1 when it has drifted

The document is built with the default limits (NORMALISER_* variables are ignored), so the
committed file does not depend on the environment it was exported from.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generated_yaml() -> bytes:
    """The YAML the app serves at /openapi.yaml, with default settings."""
    for name in [k for k in os.environ if k.startswith("NORMALISER_")]:
        del os.environ[name]
    from service.api import create_app

    return create_app().extensions["normaliser"]["spec_yaml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    parser.add_argument("--output", type=Path, default=ROOT / "openapi.yaml")
    args = parser.parse_args(argv)
    text = generated_yaml()
    current = args.output.read_bytes() if args.output.exists() else b""
    if args.check:
        if current != text:
            print(f"{args.output} is out of date: run scripts/export_openapi.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_bytes(text)
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
