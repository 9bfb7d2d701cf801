"""One skeleton for the steps that run a model over many items (candidates, perplexity
scoring, LLM extraction, classification, instances, both evaluations).

A job of such a step:

1. takes its shard of the items (`shard_units`): the items, ordered by length, are cut into
   units of `UNIT` items and shard k takes every `num_shards`-th unit starting at the k-th.
   Batches are cut inside a unit and never across two, so an item lands in the same batch
   whatever the shard count (scores stay bit-identical when the count changes), and a shard
   holds the same items whatever the batch size (a shard rerun with another batch size can
   neither drop nor repeat an item);
2. keys its resume log (`ItemJob`) by everything its items' results depend on: the step, the
   items, the model's identity (`model_identity`), the step's result settings and the shard.
   Batch size and device are not in the key: a job killed on one GPU resumes on another with
   a larger batch;
3. runs the items the log does not hold yet, appending each finished batch to the log;
4. writes its output and removes the log (`ItemJob.finish`).

A merge job then puts the shards back in the items' order (`merge_shards`), failing when an
item is missing or in two shards.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_json, read_jsonl, write_json
from instructgen.resume import ResumeLog, fingerprint
from instructgen.settings import ModelSpec, Step

LOG = logging.getLogger(__name__)


def item_seed(seed: int, key: str) -> int:
    """A 63-bit seed for one item, stable across machines and Python processes (here, not in
    generation, so that the data steps that sample without a model do not import torch)."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 63) - 1)


def model_identity(spec: ModelSpec) -> dict[str, Any]:
    """What identifies a model's weights cheaply: its spec, and for a folder its files' names,
    sizes and modification times (a rebuilt model invalidates logs made with the old one)."""
    identity: dict[str, Any] = {"spec": [spec.source, spec.kind, spec.dtype, spec.backend]}
    folder = Path(spec.source)
    if folder.is_dir():
        identity["files"] = [
            [f.name, f.stat().st_size, f.stat().st_mtime_ns]
            for f in sorted(folder.iterdir())
            if f.is_file()
        ]
    return identity


# Items per unit: a multiple of every batch size the configs use, so a unit splits into whole
# batches, and small enough that a few hundred items still spread over several shards.
UNIT = 64


def shard_units(lengths: Sequence[int], shard: int, num_shards: int) -> list[list[int]]:
    """The units of shard `shard` of `num_shards`: item indices, longest first (ties by index),
    in runs of `UNIT`; the shard takes every `num_shards`-th run starting at its own."""
    if not 0 <= shard < num_shards:
        raise ValueError(f"shard {shard} is outside 0..{num_shards - 1}")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    units = [order[i : i + UNIT] for i in range(0, len(order), UNIT)]
    return units[shard::num_shards]


class ItemJob:
    """One job of an item step: its items and its resume log.

    `items` is what the results depend on besides the model and the settings (prompts, or the
    pairs scored), one JSON-serialisable entry per item; `lengths` orders them for sharding.
    """

    def __init__(
        self,
        step: str,
        settings: Step,
        items: Sequence[Any],
        lengths: Sequence[int],
        *,
        shard: int = 0,
        num_shards: int = 1,
        resume_path: str | Path | None = None,
    ) -> None:
        self.step, self.shard, self.num_shards = step, shard, num_shards
        self.units = shard_units(lengths, shard, num_shards)
        self.indices = [i for unit in self.units for i in unit]
        models = [model_identity(v) for v in vars(settings).values() if isinstance(v, ModelSpec)]
        self.key = fingerprint(step, list(items), models, settings.params(), shard, num_shards)
        self.log = ResumeLog(resume_path, self.key) if resume_path else None
        LOG.info(
            "%s shard %d of %d: %d of %d items", step, shard, num_shards, len(self.indices),
            len(items),
        )  # fmt: skip

    @classmethod
    def of_prompts(
        cls,
        step: str,
        settings: Step,
        keys: Sequence[str],
        prompts: Sequence[str],
        *,
        shard: int = 0,
        num_shards: int = 1,
        resume_path: str | Path | None = None,
    ) -> ItemJob:
        """A job whose items are prompts, each named by its key (an id), sharded by the
        prompts' lengths as generation batches them."""
        return cls(
            step,
            settings,
            [[key, prompt] for key, prompt in zip(keys, prompts, strict=True)],
            [len(p) for p in prompts],
            shard=shard,
            num_shards=num_shards,
            resume_path=resume_path,
        )

    def write_card(self, out_path: str, counts: dict[str, int], execution: Any) -> None:
        """The job's card beside its output: what it ran (items, shard), what generation did
        (`counts`: prompts cut to the model's context, rows a stop string ended, ...) and how
        it ran (`execution`, a dataclass)."""
        write_json(
            plan.card(out_path),
            {
                "step": self.step,
                "shard": [self.shard, self.num_shards],
                "items": len(self.indices),
                "counts": counts,
                "execution": dataclasses.asdict(execution),
            },
        )

    def finish(self) -> None:
        """The output is written: the resume log is no longer needed."""
        if self.log is not None:
            self.log.remove()


def merge_shards(
    shard_paths: Sequence[str],
    order: Sequence[Any],
    key: Callable[[dict[str, Any]], Any],
    required: Sequence[str],
) -> list[dict[str, Any]]:
    """Shard records put back in `order` (a list of keys); every key exactly once."""
    by_key: dict[Any, dict[str, Any]] = {}
    for path in shard_paths:
        for record in read_jsonl(path, required):
            k = key(record)
            if k in by_key:
                raise InputError(path, f"{k!r} appears in more than one shard")
            by_key[k] = record
    missing = [k for k in order if k not in by_key]
    if missing or len(by_key) != len(order):
        expected = set(order)
        extra = [k for k in by_key if k not in expected]
        raise InputError(
            shard_paths[0],
            f"shards cover {len(by_key)} items, expected {len(order)} "
            f"(missing e.g. {missing[:1]}, unexpected e.g. {extra[:1]})",
        )
    return [by_key[k] for k in order]


def summed_counts(shard_paths: Sequence[str]) -> dict[str, int]:
    """The counts of every shard's card, summed (what the merged output reports)."""
    total: Counter = Counter()
    for path in shard_paths:
        total.update(read_json(plan.card(path))["counts"])
    return dict(total)
