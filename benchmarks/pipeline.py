"""Wall time of the whole default pipeline, of a no-op rerun, and of planning the paper DAG.

Runs in a temporary copy of the tracked files (so the developer's results/ stay untouched),
from the warm venv this script runs in. The no-op rerun is measured against the full run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, machine, write_json

from tests.helpers import copy_tracked


def snakemake(workdir: Path, *args: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(workdir), HF_HUB_OFFLINE="1", PYTHONHASHSEED="0")
    env.setdefault("NLTK_DATA", str(REPO / "resources/nltk_data"))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--profile", "profiles/local", *args],
        cwd=workdir,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench_pipeline_"))
    try:
        copy_tracked(workdir)
        full = snakemake(workdir)
        noop = snakemake(workdir)
        paper = snakemake(workdir, "-n", "--configfile", "configs/paper.yaml")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"machine: {machine()}")
    print(f"whole default pipeline: {full:.0f} s")
    print(f"no-op rerun: {noop:.1f} s")
    print(f"paper config dry run: {paper:.1f} s")
    write_json(
        args.json,
        {"benchmark": "pipeline", "full_s": full, "noop_s": noop, "paper_dry_run_s": paper},
    )
    print(
        f"pipeline: whole default run {full:.0f} s, no-op rerun {noop:.1f} s "
        f"({full / noop:.0f}x less), paper dry run {paper:.1f} s"
    )


if __name__ == "__main__":
    main()
