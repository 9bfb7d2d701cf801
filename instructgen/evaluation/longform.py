"""LongForm predictions and METEOR (rule evaluate_longform)."""

from __future__ import annotations

from typing import Any

from instructgen.evaluation.common import (
    LOG,
    evaluation_job,
    longform_prompt,
    predict,
    read_longform_items,
)
from instructgen.io import write_json, write_jsonl
from instructgen.meteor import longform_meteor
from instructgen.settings import Inference, LongFormEvaluation


def main(
    *,
    items_path: str,
    model_name: str,
    settings: LongFormEvaluation,
    execution: Inference,
    out_predictions: str,
    out_metrics: str,
    resume_path: str | None = None,
    nltk_data: str | None = None,
) -> dict[str, Any]:
    """Greedy answers to the LongForm test instructions, scored with METEOR (NLTK)."""
    from instructgen.generation import load_generator
    from instructgen.wordnet import load_wordnet

    items = read_longform_items(items_path)
    load_wordnet(nltk_data)  # fail on missing WordNet before generating, not after
    prompts = [longform_prompt(item) for item in items]
    job = evaluation_job("longform", settings, items, prompts, resume_path=resume_path)
    model, tokenizer = load_generator(settings.model, execution.device)
    predictions = predict(
        model,
        tokenizer,
        prompts,
        [item["id"] for item in items],
        settings,
        execution.batch_size,
        job,
        desc="longform",
    )
    texts = [predictions[i] for i in range(len(items))]
    metrics: dict[str, Any] = longform_meteor(
        texts, [item["reference"] for item in items], nltk_data
    )
    metrics["model"] = model_name
    write_jsonl(
        out_predictions,
        (
            {"id": item["id"], "prediction": text, "reference": item["reference"]}
            for item, text in zip(items, texts, strict=True)
        ),
    )
    write_json(out_metrics, metrics)
    job.finish()
    LOG.info("%s: LongForm METEOR %.4f on %d items", model_name, metrics["meteor"], len(items))
    return metrics
