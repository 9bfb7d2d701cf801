"""Super-NI predictions for one shard of the test items (rule evaluate_superni_shard)."""

from __future__ import annotations

from instructgen.evaluation.common import (
    evaluation_job,
    predict,
    read_superni_items,
    superni_prompt,
)
from instructgen.io import write_jsonl
from instructgen.settings import Inference, SuperNIEvaluation


def main(
    *,
    items_path: str,
    settings: SuperNIEvaluation,
    execution: Inference,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str | None = None,
) -> int:
    """Predictions of one shard: {id, prediction} lines in test-file order."""
    from instructgen.generation import load_generator

    items = read_superni_items(items_path)
    prompts = [superni_prompt(item) for item in items]
    job = evaluation_job("superni", settings, items, prompts, shard, num_shards, resume_path)
    predictions: dict[int, str] = {}
    if job.indices:
        model, tokenizer = load_generator(settings.model, execution.device)
        predictions = predict(
            model,
            tokenizer,
            prompts,
            [item["id"] for item in items],
            settings,
            execution.batch_size,
            job,
            desc=f"super-ni shard {shard}",
        )
    mine = sorted(job.indices)
    count = write_jsonl(
        out_path, ({"id": items[i]["id"], "prediction": predictions[i]} for i in mine)
    )
    job.finish()
    return count
