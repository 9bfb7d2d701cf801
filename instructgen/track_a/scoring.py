"""PPL(fragment | candidate) under a filter model (paper 1, section 3.1), one shard of the
pairs per job, resumable (rule score_candidates; instructgen.jobs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import Inference, Perplexity
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


def scoring_job(
    pairs: Sequence[tuple[str, str, str]],
    settings: Perplexity,
    encoded: Sequence[dict[str, list[int]]],
    shard: int = 0,
    num_shards: int = 1,
    resume_path: str | None = None,
) -> ItemJob:
    """One shard's job; its units follow the pairs' token lengths (`encoded`), as batches do."""
    return ItemJob(
        "perplexity",
        settings,
        [list(p) for p in pairs],
        [len(e["input_ids"]) for e in encoded],
        shard=shard,
        num_shards=num_shards,
        resume_path=resume_path,
    )


def perplexities_for(
    model,
    tokenizer,
    pairs: Sequence[tuple[str, str, str]],
    encoded: Sequence[dict[str, list[int]]],
    execution: Inference,
    job: ItemJob,
) -> list[dict[str, Any]]:
    """The job's pairs with their perplexity, resumed from and checkpointed to its log."""
    from instructgen.perplexity import score_pairs

    done = dict(job.log.done) if job.log else {}
    scores = score_pairs(
        model,
        tokenizer,
        [p[1] for p in pairs],
        [p[2] for p in pairs],
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units,
        encoded=encoded,
        on_batch=(lambda b, v: job.log.append(zip(b, v, strict=True))) if job.log else None,
        skip=set(done),
        desc=f"perplexity shard {job.shard + 1}/{job.num_shards}",
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
    settings: Perplexity,
    execution: Inference,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    pairs = scoring_pairs(fragments, candidates)
    from instructgen.generation import load_generator
    from instructgen.perplexity import encode_for

    # Perplexity needs the model's own forward pass, whatever backend generates text.
    model, tokenizer = load_generator(settings.model, execution.device, backend="transformers")
    cut: list[int] = []
    encoded = encode_for(model, tokenizer, [p[1] for p in pairs], [p[2] for p in pairs], cut)
    job = scoring_job(pairs, settings, encoded, shard, num_shards, resume_path)
    records = perplexities_for(model, tokenizer, pairs, encoded, execution, job)
    count = write_jsonl(out_path, records)
    mine = set(job.indices)
    job.write_card(out_path, {"pairs_cut": sum(i in mine for i in cut)}, execution)
    job.finish()
    return count
