"""Each instruction with its instances, as the Table II subsets (the first N instructions) with
REFINE-AF Table V's statistics in their cards (rule track_b_datasets).

Where the instances come from depends on track_b.instances.mode:

- `one_pair` (REFINE-AF II-D): the instance shards, merged in pool order; each text gives its
  first parseable (input, output) pair (instructgen.track_b.instances.first_pair). The card
  counts the instructions whose text has none (they get no instance) and the kept pairs that
  end a generation cut by the token limit (kept, but possibly cut);
- `self_instruct`: the instances Self-Instruct's post-processing kept
  (instructgen.track_b.postprocess); the card sums its drop counts over the subset's
  instructions, and counts classification and non-classification instructions (Self-Instruct's
  Table 1 has both rows; REFINE-AF's Table V leaves them out, so they are in the card only).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.jobs import merge_shards
from instructgen.settings import TrackBDatasets
from instructgen.track_b.instances import first_pair

LOG = logging.getLogger(__name__)


def table_v_statistics(
    records: list[dict[str, Any]], num_instructions: int, num_classification: int | None
) -> dict[str, Any]:
    """Appendix IX-A, Table V: counts and average lengths in words, with Self-Instruct's
    counts of classification and non-classification instructions when the instructions were
    classified (of `num_instructions`, `num_classification` were taken for classification
    tasks; None in the one_pair mode, which asks no such question)."""

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 4) if values else None

    instructions = {r["provenance"]["instruction_id"]: r["instruction"] for r in records}
    non_empty = [len(r["input"].split()) for r in records if r["input"].strip()]
    classified = {}
    if num_classification is not None:
        classified = {
            "classification_instructions": num_classification,
            "non_classification_instructions": num_instructions - num_classification,
        }
    return {
        "instructions": num_instructions,
        **classified,
        "instructions_with_instances": len(instructions),
        "instances": len(records),
        "empty_inputs": sum(1 for r in records if not r["input"].strip()),
        "avg_instruction_length": mean([len(t.split()) for t in instructions.values()]),
        "avg_nonempty_input_length": mean(non_empty),
        "avg_output_length": mean([len(r["output"].split()) for r in records]),
    }


def one_pair_instances(
    generations: Sequence[dict[str, Any]],
) -> tuple[dict[str, list[dict[str, str]]], dict[str, dict[str, int]]]:
    """The one_pair mode: each instruction's first parseable pair (or none), and per
    instruction whether it has none and whether its pair ends a generation cut by the token
    limit."""
    instances: dict[str, list[dict[str, str]]] = {}
    counts: dict[str, dict[str, int]] = {}
    for generation in generations:
        pair, last = first_pair(generation["text"])
        instances[generation["id"]] = [pair] if pair else []
        counts[generation["id"]] = {
            "instructions_without_pair": int(pair is None),
            "pairs_ending_a_truncated_generation": int(
                pair is not None and last and bool(generation["truncated"])
            ),
        }
    return instances, counts


def build_records(
    instructions: Sequence[dict[str, Any]],
    instances: Mapping[str, list[dict[str, str]]],
    classification: Mapping[str, bool | None],
    method: str,
    model_name: str,
    policy: str,
) -> list[dict[str, Any]]:
    """Dataset records in pool order: every kept instance of every instruction."""
    records = []
    for instruction in instructions:
        for j, instance in enumerate(instances[instruction["id"]]):
            records.append(
                {
                    "id": f"{model_name}-{method}-{instruction['id']}-{j}",
                    "instruction": instruction["instruction"],
                    "input": instance["input"],
                    "output": instance["output"],
                    "provenance": {
                        "instruction_id": instruction["id"],
                        "round": instruction.get("round"),
                        "instance_index": j,
                        "is_classification": classification[instruction["id"]],
                        "method": method,
                        "base_model": model_name,
                        "policy": policy,
                    },
                }
            )
    return records


def read_instances(
    instructions: Sequence[dict[str, Any]], paths: Sequence[str], mode: str
) -> tuple[dict[str, list], dict[str, bool | None], dict[str, dict[str, int]]]:
    """(instances, is_classification, drop counts), each by instruction id, from the instance
    shards (one_pair) or the post-processed file (self_instruct)."""
    order = [r["id"] for r in instructions]
    if mode == "one_pair":
        generations = merge_shards(
            paths, order, lambda r: r["id"], ["id", "is_classification", "truncated", "text"]
        )
        instances, counts = one_pair_instances(generations)
        return instances, {g["id"]: None for g in generations}, counts
    if len(paths) != 1:
        raise ValueError("the self_instruct mode reads one post-processed file")
    processed = merge_shards(
        paths, order, lambda r: r["id"], ["id", "is_classification", "instances", "dropped"]
    )
    return (
        {r["id"]: r["instances"] for r in processed},
        {r["id"]: bool(r["is_classification"]) for r in processed},
        {r["id"]: r["dropped"] for r in processed},
    )


def main(
    *,
    instructions_path: str,
    instance_paths: list[str],
    method: str,
    model_name: str,
    settings: TrackBDatasets,
    out_paths: list[str],
) -> None:
    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    instances, classification, drops = read_instances(instructions, instance_paths, settings.mode)
    if len(settings.sizes) != len(out_paths):
        raise ValueError("one output path per size is needed")
    for size, out_path in zip(settings.sizes, out_paths, strict=True):
        count = len(instructions) if size == "all" else int(size)
        subset = instructions[:count]
        records = build_records(
            subset, instances, classification, method, model_name, settings.policy
        )
        if not records:
            raise InputError(out_path, f"no instructions of {size} gave a well-formed instance")
        classified = None
        if settings.mode == "self_instruct":
            classified = sum(bool(classification[r["id"]]) for r in subset)
        stats = table_v_statistics(records, len(subset), classified)
        dropped: Counter = Counter()
        for r in subset:
            dropped.update(drops[r["id"]])
        LOG.info("%s %s: %s, dropped %s", method, size, stats, dict(dropped))
        write_jsonl(out_path, records)
        write_json(
            plan.card(out_path),
            {
                "method": method,
                "base_model": model_name,
                "policy": settings.policy,
                "size": size,
                "mode": settings.mode,
                "instructions_file": instructions_path,
                "statistics": stats,
                "dropped": dict(dropped),
                "settings": {"max_new_tokens": settings.max_new_tokens},
                "seed": settings.seed,
            },
        )
