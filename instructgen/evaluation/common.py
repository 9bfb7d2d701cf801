"""Prompts, test items and batched greedy prediction shared by both benchmarks."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import SamplingParams, generate
from instructgen.io import read_jsonl
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


def job_fingerprint(model_spec: dict[str, Any], settings: dict[str, Any], extra: Any) -> str:
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
