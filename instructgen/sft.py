"""The SFT stage: any instruction dataset -> a checkpoint with tokenizer, card and loss log."""

from __future__ import annotations

from typing import Any

from instructgen.distributed import finetune_entry
from instructgen.errors import InputError
from instructgen.io import read_jsonl, sha256_file
from instructgen.settings import Finetune, Training
from instructgen.templates import alpaca_prompt


def alpaca_pairs(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(prompt, response) with the Alpaca template, with or without input (paper 1 Table 7)."""
    return [(alpaca_prompt(r["instruction"], r.get("input", "")), r["output"]) for r in records]


def train(
    *,
    dataset_path: str,
    dataset_name: str,
    settings: dict[str, Any],
    execution: dict[str, Any],
    out_dir: str,
    resume_dir: str,
) -> None:
    """One training process (`settings`: Finetune's params, `execution`: Training's fields;
    plain data that crosses processes)."""
    from instructgen.training import finetune

    finetuning = Finetune.from_params(settings)
    records = read_jsonl(dataset_path, ["instruction", "output"])
    if not records:
        raise InputError(dataset_path, "the dataset is empty: nothing to fine-tune on")
    running = Training(**execution)
    finetune(
        finetuning,
        running.per_device_batch_size,
        alpaca_pairs(records),
        out_dir,
        resume_dir,
        checkpoint_minutes=running.checkpoint_minutes,
        card={
            "title": f"SFT checkpoint on {dataset_name}",
            "dataset": dataset_name,
            "dataset_path": dataset_path,
            "dataset_sha256": sha256_file(dataset_path),
            "base_model": finetuning.model.source,
            "recipe_name": finetuning.recipe_name,
            "use_lora": finetuning.use_lora,
            "load_in_4bit": finetuning.load_in_4bit,
            "max_seq_len": finetuning.max_seq_len,
        },
    )


# The rule's entry: `train` on one process per requested GPU, with the accelerate config the
# rule names (profiles/accelerate); in this process when there is one.
main = finetune_entry(f"{__name__}:train")
