"""Fine-tune the base model into a reverse instruction generator (rule train_generator)."""

from __future__ import annotations

from typing import Any

from instructgen import plan
from instructgen.distributed import launch
from instructgen.errors import InputError
from instructgen.io import read_jsonl


def train(
    *,
    data_path: str,
    generator: str,
    model_spec: dict[str, Any],
    recipe: dict[str, Any],
    max_seq_len: int,
    seed: int,
    out_dir: str,
    resume_dir: str,
) -> None:
    from instructgen.training import finetune

    records = read_jsonl(data_path, ["prompt", "target"])
    if not records:
        raise InputError(data_path, "no training pairs")
    parsed = plan.Generator.parse(generator)
    finetune(
        model_spec,
        [(r["prompt"], r["target"]) for r in records],
        recipe,
        out_dir,
        resume_dir,
        seed=seed,
        max_seq_len=max_seq_len,
        card={
            "title": f"Reverse instruction generator {generator}",
            "generator": generator,
            "training_source": parsed.source,
            "format": parsed.format,
            "data": data_path,
            "base_model": model_spec["source"],
            "max_seq_len": max_seq_len,
        },
    )


def main(*, processes: int = 1, accelerate: str = "ddp", **job: Any) -> None:
    """The rule's entry: `train(**job)` in one process per requested GPU, with the accelerate
    config the rule names (profiles/accelerate); in this process when there is one."""
    launch(f"{__name__}:train", job, processes=processes, config=accelerate)
