"""Fine-tune the base model into a reverse instruction generator (rule train_generator)."""

from __future__ import annotations

from typing import Any

from instructgen import plan
from instructgen.distributed import finetune_entry
from instructgen.errors import InputError
from instructgen.io import read_jsonl
from instructgen.settings import Finetune, Training


def train(
    *,
    data_path: str,
    generator: str,
    settings: dict[str, Any],
    execution: dict[str, Any],
    out_dir: str,
    resume_dir: str,
) -> None:
    """One training process (`settings`: Finetune's params, `execution`: Training's fields;
    plain data that crosses processes)."""
    from instructgen.training import finetune

    finetuning = Finetune.from_params(settings)
    records = read_jsonl(data_path, ["prompt", "target"])
    if not records:
        raise InputError(data_path, "no training pairs")
    parsed = plan.Generator.parse(generator)
    running = Training(**execution)
    finetune(
        finetuning,
        running.per_device_batch_size,
        [(r["prompt"], r["target"]) for r in records],
        out_dir,
        resume_dir,
        checkpoint_minutes=running.checkpoint_minutes,
        card={
            "title": f"Reverse instruction generator {generator}",
            "generator": generator,
            "training_source": parsed.source,
            "format": parsed.format,
            "data": data_path,
            "base_model": finetuning.model.source,
            "max_seq_len": finetuning.max_seq_len,
        },
    )


# The rule's entry: `train` on one process per requested GPU, with the accelerate config the
# rule names (profiles/accelerate); in this process when there is one.
main = finetune_entry(f"{__name__}:train")
