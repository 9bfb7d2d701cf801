"""Super-NI predictions for one shard of the test items (rule evaluate_superni_shard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from instructgen.evaluation.common import (
    LOG,
    job_fingerprint,
    predict,
    read_superni_items,
    shard_indices,
    superni_prompt,
)
from instructgen.io import write_jsonl


def main(
    *,
    items_path: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str | None = None,
) -> int:
    """Predictions of one shard: {id, prediction} lines in test-file order."""
    from instructgen.generation import load_generator

    items = read_superni_items(items_path)
    prompts = [superni_prompt(item) for item in items]
    mine = shard_indices(prompts, settings["batch_size"], shard, num_shards)
    LOG.info("shard %d of %d: %d of %d instances", shard, num_shards, len(mine), len(items))
    predictions: dict[int, str] = {}
    if mine:
        model, tokenizer = load_generator(model_spec, device)
        predictions = predict(
            model,
            tokenizer,
            prompts,
            [item["id"] for item in items],
            settings,
            seed=seed,
            shard=shard,
            num_shards=num_shards,
            resume_path=resume_path,
            fingerprint=job_fingerprint(model_spec, settings, [shard, num_shards]),
            desc=f"super-ni shard {shard}",
        )
    count = write_jsonl(
        out_path, ({"id": items[i]["id"], "prediction": predictions[i]} for i in mine)
    )
    if resume_path:
        Path(resume_path).unlink(missing_ok=True)
    return count
