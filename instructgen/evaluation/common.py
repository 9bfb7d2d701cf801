"""Prompts, test items and batched prediction shared by both benchmarks: how an item is
prompted, decoded and where its answer stops are settings (config evaluation.<benchmark>.prompt,
temperature and stop_strings)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import Evaluation, Inference, JudgedResponses, decoding_args
from instructgen.templates import EVALUATION_PROMPTS

# The scoring and merging jobs read test items through this module; generation (and torch, ~3 s
# of every job's start) is imported only where a model decodes.
if TYPE_CHECKING:
    from instructgen.generation import GenerationReport, SamplingParams

LOG = logging.getLogger(__name__)


SUPERNI_FIELDS = ("id", "task", "category", "definition", "input", "references")


LONGFORM_FIELDS = ("id", "instruction", "reference")


def superni_prompt(item: dict[str, Any], style: str = "alpaca") -> str:
    """Definition-only zero-shot prompt: no positive/negative examples, no explanations."""
    return EVALUATION_PROMPTS[style](item["definition"], item["input"])


def longform_prompt(item: dict[str, Any], style: str = "alpaca") -> str:
    return EVALUATION_PROMPTS[style](item["instruction"])


def judged_prompt(item: dict[str, Any], style: str = "alpaca") -> str:
    """A judged set's request: its instruction and its input, if any."""
    return EVALUATION_PROMPTS[style](item["instruction"], item["input"])


def sampling(section: Mapping[str, Any]) -> SamplingParams:
    """The decoding a config section (evaluation.superni, .longform, .judged.responses) sets:
    greedy at temperature 0, else sampled from the whole distribution at that temperature; an
    answer ends at EOS, at max_new_tokens or before the first of its stop strings."""
    from instructgen.generation import SamplingParams

    return SamplingParams(
        **decoding_args(section["max_new_tokens"], section["temperature"], section["stop_strings"])
    )


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


JUDGED_FIELDS = ("id", "category", "instruction", "input", "reference")


def read_judged_items(path: str) -> list[dict[str, Any]]:
    """A judged set's items (instructgen.corpora.judged_sets)."""
    items = read_jsonl(path, JUDGED_FIELDS)
    if not items:
        raise InputError(path, "the judged set is empty")
    return items


# Each benchmark's test items and how an item is prompted.
BENCHMARKS = {
    "superni": (read_superni_items, superni_prompt),
    "longform": (read_longform_items, longform_prompt),
}


def benchmark_of(settings: Evaluation | JudgedResponses):
    """(read the items, prompt an item) of an evaluation job, a benchmark's or a judged set's,
    its items asked in the configured prompt style (instructgen.templates.EVALUATION_PROMPTS:
    the Alpaca template the checkpoints are fine-tuned with, or bare)."""
    if isinstance(settings, JudgedResponses):
        read, prompt = read_judged_items, judged_prompt
    else:
        read, prompt = BENCHMARKS[settings.benchmark]
    return read, lambda item: prompt(item, settings.prompt)


def sampling_of(settings: Evaluation | JudgedResponses) -> tuple[SamplingParams, int]:
    """(decoding, seed) of an evaluation job, as its settings configure it."""
    from instructgen.generation import SamplingParams

    return SamplingParams(**settings.decoding()), settings.seed or 0


def evaluation_job(
    benchmark: str,
    settings: Evaluation | JudgedResponses,
    items: Sequence[dict[str, Any]],
    prompts: Sequence[str],
    shard: int = 0,
    num_shards: int = 1,
    resume_path: str | None = None,
) -> ItemJob:
    """One job of an evaluation: its shard of the test items, keyed by model and settings."""
    return ItemJob.of_prompts(
        benchmark,
        settings,
        [item["id"] for item in items],
        prompts,
        shard=shard,
        num_shards=num_shards,
        resume_path=resume_path,
    )


def predict(
    model,
    tokenizer,
    prompts: Sequence[str],
    keys: Sequence[str],
    settings: Evaluation | JudgedResponses,
    execution: Inference,
    job: ItemJob,
    report: GenerationReport | None = None,
    desc: str = "evaluate",
) -> dict[int, str]:
    """Predictions {index: text} for the job's items, resumable through its log."""
    from instructgen.generation import generate

    params, seed = sampling_of(settings)
    outputs = generate(
        model,
        tokenizer,
        prompts,
        params,
        keys=keys,
        seed=seed,
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units,
        resume=job.log,
        report=report,
        desc=desc,
    )
    return {i: texts[0] for i, texts in outputs.items()}
