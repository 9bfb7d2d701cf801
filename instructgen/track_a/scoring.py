"""PPL(fragment | candidate) under a filter model (paper 1, section 3.1), one shard of the
pairs per job, resumable (rule score_candidates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog, fingerprint, model_fingerprint
from instructgen.track_a.common import FRAGMENT_KEYS


def scoring_pairs(
    fragments: Sequence[dict[str, Any]], candidates: Sequence[dict[str, Any]]
) -> list[tuple[str, str, str]]:
    """Unique (fragment id, instruction, fragment text) to score, in fragment and candidate
    order; empty candidates are not scored and duplicates are scored once."""
    text = {f["id"]: f["text"] for f in fragments}
    pairs: dict[tuple[str, str], str] = {}
    for record in candidates:
        for instruction in record["candidates"]:
            if instruction:
                pairs.setdefault((record["fragment_id"], instruction), text[record["fragment_id"]])
    return [(fid, instruction, output) for (fid, instruction), output in pairs.items()]


def perplexities_for(
    model,
    tokenizer,
    pairs: Sequence[tuple[str, str, str]],
    batch_size: int,
    shard: int,
    num_shards: int,
    resume: ResumeLog | None = None,
) -> list[dict[str, Any]]:
    """This shard's pairs with their perplexity, resumed from and checkpointed to `resume`."""
    from instructgen.perplexity import score_pairs

    done = dict(resume.done) if resume else {}
    scores = score_pairs(
        model,
        tokenizer,
        [p[1] for p in pairs],
        [p[2] for p in pairs],
        batch_size=batch_size,
        shard=shard,
        num_shards=num_shards,
        on_batch=(lambda b, v: resume.append(zip(b, v, strict=True))) if resume else None,
        skip=set(done),
        desc=f"perplexity shard {shard + 1}/{num_shards}",
    )
    done.update(scores)
    return [
        {"fragment_id": pairs[i][0], "instruction": pairs[i][1], "perplexity": done[i]}
        for i in sorted(done)
    ]


def main(
    *,
    fragments_path: str,
    candidates_path: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    pairs = scoring_pairs(fragments, candidates)
    from instructgen.generation import load_generator

    # Perplexity needs the model's own forward pass, whatever backend generates text.
    model, tokenizer = load_generator(model_spec, device, backend="transformers")
    resume = ResumeLog(
        resume_path,
        fingerprint(
            "perplexity",
            pairs,
            model_fingerprint(model_spec["source"], model_spec.get("revision")),
            settings["batch_size"],
            shard,
            num_shards,
        ),
    )
    records = perplexities_for(
        model, tokenizer, pairs, settings["batch_size"], shard, num_shards, resume
    )
    count = write_jsonl(out_path, records)
    resume.remove()
    return count
