"""Per-rule logging: what a job read, what it wrote and how long it took.

Scripts call `rule_logging(snakemake)`; everything goes to the rule's `log:` file, and tqdm
progress bars (with ETA) are written there too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

LOG = logging.getLogger("instructgen")


def _paths(files: Any) -> list[str]:
    if files is None:
        return []
    if isinstance(files, (str, os.PathLike)):
        return [str(files)]
    return [str(f) for f in files]


def describe(path: str) -> str:
    """A short description of a file or folder for the log: size and, for text, line count."""
    p = Path(path)
    if p.is_dir():
        files = [f for f in p.rglob("*") if f.is_file()]
        return f"{path}/ ({len(files)} files, {sum(f.stat().st_size for f in files)} bytes)"
    if not p.exists():
        return f"{path} (missing)"
    size = p.stat().st_size
    if p.suffix in {".jsonl", ".txt", ".csv", ".md", ".tsv"} and size < 200 * 1024 * 1024:
        with open(p, "rb") as handle:
            lines = sum(1 for _ in handle)
        return f"{path} ({lines} lines, {size} bytes)"
    return f"{path} ({size} bytes)"


@contextlib.contextmanager
def job_logging(
    log_path: str | None, inputs: Iterable[str] = (), outputs: Iterable[str] = ()
) -> Iterator[logging.Logger]:
    """Send logging and stderr (tqdm) to the log file and record inputs, outputs and time."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    stream = None
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        stream = open(log_path, "w", encoding="utf-8", buffering=1)
        handlers = [logging.StreamHandler(stream)]
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    old_stderr, old_stdout = sys.stderr, sys.stdout
    if stream is not None:
        # Libraries print progress to both streams (tqdm to stderr, Trainer's log dicts to
        # stdout): all of it belongs in the rule's log.
        sys.stderr = sys.stdout = stream
    start = time.perf_counter()
    try:
        for path in inputs:
            LOG.info("read %s", describe(path))
        yield LOG
        for path in outputs:
            LOG.info("wrote %s", describe(path))
        LOG.info("done in %.1f s", time.perf_counter() - start)
    except BaseException:
        LOG.exception("failed after %.1f s", time.perf_counter() - start)
        raise
    finally:
        sys.stderr, sys.stdout = old_stderr, old_stdout
        if stream is not None:
            logging.getLogger().handlers.clear()
            stream.close()


@contextlib.contextmanager
def rule_logging(smk: Any) -> Iterator[logging.Logger]:
    """`job_logging` for a Snakemake script object (its input, output and log)."""
    log = _paths(smk.log)
    with job_logging(
        log[0] if log else None, inputs=_paths(smk.input), outputs=_paths(smk.output)
    ) as logger:
        yield logger


def progress(iterable: Iterable[Any] | None = None, **kwargs: Any):
    """tqdm that writes to the current stderr (the rule log) with an ETA, a line per update."""
    from tqdm.auto import tqdm

    kwargs.setdefault("file", sys.stderr)
    kwargs.setdefault("mininterval", 5.0)
    kwargs.setdefault("ascii", True)
    kwargs.setdefault("dynamic_ncols", False)
    return tqdm(iterable, **kwargs)
