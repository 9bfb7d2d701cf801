"""A crash of Snakemake itself (node reboot, SIGKILL of Snakemake and its jobs) leaves the
working directory locked: the same command then stops on the lock, `--unlock` removes it
safely, and the rerun finishes with the files an uninterrupted run writes."""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.helpers import copy_tracked

pytestmark = pytest.mark.slow

TARGET = "results/sft/dolly/model"
# Seconds of work per job: the point is the lock, not the models.
TINY = {
    "unsupervised_corpus": {"wikipedia_passages": 24, "c4_passages": 12},
    "tiny_models": {"causal_lm": {"steps": 20, "seq_len": 64}},
    "sft": {"recipes": {"paper1": {"max_steps": 4}}, "max_seq_len": 128},
}
COMMAND = [sys.executable, "-m", "snakemake", TARGET, "--profile", "profiles/local"]


def _env(workdir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(workdir), "PYTHONHASHSEED": "0", "HF_HUB_OFFLINE": "1"}


def _workdir(path: Path) -> Path:
    copy_tracked(path)
    (path / "tiny.yaml").write_text(yaml.safe_dump(TINY))
    return path


def _run(workdir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, "--configfile", "tiny.yaml", *extra],
        cwd=workdir,
        env=_env(workdir),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_kill_unlock_rerun_gives_the_same_files(tmp_path: Path) -> None:
    clean = _workdir(tmp_path / "clean")
    assert _run(clean).returncode == 0

    crashed = _workdir(tmp_path / "crashed")
    # Snakemake and every job it starts in one process group, killed at once like a reboot.
    proc = subprocess.Popen(
        [*COMMAND, "--configfile", "tiny.yaml"],
        cwd=crashed,
        env=_env(crashed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    training = crashed / "logs/sft/dolly.log"
    deadline = time.monotonic() + 600
    while not training.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert proc.poll() is None, "the run ended before its last job started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (crashed / TARGET).exists()

    locked = _run(crashed)
    assert locked.returncode != 0
    assert "cannot be locked" in locked.stderr and "--unlock" in locked.stderr
    assert _run(crashed, "--unlock").returncode == 0
    rerun = _run(crashed)
    assert rerun.returncode == 0, rerun.stderr[-3000:]

    files = _files(clean / "results")
    assert files == _files(crashed / "results") and "sft/dolly/model/model.safetensors" in files
    _, mismatch, errors = filecmp.cmpfiles(
        clean / "results", crashed / "results", files, shallow=False
    )
    assert not mismatch and not errors, mismatch
