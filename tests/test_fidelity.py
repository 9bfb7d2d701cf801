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


def test_the_manual_annotation_row_annotates_the_supervised_corpus_outputs(tmp_path):
    """Paper 1 Table 4's "manual annotation" at the generated size: the supervised corpus's own
    Super-NI instances, each with its task's definition and its input, and the output text the
    generated rows pair their instructions with."""
    from instructgen import loaders
    from instructgen.corpora import supervised
    from instructgen.io import read_jsonl

    passages = tmp_path / "supervised.jsonl"
    supervised.main(
        superni_dir=str(REPO / "data/superni"), count=12, seed=5, out_path=str(passages)
    )
    out, card = tmp_path / "manual.jsonl", tmp_path / "manual.card.json"
    count = instruction_data.main(
        name="supervised_manual",
        source_dir=str(REPO / "data/superni"),
        max_instances_per_task=None,
        seed=5,
        out_path=str(out),
        out_card=str(card),
        passages_path=str(passages),
    )
    corpus, manual = read_jsonl(passages), read_jsonl(out)
    assert count == 12 and [r["id"] for r in manual] == [r["id"] for r in corpus]
    assert [r["output"] for r in manual] == [r["text"] for r in corpus]
    tasks = dict(loaders.iter_superni_split(str(REPO / "data/superni"), "train"))
    for record, passage in zip(manual, corpus, strict=True):
        task = tasks[passage["title"]]
        instance = next(i for i in task["Instances"] if i["id"] == record["id"])
        assert record["instruction"] == task["Definition"]
        assert record["input"] == instance["input"]
    stranger = tmp_path / "stranger.jsonl"
    stranger.write_text(json.dumps({"id": "task0-not-an-instance", "text": "x"}) + "\n")
    with pytest.raises(InputError, match="no Super-NI training instance"):
        instruction_data.instruction_records(
            "supervised_manual", str(REPO / "data/superni"), passages_path=str(stranger)
        )


def test_self_instruct_baseline_is_every_released_gpt3_instance():
    records = instruction_data.instruction_records(
        "self_instruct_gpt3", str(REPO / "data/self_instruct/gpt3_generations.jsonl")
    )
    lines = (REPO / "data/self_instruct/gpt3_generations.jsonl").read_text().splitlines()
    assert len(records) == len(lines)
    first = json.loads(lines[0])
    assert {k: records[0][k] for k in ("instruction", "input", "output")} == first


def test_a_mixture_draws_exactly_its_sizes_seeded_and_refuses_a_short_part(tmp_path):
    from instructgen.corpora import mixture
    from instructgen.io import read_jsonl, write_jsonl

    parts = {}
    for name, n in (("superni_train", 30), ("longform", 10)):
        parts[name] = str(tmp_path / f"{name}.jsonl")
        write_jsonl(
            parts[name],
            [
                {"id": f"{name}-{i}", "instruction": "i", "input": "", "output": "o"}
                for i in range(n)
            ],
        )
    sizes = {"superni_train": 6, "longform": 6}
    kwargs = {"name": "superni_longform", "part_paths": parts, "sizes": sizes}
    out = tmp_path / "mix.jsonl"
    assert (
        mixture.main(**kwargs, seed=1, out_path=str(out), out_card=str(tmp_path / "c.json")) == 12
    )
    ids = [r["id"] for r in read_jsonl(out)]
    assert [i.split("-")[0] for i in ids] == ["superni_train"] * 6 + ["longform"] * 6
    again, other = tmp_path / "again.jsonl", tmp_path / "other.jsonl"
    mixture.main(**kwargs, seed=1, out_path=str(again), out_card=str(tmp_path / "c.json"))
    mixture.main(**kwargs, seed=2, out_path=str(other), out_card=str(tmp_path / "c.json"))
    assert again.read_bytes() == out.read_bytes() and other.read_bytes() != out.read_bytes()
    with pytest.raises(InputError, match="has 10 records; sft.mixtures.superni_longform.longform"):
        mixture.main(
            **{**kwargs, "sizes": {"superni_train": 6, "longform": 11}},
            seed=1,
            out_path=str(tmp_path / "short.jsonl"),
            out_card=str(tmp_path / "short.json"),
        )


def test_the_adaptive_kl_controller_is_ppo_only():
    config = load("configs/paper.yaml")
    assert config["track_b"]["rl"]["kl_control"] == "adaptive"
    config["track_b"]["rl"]["algorithm"] = "grpo"
    with pytest.raises(ConfigError, match="track_b.rl.kl_control"):
        check_semantics(config, REPO)
