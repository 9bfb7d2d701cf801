"""The promises of the README, proven on a complete default run in a temporary copy:
a second run does nothing, two runs give byte-identical datasets, and a change reruns
exactly what depends on it (planned by Snakemake itself), and bad input stops the run with one
line naming the file and line, leaving nothing that looks complete."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from tests.helpers import copy_tracked, planned_jobs, snakemake

pytestmark = pytest.mark.slow


def run_pipeline(workdir: Path) -> Path:
    result = snakemake(workdir, "--profile", "profiles/local")
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    return run_pipeline(copy_tracked(tmp_path_factory.mktemp("run1")))


def outputs(workdir: Path, pattern: str) -> list[Path]:
    return sorted(p.relative_to(workdir) for p in (workdir / "results").glob(pattern))


# Where the study's randomness lives: passages, fragments, sampled candidates, bootstrapping,
# RL and sampled instances. The second run rebuilds these datasets and everything they are made
# from, but not the SFT and evaluation jobs after them (half the DAG, ~10 minutes of CI):
# test_crash_recovery rebuilds an SFT model byte for byte, and evaluation decodes greedily
# (test_evaluation: the same predictions whatever the batching and sharding).
DATASETS = ["track_a/datasets/**/*.jsonl", "track_b/*/datasets/**/*.jsonl"]


@pytest.fixture(scope="module")
def second_run(first_run, tmp_path_factory) -> Path:
    workdir = copy_tracked(tmp_path_factory.mktemp("run2"))
    datasets = [str(path) for pattern in DATASETS for path in outputs(first_run, pattern)]
    result = snakemake(workdir, "--profile", "profiles/local", *datasets)
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir


def test_untouched_workflow_does_nothing(first_run):
    assert planned_jobs(first_run) == {}


def test_two_runs_give_identical_datasets(first_run, second_run):
    compared = 0
    for pattern in DATASETS:
        files = outputs(first_run, pattern)
        assert files == outputs(second_run, pattern), pattern
        for relative in files:
            assert filecmp.cmp(first_run / relative, second_run / relative, shallow=False), relative
            compared += 1
    # Every file the second run made that is data, not weights: candidates, scores, seeds,
    # instructions, instances and their cards.
    made = [*outputs(second_run, "**/*.jsonl"), *outputs(second_run, "**/*.card.json")]
    for relative in made:
        assert filecmp.cmp(first_run / relative, second_run / relative, shallow=False), relative
    assert compared > 10 and len(made) > 5 * compared


def test_seeds_are_recorded_in_dataset_and_model_cards(first_run):
    seed = yaml.safe_load(open(first_run / "config.yaml"))["seed"]
    # Classification and evaluation are greedy: their cards record no seed, since their answers
    # do not depend on one.
    # A job's own card (instructgen.jobs: "step", "shard", counts, execution) says how one shard
    # ran; the seed is the dataset's, on the card of the dataset the shards are merged into.
    cards = {
        path: json.loads(path.read_text())
        for path in (first_run / "results").glob("**/*.card.json")
        if path.parent.name != "classification"
        and "evaluation" not in path.relative_to(first_run).parts
    }
    cards |= {
        p: json.loads(p.read_text()) for p in (first_run / "results").glob("sft/*/model/card.json")
    }
    dataset_cards = {path: card for path, card in cards.items() if "step" not in card}
    assert len(dataset_cards) > 20 and len(dataset_cards) < len(cards)
    for path, card in dataset_cards.items():
        assert card["seed"] == seed, path


class EditedFile:
    """Append to a file for the duration of a block, then restore its bytes and its time stamp
    (Snakemake compares time stamps, so a restored file must look untouched)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def __enter__(self):
        self.original = self.path.read_bytes()
        self.stat = self.path.stat()
        with open(self.path, "a") as handle:
            handle.write(self.text)

    def __exit__(self, *exc):
        self.path.write_bytes(self.original)
        os.utime(self.path, ns=(self.stat.st_atime_ns, self.stat.st_mtime_ns))


def overlay(workdir: Path, name: str, settings: dict) -> str:
    path = workdir / f"{name}.yaml"
    path.write_text(yaml.safe_dump(settings))
    return str(path)


def test_editing_the_longform_file_reruns_only_its_evaluation(first_run):
    with EditedFile(first_run / "data/longform/test.jsonl", ""):
        text = (first_run / "data/longform/test.jsonl").read_text()
        (first_run / "data/longform/test.jsonl").write_text(text.replace("\n", "\n\n", 1))
        jobs = planned_jobs(first_run)
    assert jobs["prepare_longform_test"] == 1 and jobs["fetch_source"] == 1
    assert jobs["evaluate_longform_shard"] >= 1 and jobs["score_longform"] >= 1
    # The LongForm instructions are also a reference set of the diversity figure.
    assert set(jobs) <= {
        "fetch_source",
        "prepare_longform_test",
        "evaluate_longform_shard",
        "score_longform",
        "make_table",
        "tables_index",
        "diversity",
        "all",
    }, jobs
    for rule in ("train_sft", "evaluate_superni_shard", "generate_candidates", "pretrain_base_lm"):
        assert rule not in jobs


def test_editing_a_corpus_file_reruns_what_is_downstream_of_it(first_run):
    record = {"text": "A new bakery opened near the harbour. " * 8, "timestamp": "", "url": ""}
    with EditedFile(first_run / "data/corpus/c4.jsonl", json.dumps(record) + "\n"):
        jobs = planned_jobs(first_run)
    assert jobs["fetch_source"] == 1, "only the edited source is fetched again"
    for rule in (
        "sample_passages",
        "extract_fragments",
        "generate_candidates",
        "track_a_dataset",
        "train_sft",
        "make_table",
    ):
        assert jobs.get(rule), f"{rule} should rerun: {jobs}"
    for rule in ("prepare_superni_test", "prepare_longform_test", "prepare_instruction_data"):
        assert rule not in jobs, f"{rule} does not depend on C4: {jobs}"


def test_a_batch_size_change_reruns_nothing(first_run):
    change = overlay(first_run, "batch", {"track_a": {"filtering": {"batch_size": 3}}})
    assert planned_jobs(first_run, "--configfile", change) == {}


@pytest.mark.parametrize(
    "layer",
    [
        {"track_b": {"instances": {"subset_sizes": [24, 36, 48]}}},
        {"track_a": {"candidates": {"k": 4}}},
        {"track_b": {"reward": {"coherence": 0.25}}},
        {"evaluation": {"superni": {"batch_size": 3}}},
    ],
)
def test_in_process_planning_decides_as_snakemake_does(first_run, layer):
    """tests/replan.py (the leaf-key test's planner) against `snakemake -n` on a real run."""
    from tests.replan import Planner

    real = set(planned_jobs(first_run, "--configfile", overlay(first_run, "layer", layer)))
    assert Planner(first_run, ["config.yaml"]).reruns(layer).rules() == real - {"all"}


def test_reward_coefficient_reruns_rl_not_bootstrapping(first_run):
    change = overlay(first_run, "reward", {"track_b": {"reward": {"coherence": 0.25}}})
    jobs = planned_jobs(first_run, "--configfile", change)
    assert jobs.get("rl_from_automated_feedback") == 1
    assert jobs.get("generate_instances") == 1, "only the RL-tuned policy's instances"
    assert jobs.get("train_sft") and jobs.get("make_table")
    for rule in ("bootstrap_instructions", "pretrain_base_lm", "generate_candidates"):
        assert rule not in jobs, f"{rule} must not rerun: {jobs}"


def test_preflight_measures_only_the_files_of_its_configuration(first_run, tmp_path):
    """`make run` then `make preflight` in one folder: the default run's files were made under
    other settings (its jobs rerun under the paper configuration), so the paper estimate is a
    bare checkout's, while the default configuration's estimate measures them."""
    from instructgen.resources import preflight
    from instructgen.resources.site import site_from_profile

    site = site_from_profile(first_run / "profiles/slurm")
    paper = [first_run / "configs/paper.yaml"]
    after_default_run = preflight.run(paper, site, root=first_run)
    bare = preflight.run(paper, site, root=copy_tracked(tmp_path))
    assert preflight.rows(after_default_run) == preflight.rows(bare)
    assert after_default_run.submit_host == bare.submit_host
    default = preflight.run([first_run / "config.yaml"], site, root=first_run)
    measured = {note for e in default.estimates for note in e.notes if "measured from" in note}
    assert any("results/" in note for note in measured), measured


def test_editing_a_figure_script_reruns_only_that_figure(first_run):
    with EditedFile(first_run / "scripts/figure_reward.py", "\n# edited\n"):
        jobs = planned_jobs(first_run)
    assert set(jobs) - {"all"} == {"reward_curve"}, jobs


def test_malformed_input_stops_the_run_naming_file_and_line(tmp_path):
    workdir = copy_tracked(tmp_path)
    dolly = workdir / "data/dolly/dolly.jsonl"
    lines = dolly.read_text().splitlines()
    lines[4] = lines[4][:-1]
    dolly.write_text("\n".join(lines) + "\n")
    target = "results/corpora/instruction_data/dolly.jsonl"
    result = snakemake(workdir, target)
    assert result.returncode != 0
    log = (workdir / "logs/corpora/instruction_data_dolly.log").read_text()
    assert "dolly.jsonl:5: malformed JSON" in log
    assert not (workdir / target).exists(), "no output may look complete"


def test_snakemake_without_make_gives_the_same_results(first_run, tmp_path):
    """The workflow's entry point started from an environment with only PATH and HOME (no
    make, so no NLTK_DATA, PYTHONHASHSEED, HF_HUB_OFFLINE, ...; the README's cluster commands
    run it so) plans nothing on a run made with the Makefile's environment, and its METEOR and
    verb-noun diversity jobs, run again, write the same bytes (the workflow sets the
    environment itself: instructgen/environment.py, rules/common.smk)."""
    workdir = tmp_path / "run"
    shutil.copytree(first_run, workdir, symlinks=True)
    bare = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    assert planned_jobs(workdir, env=bare) == {}
    targets = [
        plan.LONGFORM_METRICS.format(dataset=plan.BASE),
        plan.LONGFORM_PREDICTIONS.format(dataset=plan.BASE),
        *(plan.VERB_NOUN_TABLE.format(ext=ext) for ext in ("csv", "md")),
    ]
    figures = sorted(
        p.relative_to(first_run) for p in (first_run / "results").glob("figures/diversity/*")
    )
    assert figures
    before = {path: (workdir / path).stat().st_mtime_ns for path in targets}
    result = snakemake(workdir, *targets, "--forcerun", "score_longform", "diversity", env=bare)
    assert result.returncode == 0, result.stderr[-4000:]
    for path in targets:
        assert (workdir / path).stat().st_mtime_ns != before[path], f"{path} was not rerun"
    for path in [*map(Path, targets), *figures]:
        assert filecmp.cmp(first_run / path, workdir / path, shallow=False), path
    assert json.loads((workdir / targets[0]).read_text())["wordnet_version"] == "3.0"


# Last: it rewrites a merged file, which makes everything downstream of it look older.
def test_sharded_candidates_equal_unsharded(first_run):
    target = "results/track_a/candidates/unsupervised/whole/seed-instruction/candidates.jsonl"
    before = (first_run / target).read_bytes()
    for shards in (1, 3, 2):
        change = overlay(
            first_run, f"shards{shards}", {"track_a": {"candidates": {"shards": shards}}}
        )
        # Targets first: --configfile and --forcerun take several values.
        result = snakemake(
            first_run, target, "--forcerun", "merge_candidates", "--configfile", change
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert (first_run / target).read_bytes() == before, f"{shards} shard(s) changed the output"
