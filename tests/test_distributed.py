"""Data-parallel fine-tuning: two CPU processes (gloo) through `accelerate launch` vs one process.

Both runs see the same global batch per step (2 x 4 vs 1 x 8), so they must log the same steps
with decreasing, close losses; the two-process run must also save one loadable model (rank 0).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from instructgen.distributed import accelerate_config, launch, launch_finetune
from instructgen.errors import ConfigError
from instructgen.io import read_jsonl, write_jsonl
from instructgen.modeling import load_model, save_model
from instructgen.settings import Finetune, ModelSpec, Recipe, Training
from instructgen.templates import alpaca_prompt
from instructgen.tiny.tokenizer import train_tokenizer
from tests.tiny_track_b import random_llama_config

ROOT = Path(__file__).resolve().parents[1]
STEPS = 8


@pytest.fixture(scope="module")
def tiny_setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A random tiny Llama and an SFT dataset of 64 Dolly records."""
    from transformers import LlamaForCausalLM, set_seed

    records = read_jsonl(ROOT / "data/dolly/dolly.jsonl", ["instruction", "response"])[:64]
    assert len(records) == 64
    root = tmp_path_factory.mktemp("tiny")
    dataset = root / "data.jsonl"
    write_jsonl(
        dataset, [{"instruction": r["instruction"], "output": r["response"]} for r in records]
    )
    texts = [alpaca_prompt(r["instruction"], "") + " " + r["response"] for r in records]
    folder = root / "base"
    tokenizer = train_tokenizer(texts, 600, 2, str(folder))
    set_seed(0)
    config = random_llama_config(tokenizer, hidden=48, layers=2, heads=4, max_positions=512)
    save_model(LlamaForCausalLM(config), tokenizer, folder, {"title": "random tiny llama"})
    return str(folder), str(dataset)


def _settings(model: str, global_batch: int = 8) -> Finetune:
    recipe = Recipe(0.01, global_batch, 1, 0.0, "linear", STEPS)
    return Finetune(ModelSpec(model), "paper1", "sft.recipes.paper1", recipe, 96, False, False, 7)


def _losses(model_dir: Path) -> list[tuple[int, float]]:
    with open(model_dir / "training_log.csv") as handle:
        return [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(handle)]


def _job(dataset: str, out: Path) -> dict:
    return dict(
        dataset_path=dataset,
        dataset_name="toy",
        out_dir=str(out / "model"),
        resume_dir=str(out / "resume"),
    )


def test_two_processes_match_one(tiny_setup, tmp_path: Path) -> None:
    model, dataset = tiny_setup
    settings = _settings(model)
    launch_finetune("instructgen.sft:train", settings, Training(8), _job(dataset, tmp_path / "one"))
    launch_finetune(
        "instructgen.sft:train",
        settings,
        Training(4),
        _job(dataset, tmp_path / "two"),
        processes=2,
        config="cpu",
    )
    one, two = _losses(tmp_path / "one/model"), _losses(tmp_path / "two/model")
    assert [s for s, _ in one] == [s for s, _ in two] == list(range(1, STEPS + 1))
    for curve in (one, two):
        first, last = curve[0][1], sum(loss for _, loss in curve[-2:]) / 2
        assert last < first - 0.3, curve
    # Same examples per step (Trainer counts loss tokens over all ranks): only float
    # reduction order differs, so the curves agree to well under 0.1%.
    for (_, a), (_, b) in zip(one, two, strict=True):
        assert abs(a - b) <= 1e-3 * a, (one, two)
    # Rank 0 alone wrote one complete, loadable model; the resume folder is gone.
    assert load_model(str(tmp_path / "two/model")) is not None
    card = json.loads((tmp_path / "two/model/card.json").read_text())
    assert card["batch"] == {
        "world_size": 2,
        "per_device_batch_size": 4,
        "gradient_accumulation_steps": 1,
        "global_batch_size": 8,
    }
    assert not (tmp_path / "two/resume").exists()


def test_launch_refuses_more_processes_than_gpus(tiny_setup, tmp_path: Path) -> None:
    import torch

    if torch.cuda.device_count() >= 64:
        pytest.skip("this machine has 64 GPUs")
    model, dataset = tiny_setup
    job = _job(dataset, tmp_path) | {"settings": _settings(model).params()}
    with pytest.raises(ConfigError, match="gpu=64"):
        launch(
            "instructgen.sft:train", job | {"execution": {"per_device_batch_size": 4}}, processes=64
        )


def test_accelerate_configs_load() -> None:
    from accelerate.commands.config.config_args import load_config_from_file

    kinds = {}
    for name in ("ddp", "fsdp", "cpu"):
        kinds[name] = load_config_from_file(str(accelerate_config(name))).distributed_type
    assert kinds["fsdp"] == "FSDP" and kinds["ddp"] == "MULTI_GPU"
    with pytest.raises(ConfigError, match="not found"):
        accelerate_config("nosuch")


@pytest.mark.parametrize(
    ("global_batch", "largest", "world", "expected"),
    [
        (128, 4, 4, (4, 8)),  # paper 1: Alpaca's 4 GPUs x 4 per device x 8 accumulation
        (128, 4, 1, (4, 32)),
        (8, 2, 1, (2, 4)),  # REFINE-AF: a batch of 2 with 4 accumulation steps
        (8, 2, 4, (2, 1)),
        (8, 4, 4, (2, 1)),  # a process's share smaller than the largest micro-batch
    ],
)
def test_the_global_batch_is_the_papers_whatever_the_world_size(
    global_batch, largest, world, expected
) -> None:
    from instructgen.distributed import batch_layout

    layout = batch_layout(global_batch, largest, world)
    micro, accumulation = expected
    assert layout == {
        "world_size": world,
        "per_device_batch_size": micro,
        "gradient_accumulation_steps": accumulation,
        "global_batch_size": global_batch,
    }
    assert micro * accumulation * world == global_batch


def test_a_global_batch_that_does_not_split_fails_before_any_process_starts(tmp_path) -> None:
    from instructgen.sft import main

    with pytest.raises(ConfigError, match=r"sft\.recipes\.paper1\.batch_size.*3 processes"):
        main(
            dataset_path=str(tmp_path / "never-read.jsonl"),
            dataset_name="toy",
            settings=_settings(str(tmp_path)),
            execution=Training(4),
            out_dir=str(tmp_path / "out"),
            resume_dir=str(tmp_path / "resume"),
            processes=3,
            accelerate="cpu",
        )
    with pytest.raises(ConfigError, match="per_device_batch_size"):
        from instructgen.distributed import batch_layout

        batch_layout(12, 5, 1, "sft.recipes.paper1")
