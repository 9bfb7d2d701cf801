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
        recipe_key="track_a.generator_training",
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
    from instructgen.distributed import batch_layout

    # A global batch the processes cannot share evenly fails here, before any process starts.
    batch_layout(job["recipe"], max(int(processes or 1), 1), "track_a.generator_training")
    launch(f"{__name__}:train", job, processes=processes, config=accelerate)
