"""Process helpers for crash tests: run a Python snippet, SIGKILL it when a condition holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def python(code: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED="0")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def copy_tracked(dest: Path) -> Path:
    """A copy of the files git tracks (plus uncommitted edits to them): a clean checkout."""
    import shutil

    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        source = REPO / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def snakemake(workdir: Path, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(workdir), PYTHONHASHSEED="0", HF_HUB_OFFLINE="1")
    env.setdefault("NLTK_DATA", str(REPO / "resources/nltk_data"))
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def planned_jobs(workdir: Path, *args: str) -> dict[str, int]:
    """Rule -> job count that `snakemake -n` plans (empty when there is nothing to do)."""
    result = snakemake(workdir, "-n", *args)
    if result.returncode != 0:
        raise AssertionError(f"snakemake -n failed:\n{result.stderr[-3000:]}")
    jobs: dict[str, int] = {}
    lines = result.stdout.splitlines()
    if "Job stats:" not in lines:
        return jobs
    for line in lines[lines.index("Job stats:") + 3 :]:
        parts = line.split()
        if len(parts) != 2 or parts[0] == "total":
            break
        jobs[parts[0]] = int(parts[1])
    return jobs
