"""One shard of a benchmark's test items, or of a judged set's items, answered by an evaluated
model (rules evaluate_superni_shard, evaluate_longform_shard and respond_judged_shard)."""

from __future__ import annotations

from instructgen.evaluation.common import benchmark_of, evaluation_job, predict
from instructgen.io import write_jsonl
from instructgen.settings import Evaluation, Inference, JudgedResponses


def main(
    *,
    items_path: str,
    settings: Evaluation | JudgedResponses,
    execution: Inference,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str | None = None,
) -> int:
    """Predictions of one shard, {id, prediction} lines in test-file order, and the shard's
    card (prompts cut to the model's context, rows a stop string ended)."""
    from instructgen.generation import GenerationReport, load_generator

    read_items, prompt = benchmark_of(settings)
    items = read_items(items_path)
    prompts = [prompt(item) for item in items]
    job = evaluation_job(
        settings.benchmark, settings, items, prompts, shard, num_shards, resume_path
    )
    report = GenerationReport()
    predictions: dict[int, str] = {}
    if job.indices:
        model, tokenizer = load_generator(settings.model, execution.device)
        predictions = predict(
            model,
            tokenizer,
            prompts,
            [item["id"] for item in items],
            settings,
            execution,
            job,
            report,
            desc=f"{settings.benchmark} shard {shard}",
        )
    mine = sorted(job.indices)
    count = write_jsonl(
        out_path, ({"id": items[i]["id"], "prediction": predictions[i]} for i in mine)
    )
    job.write_card(out_path, report.as_dict(), execution)
    job.finish()
    return count
