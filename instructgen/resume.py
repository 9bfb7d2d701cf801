"""Append-only checkpoints of finished items, so a killed job continues where it stopped.

The log lives under results/.resume/ (outside any declared output). Its first line holds a
fingerprint of everything the items depend on (inputs, model, settings, shard); a log with
another fingerprint belongs to a different job and is discarded. Each later line is one
finished item. A job killed mid-write leaves at most one torn last line, which is cut off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from instructgen.io import write_json

LOG = logging.getLogger(__name__)
JOB_FILE = "job.json"


def fingerprint(*parts: Any) -> str:
    """A stable digest of JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResumeLog:
    """Finished items of one job: `done` maps item index -> value; `append` records more."""

    def __init__(self, path: str | os.PathLike, job_fingerprint: str) -> None:
        self.path = Path(path)
        self.fingerprint = job_fingerprint
        self.done: dict[int, Any] = {}
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        lines = data[:end].decode("utf-8").splitlines()
        if not lines or json.loads(lines[0]).get("fingerprint") != self.fingerprint:
            LOG.info("resume log %s is from another job; starting afresh", self.path)
            self.path.unlink()
            return
        if end < len(data):
            # A torn last line from a kill mid-write: drop it before appending after it.
            with open(self.path, "r+b") as handle:
                handle.truncate(end)
        for line in lines[1:]:
            record = json.loads(line)
            self.done[int(record["index"])] = record["value"]
        LOG.info("resuming: %d items already finished (%s)", len(self.done), self.path)

    def append(self, items: Iterable[tuple[int, Any]]) -> None:
        """Record finished items durably (flushed and fsynced before returning)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        with open(self.path, "a", encoding="utf-8") as handle:
            if new:
                handle.write(json.dumps({"fingerprint": self.fingerprint}) + "\n")
            for index, value in items:
                handle.write(json.dumps({"index": index, "value": value}, ensure_ascii=False))
                handle.write("\n")
                self.done[index] = value
            handle.flush()
            os.fsync(handle.fileno())

    def remove(self) -> None:
        """Called once the job's output is written: the checkpoint is no longer needed."""
        self.path.unlink(missing_ok=True)


def prepare_work_dir(work: Path, job_fingerprint: str) -> None:
    """Keep a resume folder only if it belongs to this job; otherwise start from an empty one.

    A job killed and rerun with other inputs or settings must not continue from checkpoints
    of the old ones.
    """
    job = work / JOB_FILE
    if work.exists():
        try:
            same = json.loads(job.read_text())["fingerprint"] == job_fingerprint
        except (OSError, ValueError, KeyError):
            same = False
        if same:
            return
        LOG.info("resume folder %s is from another job; starting afresh", work)
        shutil.rmtree(work)
    work.mkdir(parents=True)
    write_json(job, {"fingerprint": job_fingerprint})
