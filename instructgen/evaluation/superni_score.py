"""Super-NI shards merged and scored with the official metric (rule score_superni)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.evaluation.common import LOG, read_superni_items
from instructgen.io import write_json, write_jsonl
from instructgen.jobs import merge_shards, summed_counts
from instructgen.metrics import superni_metrics


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
    merged = merge_shards(
        shard_paths, [item["id"] for item in items], lambda r: r["id"], ["id", "prediction"]
    )
    predictions = [record["prediction"] for record in merged]
    metrics = score_superni(items, predictions, model_name)
    metrics["generation"] = summed_counts(shard_paths)
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
