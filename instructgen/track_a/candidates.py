"""k candidate instructions per fragment by nucleus sampling from a generator, one shard of
the fragments per job, resumable (rule generate_candidates; instructgen.jobs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import CandidateGeneration, Inference
from instructgen.templates import generator_prompt
from instructgen.track_a.common import FRAGMENT_KEYS


def clean_candidate(text: str) -> str:
    """The first line, stripped. An empty result is kept (and counted), not resampled, so the
    k candidates of a fragment stay aligned with their random streams."""
    return text.split("\n", 1)[0].strip()


def sampling_params(settings: CandidateGeneration):
    from instructgen.generation import SamplingParams

    return SamplingParams(
        max_new_tokens=settings.max_new_tokens,
        do_sample=True,
        temperature=settings.temperature,
        top_p=settings.top_p,
        top_k=settings.top_k,
        num_return_sequences=settings.k,
    )


def candidate_job(
    fragments: Sequence[dict[str, Any]],
    settings: CandidateGeneration,
    shard: int = 0,
    num_shards: int = 1,
    resume_path: str | None = None,
) -> ItemJob:
    """The job of one shard: its fragments' prompts, keyed with the sampling settings."""
    prompts = [generator_prompt(f["text"], settings.format) for f in fragments]
    return ItemJob.of_prompts(
        "candidates",
        settings,
        [f["id"] for f in fragments],
        prompts,
        shard=shard,
        num_shards=num_shards,
        resume_path=resume_path,
    )


def candidates_for(
    model,
    tokenizer,
    fragments: Sequence[dict[str, Any]],
    settings: CandidateGeneration,
    execution: Inference,
    job: ItemJob,
    report=None,
) -> list[dict[str, Any]]:
    """The job's fragments with k raw samples each, resumed from and checkpointed to its log
    (`report`, an instructgen.generation.GenerationReport, counts what generation did)."""
    from instructgen.generation import generate

    done = generate(
        model,
        tokenizer,
        [generator_prompt(f["text"], settings.format) for f in fragments],
        sampling_params(settings),
        keys=[f["id"] for f in fragments],
        seed=settings.seed,
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units,
        resume=job.log,
        report=report,
        desc=f"candidates shard {job.shard + 1}/{job.num_shards}",
    )
    return [
        {
            "fragment_id": fragments[i]["id"],
            "candidates": [clean_candidate(t) for t in done[i]],
            "raw": done[i],
        }
        for i in sorted(done)
    ]


def main(
    *,
    fragments_path: str,
    settings: CandidateGeneration,
    execution: Inference,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    if not fragments:
        raise InputError(fragments_path, "no fragments")
    from instructgen.generation import GenerationReport, load_generator

    job = candidate_job(fragments, settings, shard, num_shards, resume_path)
    model, tokenizer = load_generator(settings.model, execution.device)
    report = GenerationReport()
    records = candidates_for(model, tokenizer, fragments, settings, execution, job, report)
    count = write_jsonl(out_path, records)
    job.write_card(out_path, report.as_dict(), execution)
    job.finish()
    return count
