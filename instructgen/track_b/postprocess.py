"""Self-Instruct's instance post-processing (rule postprocess_instances, the self_instruct mode of
track_b.instances.mode): the rules of its prepare_for_finetuning step (yizhongw/self-instruct,
self_instruct/prepare_for_finetuning.py), applied to each instruction's parsed instances in
Self-Instruct's order:

1. `truncated_last`: a generation that ran into the token limit (Self-Instruct's finish_reason
   "length") loses its last block, the one the limit cut (an instance, or text the parser could
   not read as one: Self-Instruct's parser makes an instance of any text after "Example N");
2. per instance, the first that applies of `input_equals_output`, `empty_output` and
   `ends_with_colon` (the input or the output ends with ":", "usually incomplete generation");
3. `conflicting_outputs`: when two instances have the same non-empty input but different
   outputs, all the instruction's instances go;
4. `duplicates`: an instance equal to an earlier one (input and output) goes;
5. `over_limit`: more than `max_instances_per_task` instances (Self-Instruct: 5) are cut to that
   many, drawn at random.

Each count is of instances dropped. Two deliberate differences, both for reproducibility:
duplicates are removed keeping the first (Self-Instruct's `list(set(...))` order depends on
Python's string hashing), and the draw of step 5 is seeded per instruction (from the config
seed and the instruction id) and keeps the drawn instances in their generated order, so an
instruction's instances do not depend on the others or on the process.

The blocks come from the parser of the prompt each text continued
(instructgen.track_b.instances.generation_blocks); `malformed_blocks` counts the others that
hold no instance. `main` merges the instance shards in pool order
and writes one record per instruction, {id, is_classification, truncated, instances, dropped},
and a card with the totals; instructgen.track_b.datasets builds the Table II subsets from it.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from instructgen import plan
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.jobs import item_seed, merge_shards
from instructgen.settings import InstancePostprocessing
from instructgen.track_b.instances import Block, generation_blocks, instances_of

LOG = logging.getLogger(__name__)

# Why blocks were dropped, in the order the rules apply (malformed_blocks: the parser's).
DROPS = (
    "truncated_last",
    "malformed_blocks",
    "input_equals_output",
    "empty_output",
    "ends_with_colon",
    "conflicting_outputs",
    "duplicates",
    "over_limit",
)


def invalid_reason(instance: dict[str, str]) -> str | None:
    """Self-Instruct's filter_invalid_instances: why an instance is unusable, or None."""
    if instance["input"] == instance["output"]:
        return "input_equals_output"
    if instance["output"] == "":
        return "empty_output"
    if instance["input"].strip().endswith(":") or instance["output"].strip().endswith(":"):
        return "ends_with_colon"
    return None


def has_conflict(instances: Sequence[dict[str, str]]) -> bool:
    """Two instances with the same non-empty input and different outputs."""
    outputs: dict[str, str] = {}
    for instance in instances:
        if instance["input"] == "":
            continue
        if outputs.setdefault(instance["input"], instance["output"]) != instance["output"]:
            return True
    return False


def postprocess(
    blocks: Sequence[Block], truncated: bool, max_instances: int, seed: int
) -> tuple[list[dict[str, str]], Counter]:
    """The instances of one instruction's parsed blocks that Self-Instruct's rules keep, and how
    many each rule dropped (the module docstring's steps 1 to 5; `seed` draws step 5's
    sample)."""
    dropped: Counter = Counter()
    blocks = list(blocks)
    if truncated and blocks:
        blocks.pop()
        dropped["truncated_last"] += 1
    kept, dropped["malformed_blocks"] = instances_of(blocks)
    valid = []
    for instance in kept:
        reason = invalid_reason(instance)
        if reason is None:
            valid.append(instance)
        else:
            dropped[reason] += 1
    if has_conflict(valid):
        dropped["conflicting_outputs"] += len(valid)
        return [], dropped
    unique: list[dict[str, str]] = []
    for instance in valid:
        if instance in unique:
            dropped["duplicates"] += 1
        else:
            unique.append(instance)
    if len(unique) > max_instances:
        drawn = sorted(random.Random(seed).sample(range(len(unique)), max_instances))
        dropped["over_limit"] += len(unique) - max_instances
        unique = [unique[i] for i in drawn]
    return unique, dropped


def process_texts(
    generations: Sequence[dict[str, Any]], settings: InstancePostprocessing
) -> list[dict[str, Any]]:
    """One record per instance shard record (id, is_classification, truncated, text): its
    kept instances and its drop counts (every rule, zeros included)."""
    records = []
    for generation in generations:
        kept, dropped = postprocess(
            generation_blocks(generation["text"], generation["is_classification"]),
            bool(generation["truncated"]),
            settings.max_instances_per_task,
            item_seed(settings.seed, f"postprocess-{generation['id']}"),
        )
        records.append(
            {
                "id": generation["id"],
                "is_classification": generation["is_classification"],
                "truncated": bool(generation["truncated"]),
                "instances": kept,
                "dropped": {k: dropped[k] for k in DROPS},
            }
        )
    return records


def totals(records: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Instructions, instances kept, instructions left without any, and every drop count."""
    summed: Counter = Counter()
    for record in records:
        summed.update(record["dropped"])
    return {
        "instructions": len(records),
        "instances": sum(len(r["instances"]) for r in records),
        "instructions_without_instances": sum(1 for r in records if not r["instances"]),
        "truncated_generations": sum(1 for r in records if r["truncated"]),
        **{k: summed[k] for k in DROPS},
    }


def main(
    *,
    instructions_path: str,
    shard_paths: list[str],
    settings: InstancePostprocessing,
    out_path: str,
) -> None:
    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    generations = merge_shards(
        shard_paths,
        [r["id"] for r in instructions],
        lambda record: record["id"],
        ["id", "is_classification", "truncated", "text"],
    )
    records = process_texts(generations, settings)
    counts = totals(records)
    LOG.info("post-processing: %s", counts)
    write_jsonl(out_path, records)
    write_json(
        plan.card(out_path),
        {
            "instructions_file": instructions_path,
            "counts": counts,
            "settings": {"max_instances_per_task": settings.max_instances_per_task},
            "seed": settings.seed,
        },
    )
