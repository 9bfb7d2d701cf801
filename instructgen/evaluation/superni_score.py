"""Super-NI shards merged and scored with the official metric (rule score_superni)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.evaluation.common import LOG, read_superni_items
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.metrics import superni_metrics


def merge_shards(
    items: Sequence[dict[str, Any]], shard_records: Sequence[Sequence[dict[str, Any]]]
) -> list[str]:
    """Predictions in test-file order; every item must come from exactly one shard."""
    by_id: dict[str, str] = {}
    for records in shard_records:
        for record in records:
            if record["id"] in by_id:
                raise ValueError(f"instance {record['id']!r} predicted by two shards")
            by_id[record["id"]] = record["prediction"]
    missing = [item["id"] for item in items if item["id"] not in by_id]
    if missing:
        raise ValueError(f"{len(missing)} instances have no prediction (first: {missing[0]!r})")
    extra = by_id.keys() - {item["id"] for item in items}
    if extra:
        raise ValueError(f"predictions for ids not in the test file: {sorted(extra)[:3]}")
    return [by_id[item["id"]] for item in items]


def score_superni(
    items: Sequence[dict[str, Any]], predictions: Sequence[str], model_name: str
) -> dict[str, Any]:
    """The official scorer's dict (overall, per category, per task) plus model and count."""
    metrics: dict[str, Any] = superni_metrics(
        list(predictions),
        [item["references"] for item in items],
        [item["task"] for item in items],
        [item["category"] for item in items],
    )
    metrics["model"] = model_name
    metrics["n_instances"] = len(items)
    return metrics


def main(
    *,
    items_path: str,
    shard_paths: Sequence[str],
    model_name: str,
    out_predictions: str,
    out_metrics: str,
) -> dict[str, Any]:
    items = read_superni_items(items_path)
    shards = [read_jsonl(path, ["id", "prediction"]) for path in shard_paths]
    predictions = merge_shards(items, shards)
    metrics = score_superni(items, predictions, model_name)
    write_jsonl(
        out_predictions,
        (
            {
                "id": item["id"],
                "task": item["task"],
                "category": item["category"],
                "prediction": prediction,
                "references": item["references"],
            }
            for item, prediction in zip(items, predictions, strict=True)
        ),
    )
    write_json(out_metrics, metrics)
    LOG.info("%s: Super-NI ROUGE-L %.4f on %d instances", model_name, metrics["rougeL"], len(items))
    return metrics
