"""The arg-min candidate per fragment (or the first, unfiltered) as an instruction dataset with
provenance and a card (rule track_a_dataset).
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Sequence
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.settings import TrackADataset
from instructgen.stats import length_stats
from instructgen.track_a.common import FRAGMENT_KEYS

LOG = logging.getLogger(__name__)


def seeded_order(ids: Sequence[str], seed: int) -> list[str]:
    """A fixed shuffle of fragment ids; size N takes its first N, so smaller sets nest."""
    order = list(ids)
    random.Random(f"{seed}:dataset-order").shuffle(order)
    return order


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def select_instructions(
    candidates: Sequence[dict[str, Any]],
    scores: dict[tuple[str, str], float] | None,
) -> dict[str, tuple[int | None, list[dict[str, Any]]]]:
    """Per fragment: (chosen candidate index or None, candidates with perplexities).

    With scores, the arg-min perplexity among non-empty candidates (section 3.1); without
    (filter "none"), the first non-empty candidate, i.e. one sample per fragment."""
    from instructgen.perplexity import choose

    chosen = {}
    for record in candidates:
        fid = record["fragment_id"]
        listed = []
        for instruction in record["candidates"]:
            ppl = scores.get((fid, instruction)) if scores is not None and instruction else None
            listed.append({"instruction": instruction, "perplexity": _finite(ppl)})
        if scores is None:
            index = next((i for i, c in enumerate(listed) if c["instruction"]), None)
        else:
            index = choose([c["perplexity"] if c["instruction"] else None for c in listed])
        chosen[fid] = (index, listed)
    return chosen


def build_dataset(
    fragments: Sequence[dict[str, Any]],
    candidates: Sequence[dict[str, Any]],
    scores: dict[tuple[str, str], float] | None,
    generator: str,
    filter_ref: str,
    size: str,
    seed: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Records of the dataset (fragment order) and its counts."""
    by_id = {f["id"]: f for f in fragments}
    unknown = [r["fragment_id"] for r in candidates if r["fragment_id"] not in by_id]
    if unknown:
        raise InputError("candidates", f"fragment {unknown[0]!r} is not in the fragment set")
    chosen = select_instructions(candidates, scores)
    usable = [fid for fid in seeded_order(list(chosen), seed) if chosen[fid][0] is not None]
    wanted = len(usable) if size == "all" else int(size)
    if wanted > len(usable):
        LOG.warning(
            "size %s asked for, but only %d fragments have an instruction", size, len(usable)
        )
    keep = set(usable[:wanted])
    records = []
    for record in candidates:
        fid = record["fragment_id"]
        if fid not in keep:
            continue
        index, listed = chosen[fid]
        fragment = by_id[fid]
        records.append(
            {
                "id": fid,
                "instruction": listed[index]["instruction"],
                "input": "",
                "output": fragment["text"],
                "provenance": {
                    "fragment_id": fid,
                    "passage_id": fragment["passage_id"],
                    "corpus": fragment["corpus"],
                    "strategy": fragment["strategy"],
                    "source": fragment["source"],
                    "generator": generator,
                    "filter": filter_ref,
                    "chosen_index": index,
                    "candidates": listed,
                },
            }
        )
    counts = {
        "fragments": len(candidates),
        "candidates": sum(len(r["candidates"]) for r in candidates),
        "empty_candidates": sum(c == "" for r in candidates for c in r["candidates"]),
        "fragments_without_instruction": len(candidates) - len(usable),
        "requested_size": size,
        "records": len(records),
    }
    return records, counts


def dataset_card(records: Sequence[dict[str, Any]], counts: dict[str, Any], **extra: Any):
    chosen = [
        r["provenance"]["candidates"][r["provenance"]["chosen_index"]]["perplexity"]
        for r in records
        if "candidates" in r["provenance"]
    ]
    chosen = [p for p in chosen if p is not None]
    return {
        "counts": counts,
        "instruction_length": length_stats(r["instruction"] for r in records),
        "output_length": length_stats(r["output"] for r in records),
        "chosen_perplexity_mean": sum(chosen) / len(chosen) if chosen else None,
        **extra,
    }


def main(
    *,
    fragments_path: str,
    candidates_path: str,
    scores_path: str | None,
    settings: TrackADataset,
    out_path: str,
    out_card: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    scores = None
    if scores_path:
        scores = {
            (r["fragment_id"], r["instruction"]): r["perplexity"]
            for r in read_jsonl(scores_path, ["fragment_id", "instruction", "perplexity"])
        }
    dataset = plan.TrackADataset.parse_id(settings.dataset)
    generator, filter_ref, size = (dataset.wildcards[k] for k in ("generator", "filter", "size"))
    records, counts = build_dataset(
        fragments, candidates, scores, generator, filter_ref, size, settings.seed
    )
    if not records:
        raise InputError(candidates_path, "no fragment has a usable instruction: dataset is empty")
    count = write_jsonl(out_path, records)
    provenance = settings.section()
    del provenance["dataset"]
    write_json(
        out_card,
        dataset_card(
            records,
            counts,
            dataset=settings.dataset,
            generator=generator,
            filter=filter_ref,
            size=size,
            seed=settings.seed,
            config=provenance,
            inputs={
                "fragments": fragments_path,
                "candidates": candidates_path,
                "scores": scores_path,
            },
        ),
    )
    return count
