"""What several Track A steps share: the fragment record and merging shards back in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl

FRAGMENT_KEYS = ("id", "passage_id", "corpus", "source", "strategy", "text")


def one_line(text: str) -> str:
    return " ".join(text.split())


def merge_shards(
    shard_paths: Sequence[str], order: Sequence[Any], key, required: Sequence[str]
) -> list[dict[str, Any]]:
    """Shard records put back in `order` (a list of keys); every key must occur exactly once."""
    by_key: dict[Any, dict[str, Any]] = {}
    for path in shard_paths:
        for record in read_jsonl(path, required):
            k = key(record)
            if k in by_key:
                raise InputError(path, f"{k!r} appears in more than one shard")
            by_key[k] = record
    missing = [k for k in order if k not in by_key]
    if missing or len(by_key) != len(order):
        raise InputError(
            shard_paths[0],
            f"shards cover {len(by_key)} items, expected {len(order)} (missing e.g. {missing[:1]})",
        )
    return [by_key[k] for k in order]
