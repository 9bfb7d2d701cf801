"""The promises of the README, proven on a complete default run in a temporary copy:
a second run does nothing, two runs give byte-identical datasets and tables, and a change reruns
exactly what depends on it (planned by Snakemake itself), and bad input stops the run with one
line naming the file and line, leaving nothing that looks complete."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import copy_tracked, planned_jobs, snakemake

pytestmark = pytest.mark.slow


def run_pipeline(workdir: Path) -> Path:
    result = snakemake(workdir, "--profile", "profiles/local")
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    return run_pipeline(copy_tracked(tmp_path_factory.mktemp("run1")))


@pytest.fixture(scope="module")
def second_run(tmp_path_factory) -> Path:
    return run_pipeline(copy_tracked(tmp_path_factory.mktemp("run2")))


def outputs(workdir: Path, pattern: str) -> list[Path]:
    return sorted(p.relative_to(workdir) for p in (workdir / "results").glob(pattern))


def test_untouched_workflow_does_nothing(first_run):
    assert planned_jobs(first_run) == {}


def test_two_runs_give_identical_datasets_and_tables(first_run, second_run):
    patterns = [
        "track_a/datasets/**/*.jsonl",
        "track_b/*/datasets/**/*.jsonl",
        "tables/*.csv",
        "tables/*.md",
        "**/*.card.json",
    ]
    compared = 0
    for pattern in patterns:
        files = outputs(first_run, pattern)
        assert files == outputs(second_run, pattern), pattern
        for relative in files:
            assert filecmp.cmp(first_run / relative, second_run / relative, shallow=False), relative
            compared += 1
    assert compared > 20


def test_seeds_are_recorded_in_dataset_and_model_cards(first_run):
    seed = yaml.safe_load(open(first_run / "config.yaml"))["seed"]
    cards = list((first_run / "results").glob("**/*.card.json"))
    cards += list((first_run / "results").glob("sft/*/model/card.json"))
    assert cards
    for card in cards:
        assert json.loads(card.read_text())["seed"] == seed, card


class EditedFile:
    """Append to a file for the duration of a block, then restore it byte for byte."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def __enter__(self):
        self.original = self.path.read_bytes()
        with open(self.path, "a") as handle:
            handle.write(self.text)

    def __exit__(self, *exc):
        self.path.write_bytes(self.original)
