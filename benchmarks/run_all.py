"""Run every benchmark and write their figures to one Markdown file (`make bench`)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, machine

BENCHMARKS = [
    ("novelty", ["novelty.py"]),
    ("perplexity", ["perplexity.py"]),
    ("generation", ["generation.py"]),
    ("pipeline", ["pipeline.py"]),
    ("corpus memory", ["corpus_memory.py"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="results/benchmarks.md")
    parser.add_argument("--only", nargs="*", help="names of benchmarks to run")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in BENCHMARKS:
            if args.only and name not in args.only:
                continue
            json_path = Path(tmp) / f"{name}.json"
            result = subprocess.run(
                [sys.executable, str(here / command[0]), *command[1:], "--json", str(json_path)],
                cwd=here,
                capture_output=True,
                text=True,
            )
            lines = [line for line in result.stdout.splitlines() if line.strip()]
            if result.returncode != 0:
                raise SystemExit(f"benchmark {name} failed:\n{result.stderr[-2000:]}")
            print(lines[-1], flush=True)
            details = json.loads(json_path.read_text()) if json_path.exists() else {}
            rows.append((name, lines[-1], details))
    out = REPO / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    text = ["# Benchmarks", "", f"Machine: {machine()}", "", "| benchmark | result |", "|---|---|"]
    text += [f"| {name} | {line} |" for name, line, _ in rows]
    text += ["", "## Details", ""]
    for name, _, details in rows:
        text += [f"### {name}", "", "```json", json.dumps(details, indent=2), "```", ""]
    out.write_text("\n".join(text))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
