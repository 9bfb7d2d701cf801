"""Zero-shot evaluation: Super-NI (ROUGE-L, official scorer) and LongForm (METEOR).

Super-NI as in Self-Instruct / REFINE-AF: the official default test split, no in-context
examples, the task definition only. The definition goes where the Alpaca template (paper 1
Table 7) has the instruction and the instance input where it has the input, so a checkpoint is
prompted exactly as it was fine-tuned. Decoding is greedy with a bounded length.

Super-NI generation is split into shard jobs by `instructgen.generation` batches (shard k runs
every k-th batch of one global length ordering), so a prediction does not depend on the shard
count; the merge orders predictions as in the test file and checks that each item appears once.
Long jobs append finished batches to a resume file outside the outputs and skip them on restart.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import SamplingParams, generate
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.meteor import longform_meteor
from instructgen.metrics import superni_metrics
from instructgen.resume import ResumeLog
from instructgen.templates import alpaca_prompt

LOG = logging.getLogger(__name__)

SUPERNI_FIELDS = ("id", "task", "category", "definition", "input", "references")
LONGFORM_FIELDS = ("id", "instruction", "reference")
# A fine-tuned model ends its answer with EOS; an untuned one runs on into a new
# "### Instruction:" block, which is not part of its answer.
STOP_STRINGS = ("###",)


def superni_prompt(item: dict[str, Any]) -> str:
    """Definition-only zero-shot prompt: no positive/negative examples, no explanations."""
    return alpaca_prompt(item["definition"], item["input"])


def longform_prompt(item: dict[str, Any]) -> str:
    return alpaca_prompt(item["instruction"])


def read_superni_items(path: str) -> list[dict[str, Any]]:
    items = read_jsonl(path, SUPERNI_FIELDS)
    if not items:
        raise InputError(path, "the Super-NI test file is empty")
    seen: set[str] = set()
    for line, item in enumerate(items, start=1):
        refs = item["references"]
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise InputError(path, "references must be a non-empty list of strings", line)
        if item["id"] in seen:
            raise InputError(path, f"duplicate instance id {item['id']!r}", line)
        seen.add(item["id"])
    return items


def read_longform_items(path: str) -> list[dict[str, Any]]:
    items = read_jsonl(path, LONGFORM_FIELDS)
    if not items:
        raise InputError(path, "the LongForm test file is empty")
    return items


def sampling(settings: dict[str, Any]) -> SamplingParams:
    return SamplingParams(max_new_tokens=settings["max_new_tokens"], stop_strings=STOP_STRINGS)


def _fingerprint(model_spec: dict[str, Any], settings: dict[str, Any], extra: Any) -> str:
    """What a resume file's predictions depend on; a stale file (other model, settings) is
    discarded. A local checkpoint is identified by its card, which records data and seed."""
    source = str(model_spec["source"])
    card = Path(source) / "card.json"
    identity = card.read_text() if card.is_file() else json.dumps(model_spec, sort_keys=True)
    payload = json.dumps([source, identity, settings, extra], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def predict(
    model,
    tokenizer,
    prompts: Sequence[str],
    keys: Sequence[str],
    settings: dict[str, Any],
    *,
    seed: int,
    shard: int = 0,
    num_shards: int = 1,
    resume_path: str | None = None,
    fingerprint: str = "",
    desc: str = "evaluate",
) -> dict[int, str]:
    """Greedy predictions {index: text} for this shard, resumable through `resume_path`
    (an instructgen.resume.ResumeLog; the fingerprint includes the shard, so every item it
    holds belongs to this shard)."""
    outputs = generate(
        model,
        tokenizer,
        prompts,
        sampling(settings),
        keys=keys,
        seed=seed,
        batch_size=settings["batch_size"],
        shard=shard,
        num_shards=num_shards,
        resume=ResumeLog(resume_path, fingerprint) if resume_path else None,
        desc=desc,
    )
    return {i: texts[0] for i, texts in outputs.items()}


def shard_indices(prompts: Sequence[str], batch_size: int, shard: int, n: int) -> list[int]:
    """The item indices shard `shard` of `n` generates (as `generate` plans them)."""
    from instructgen.generation import plan_batches, shard_batches

    batches = shard_batches(plan_batches([len(p) for p in prompts], batch_size), shard, n)
    return sorted(i for batch in batches for i in batch)


def superni_shard_main(
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
            fingerprint=_fingerprint(model_spec, settings, [shard, num_shards]),
            desc=f"super-ni shard {shard}",
        )
    count = write_jsonl(
        out_path, ({"id": items[i]["id"], "prediction": predictions[i]} for i in mine)
    )
    if resume_path:
        Path(resume_path).unlink(missing_ok=True)
    return count


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


def superni_merge_main(
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


def longform_main(
    items_path: str,
    model_name: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    out_predictions: str,
    out_metrics: str,
    resume_path: str | None = None,
    nltk_data: str | None = None,
) -> dict[str, Any]:
    """Greedy answers to the LongForm test instructions, scored with METEOR (NLTK)."""
    from instructgen.generation import load_generator
    from instructgen.meteor import load_wordnet

    items = read_longform_items(items_path)
    load_wordnet(nltk_data)  # fail on missing WordNet before generating, not after
    model, tokenizer = load_generator(model_spec, device)
    predictions = predict(
        model,
        tokenizer,
        [longform_prompt(item) for item in items],
        [item["id"] for item in items],
        settings,
        seed=seed,
        resume_path=resume_path,
        fingerprint=_fingerprint(model_spec, settings, "longform"),
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
    if resume_path:
        Path(resume_path).unlink(missing_ok=True)
    LOG.info("%s: LongForm METEOR %.4f on %d items", model_name, metrics["meteor"], len(items))
    return metrics
