"""Settings that would put wrong numbers beside the published ones: each is checked here (the
RL step accounting in tests/test_reward.py, the Table 2 risks in tests/test_tables.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from instructgen.config import check_semantics, validate_config
from instructgen.corpora import instruction_data
from instructgen.errors import ConfigError, InputError

REPO = Path(__file__).resolve().parents[1]


def load(name: str) -> dict:
    return validate_config(yaml.safe_load((REPO / name).read_text()))


def superni_copy(shared_data: Path, root: Path, test_tasks: list[str]) -> list[str]:
    """The real sample's task files as a train split, beside a test split of `test_tasks`."""
    sample = shared_data / "superni-sample"
    (root / "tasks").mkdir(parents=True)
    names = sorted(p.stem for p in (sample / "tasks").glob("*.json"))
    for name in names:
        shutil.copy(sample / "tasks" / f"{name}.json", root / "tasks")
    (root / "splits").mkdir()
    (root / "splits" / "train_tasks.txt").write_text("\n".join(names) + "\n")
    (root / "splits" / "test_tasks.txt").write_text("\n".join(test_tasks) + "\n")
    return names


def test_superni_training_data_is_capped_per_task_on_the_real_sample(shared_data, tmp_path):
    names = superni_copy(shared_data, tmp_path / "superni", ["task999_not_here"])
    out, card = tmp_path / "superni_train.jsonl", tmp_path / "superni_train.card.json"
    kwargs = {"name": "superni_train", "source_dir": str(tmp_path / "superni"), "seed": 7}
    count = instruction_data.main(
        **kwargs, max_instances_per_task=10, out_path=str(out), out_card=str(card)
    )
    assert count == 10 * len(names)  # every sample task has 25 instances
    written = json.loads(card.read_text())
    assert written["records"] == count and written["tasks"] == len(names)
    assert written["max_instances_per_task"] == 10
    again = tmp_path / "again.jsonl"
    instruction_data.main(
        **kwargs, max_instances_per_task=10, out_path=str(again), out_card=str(card)
    )
    assert again.read_bytes() == out.read_bytes(), "the capped draw is seeded"
    full = instruction_data.instruction_records("superni_train", str(tmp_path / "superni"), 100)
    assert len(full) == 25 * len(names)  # a cap above a task's size keeps it whole


def test_a_superni_test_task_never_trains(shared_data, tmp_path):
    real_test = (shared_data / "superni-sample" / "test_tasks.txt").read_text().split()
    superni_copy(shared_data, tmp_path / "superni", real_test)
    with pytest.raises(InputError, match=r"test_tasks\.txt: .*also train tasks"):
        instruction_data.instruction_records("superni_train", str(tmp_path / "superni"), 100)


@pytest.mark.parametrize("name", ["config.yaml", "configs/paper.yaml"])
def test_the_longform_baseline_trains_on_the_train_split(name):
    config = load(name)
    assert "longform" in config["sft"]["baselines"]
    train, test = config["corpora"]["longform_train"], config["corpora"]["longform_test"]
    assert train["source"] != test["source"]
    config["corpora"]["longform_train"] = dict(test)
    with pytest.raises(ConfigError) as error:
        check_semantics(config, REPO)
    assert "config key 'corpora.longform_train.source'" in str(error.value)
    assert "corpora.longform_test.source" in str(error.value)


def test_subsets_larger_than_the_bootstrapped_pool_fail_at_start():
    config = load("config.yaml")
    config["track_b"]["instances"]["subset_sizes"] = [24, 4800]
    with pytest.raises(ConfigError) as error:
        check_semantics(config, REPO)
    message = str(error.value)
    assert "config key 'track_b.instances.subset_sizes.1'" in message
    assert "track_b.bootstrap.num_instructions" in message


def test_rl_step_rollouts_must_split_into_the_accumulation_steps():
    config = load("config.yaml")
    config["track_b"]["rl"] |= {"batch_size": 4, "gradient_accumulation_steps": 3}
    with pytest.raises(ConfigError, match="track_b.rl.gradient_accumulation_steps"):
        check_semantics(config, REPO)


def test_paper1_fine_tunes_with_the_alpaca_schedule():
    """Paper 1 follows Taori et al. (Stanford Alpaca), whose recipe uses a cosine schedule."""
    paper = load("configs/paper.yaml")
    assert paper["sft"]["recipes"]["paper1"]["scheduler"] == "cosine"
    assert paper["track_a"]["generator_training"]["scheduler"] == "cosine"
