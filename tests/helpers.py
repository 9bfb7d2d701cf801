"""Process helpers for crash tests: run a Python snippet, SIGKILL it when a condition holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from instructgen import environment

REPO = Path(__file__).resolve().parent.parent
FIXED = environment.fixed(REPO)


def python(code: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=FIXED["PYTHONHASHSEED"])
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
    """A copy of the files git tracks (plus uncommitted edits to them): a clean checkout, with
    the checkout's WordNet (``make nltk-data``, ignored by git) linked in where it is installed."""
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
    nltk_data = environment.nltk_data(REPO)
    if nltk_data.is_dir():
        link = environment.nltk_data(dest)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(nltk_data, target_is_directory=True)
    return dest


def make_environment(workdir: Path) -> dict[str, str]:
    """What `make` gives the Snakemake it starts in ``workdir`` (instructgen.environment), offline."""
    return dict(
        os.environ,
        **environment.job_environment(workdir, {}),
        PYTHONPATH=str(workdir),
    )


def snakemake(
    workdir: Path, *args: str, timeout: float = 3600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m snakemake --cores 2 <args>` in ``workdir``, with the Makefile's environment
    unless ``env`` is given."""
    env = make_environment(workdir) if env is None else env
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def planned_jobs(workdir: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, int]:
    """Rule -> job count that `snakemake -n` plans (empty when there is nothing to do)."""
    result = snakemake(workdir, "-n", *args, env=env)
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
