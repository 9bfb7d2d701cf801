"""Candidate shards put back in fragment order (rule merge_candidates)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import merge_shards

LOG = logging.getLogger(__name__)


def main(*, fragments_path: str, shard_paths: Sequence[str], out_path: str) -> int:
    fragments = read_jsonl(fragments_path, ["id"])
    records = merge_shards(
        shard_paths, [f["id"] for f in fragments], lambda r: r["fragment_id"], ["fragment_id"]
    )
    empty = sum(c == "" for r in records for c in r["candidates"])
    total = sum(len(r["candidates"]) for r in records)
    LOG.info("%d of %d candidates are empty after cleaning", empty, total)
    return write_jsonl(out_path, records)
