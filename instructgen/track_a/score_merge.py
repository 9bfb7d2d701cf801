"""Perplexity shards put back in fragment and candidate order (rule merge_scores)."""

from __future__ import annotations

from collections.abc import Sequence

from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import merge_shards
from instructgen.track_a.scoring import scoring_pairs


def main(
    *, fragments_path: str, candidates_path: str, shard_paths: Sequence[str], out_path: str
) -> int:
    fragments = read_jsonl(fragments_path, ["id", "text"])
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    order = [(fid, instruction) for fid, instruction, _ in scoring_pairs(fragments, candidates)]
    records = merge_shards(
        shard_paths,
        order,
        lambda r: (r["fragment_id"], r["instruction"]),
        ["fragment_id", "instruction", "perplexity"],
    )
    return write_jsonl(out_path, records)
