"""k candidate instructions per fragment by nucleus sampling from a generator, one shard of
the fragments per job, resumable (rule generate_candidates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog, fingerprint, model_fingerprint
from instructgen.templates import generator_prompt
from instructgen.track_a.common import FRAGMENT_KEYS


def clean_candidate(text: str) -> str:
    """The first line, stripped. An empty result is kept (and counted), not resampled, so the
    k candidates of a fragment stay aligned with their random streams."""
    return text.split("\n", 1)[0].strip()


def sampling_params(settings: dict[str, Any]):
    from instructgen.generation import SamplingParams

    return SamplingParams(
        max_new_tokens=settings["max_new_tokens"],
        do_sample=True,
        temperature=settings["temperature"],
        top_p=settings["top_p"],
        top_k=settings["top_k"],
        num_return_sequences=settings["k"],
    )


def candidates_for(
    model,
    tokenizer,
    fragments: Sequence[dict[str, Any]],
    fmt: str,
    settings: dict[str, Any],
    seed: int,
    shard: int,
    num_shards: int,
    resume: ResumeLog | None = None,
) -> list[dict[str, Any]]:
    """This shard's fragments with k raw samples each, resumed from and checkpointed to `resume`."""
    from instructgen.generation import generate

    done = generate(
        model,
        tokenizer,
        [generator_prompt(f["text"], fmt) for f in fragments],
        sampling_params(settings),
        keys=[f["id"] for f in fragments],
        seed=seed,
        batch_size=settings["batch_size"],
        shard=shard,
        num_shards=num_shards,
        resume=resume,
        desc=f"candidates shard {shard + 1}/{num_shards}",
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
    generator: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    if not fragments:
        raise InputError(fragments_path, "no fragments")
    from instructgen.generation import load_generator

    fmt = plan.Generator.parse(generator).format
    model, tokenizer = load_generator(model_spec, device)
    resume = ResumeLog(
        resume_path,
        fingerprint(
            "candidates",
            [f["id"] + "\0" + f["text"] for f in fragments],
            model_fingerprint(model_spec["source"]),
            fmt,
            settings,
            seed,
            shard,
            num_shards,
        ),
    )
    records = candidates_for(
        model, tokenizer, fragments, fmt, settings, seed, shard, num_shards, resume
    )
    count = write_jsonl(out_path, records)
    resume.remove()
    return count
