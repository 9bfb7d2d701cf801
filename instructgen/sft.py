"""The SFT stage: any instruction dataset -> a checkpoint with tokenizer, card and loss log."""

from __future__ import annotations

from typing import Any

from instructgen.distributed import batch_layout, launch
from instructgen.errors import InputError
from instructgen.io import read_jsonl, sha256_file
from instructgen.templates import alpaca_prompt
from instructgen.training import finetune


def alpaca_pairs(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(prompt, response) with the Alpaca template, with or without input (paper 1 Table 7)."""
    return [(alpaca_prompt(r["instruction"], r.get("input", "")), r["output"]) for r in records]


def train(
    *,
    dataset_path: str,
    dataset_name: str,
    model_spec: dict[str, Any],
    recipe_name: str,
    recipe: dict[str, Any],
    sft_settings: dict[str, Any],
    seed: int,
    out_dir: str,
    resume_dir: str,
) -> None:
    records = read_jsonl(dataset_path, ["instruction", "output"])
    if not records:
        raise InputError(dataset_path, "the dataset is empty: nothing to fine-tune on")
    finetune(
        model_spec,
        alpaca_pairs(records),
        recipe,
        out_dir,
        resume_dir,
        seed=seed,
        max_seq_len=sft_settings["max_seq_len"],
        use_lora=sft_settings["use_lora"],
        load_in_4bit=sft_settings["load_in_4bit"],
        recipe_key=f"sft.recipes.{recipe_name}",
        card={
            "title": f"SFT checkpoint on {dataset_name}",
            "dataset": dataset_name,
            "dataset_path": dataset_path,
            "dataset_sha256": sha256_file(dataset_path),
            "base_model": model_spec["source"],
            "recipe_name": recipe_name,
            "use_lora": sft_settings["use_lora"],
            "load_in_4bit": sft_settings["load_in_4bit"],
            "max_seq_len": sft_settings["max_seq_len"],
        },
    )


def main(*, processes: int = 1, accelerate: str = "ddp", **job: Any) -> None:
    """The rule's entry: `train(**job)` in one process per requested GPU, with the accelerate
    config the rule names (profiles/accelerate); in this process when there is one."""
    # A global batch the processes cannot share evenly fails here, before any process starts.
    batch_layout(job["recipe"], max(int(processes or 1), 1), f"sft.recipes.{job['recipe_name']}")
    launch(f"{__name__}:train", job, processes=processes, config=accelerate)
