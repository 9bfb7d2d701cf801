"""``python -m tools.shipped_data OUT_DIR``: write the shipped data under ``OUT_DIR``."""

from __future__ import annotations

import sys

from tools.shipped_data import main


def cli(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tools.shipped_data OUT_DIR", file=sys.stderr)
        return 2
    counts = main(args[0])
    for path, n in counts.items():
        print(f"{n:6d}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
