"""LongForm shards merged and scored with METEOR (rule score_longform)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.evaluation.common import LOG, read_longform_items
from instructgen.io import write_json, write_jsonl
from instructgen.jobs import merge_shards, summed_counts
from instructgen.meteor import longform_meteor


def main(
    *,
    items_path: str,
    shard_paths: Sequence[str],
    model_name: str,
    out_predictions: str,
    out_metrics: str,
    nltk_data: str | None = None,
) -> dict[str, Any]:
    """The predictions in test-file order, scored with METEOR (NLTK, the project's WordNet),
    with the shards' generation counts."""
    from instructgen.wordnet import load_wordnet

    items = read_longform_items(items_path)
    load_wordnet(nltk_data)  # fail on missing WordNet before reading anything else
    merged = merge_shards(
        shard_paths, [item["id"] for item in items], lambda r: r["id"], ["id", "prediction"]
    )
    texts = [record["prediction"] for record in merged]
    metrics: dict[str, Any] = longform_meteor(
        texts, [item["reference"] for item in items], nltk_data
    )
    metrics["model"] = model_name
    metrics["generation"] = summed_counts(shard_paths)
    write_jsonl(
        out_predictions,
        (
            {"id": item["id"], "prediction": text, "reference": item["reference"]}
            for item, text in zip(items, texts, strict=True)
        ),
    )
    write_json(out_metrics, metrics)
    LOG.info("%s: LongForm METEOR %.4f on %d items", model_name, metrics["meteor"], len(items))
    return metrics
