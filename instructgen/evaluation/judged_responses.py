"""Every evaluated model's answers to a judged set, merged from their shards into one file
(rule merge_judged_responses): what the judge grades, and what another judge could grade."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen import plan
from instructgen.evaluation.common import LOG, read_judged_items
from instructgen.io import write_json, write_jsonl
from instructgen.jobs import merge_shards, summed_counts

RESPONSE_FIELDS = ("model", "id", "category", "instruction", "input", "reference", "response")


def main(
    *,
    items_path: str,
    models: Sequence[str],
    shard_paths: Sequence[str],
    out_path: str,
) -> int:
    """One line per (model, item), model by model in `models`' order and items in the set's
    order; `shard_paths` are the models' shards in that order (plan.Study's
    judged_response_shards), as many for each. The card beside the file gives each model's
    generation counts."""
    items = read_judged_items(items_path)
    if not models or len(shard_paths) % len(models):
        raise ValueError(f"{len(shard_paths)} shard files cannot be split over {len(models)}")
    per_model = len(shard_paths) // len(models)
    ids = [item["id"] for item in items]
    rows: list[dict[str, Any]] = []
    counts: dict[str, dict[str, int]] = {}
    for index, model in enumerate(models):
        shards = shard_paths[index * per_model : (index + 1) * per_model]
        merged = merge_shards(shards, ids, lambda r: r["id"], ["id", "prediction"])
        rows += [
            {"model": model, **item, "response": record["prediction"]}
            for item, record in zip(items, merged, strict=True)
        ]
        counts[model] = summed_counts(shards)
    count = write_jsonl(out_path, rows)
    write_json(
        plan.card(out_path), {"items": len(items), "models": len(models), "generation": counts}
    )
    LOG.info("%d answers: %d models x %d items", count, len(models), len(items))
    return count
