"""The environment every job of the workflow runs with, spelled once.

Three users read it from here:

- the workflow sets it in its own process while the Snakefile is parsed (``rules/common.smk``
  calls `apply`), so every job inherits it however Snakemake was started: local jobs are
  subprocesses of that process, and SLURM jobs get it through ``sbatch --export=ALL`` and again
  when the job's own Snakemake parses the Snakefile;
- the Makefile exports it to everything it runs (``python -I instructgen/environment.py``
  prints it as make assignments);
- ``tests/helpers.py`` starts Snakemake with it (`job_environment`).

Standard library only, and Python 3.7 syntax: the Makefile runs this file with the system Python,
before any virtual environment exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Where `make nltk-data` (tools/install_wordnet.py) puts WordNet, inside a checkout.
NLTK_DATA_DIR = "resources/nltk_data"


def nltk_data(root: str | Path = REPO) -> Path:
    """The checkout's NLTK data folder: WordNet for METEOR and the lemmas of the diversity
    analysis, and benepar's parser model (instructgen.wordnet reads it without NLTK_DATA)."""
    return Path(root).resolve() / NLTK_DATA_DIR


def fixed(root: str | Path = REPO) -> dict[str, str]:
    """Variables set whatever the caller's environment says (make's ``:=``)."""
    return {
        # NLTK's search path: benepar looks for its model there; WordNet is read from the same
        # folder by path (instructgen.wordnet), never from another WordNet on the search path.
        "NLTK_DATA": str(nltk_data(root)),
        # The same str hashes, hence set iteration orders, in every job's Python. Python reads
        # it at start-up, so it is set for the processes a job starts, not in a running one.
        "PYTHONHASHSEED": "0",
        # Hugging Face tokenizers' thread pool does not survive fork (DataLoader workers,
        # accelerate launch); without this it warns and may deadlock.
        "TOKENIZERS_PARALLELISM": "false",
        # PPOTrainer lives in trl.experimental (TRL 1.12), which warns on import otherwise.
        "TRL_EXPERIMENTAL_SILENCE": "1",
    }


# Variables a caller may set otherwise (make's ``?=``). Only fetch_model reaches the hub; it
# unsets HF_HUB_OFFLINE itself (scripts/fetch_model.py), every other job must stay offline.
DEFAULTS: dict[str, str] = {"HF_HUB_OFFLINE": "1"}


def job_environment(
    root: str | Path = REPO, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The variables above as a job sees them, given the environment it was started from."""
    environ = os.environ if environ is None else environ
    values = {name: environ.get(name, value) for name, value in DEFAULTS.items()}
    values.update(fixed(root))
    return values


def apply(environ: MutableMapping[str, str], root: str | Path) -> None:
    """Set the job environment of the workflow in ``root`` (its Snakefile's folder) in
    ``environ``, and put ``root`` first on PYTHONPATH, so that jobs import the library of the
    checkout they run from, as the Snakemake process itself does (Snakefile: sys.path)."""
    environ.update(job_environment(root, environ))
    root = str(Path(root).resolve())
    paths = [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if not paths or paths[0] != root:
        environ["PYTHONPATH"] = os.pathsep.join([root, *(p for p in paths if p != root)])


def make_assignments(root: str | Path = REPO) -> list[str]:
    """The variables as make assignments, one word each (make splits on spaces)."""
    assignments = [f"{name}:={value}" for name, value in fixed(root).items()]
    assignments += [f"{name}?={value}" for name, value in DEFAULTS.items()]
    for assignment in assignments:
        if any(c.isspace() for c in assignment):
            raise SystemExit(f"environment.py: make cannot export {assignment!r} (whitespace)")
    return assignments


if __name__ == "__main__":
    sys.stdout.write("\n".join(make_assignments()) + "\n")
