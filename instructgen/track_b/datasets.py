"""Each instruction with the instances parsed from its generation, as the Table II subsets
(the first N instructions) with REFINE-AF Table V's statistics in their cards (rule
track_b_datasets).

Each shard record says which prompt its text continued (is_classification), so it is read
with that prompt's parser: "Class label: X" then an input for the output-first prompt of a
classification task, where the label becomes the instance's output, and "Example N" blocks
ending in "Output:" for the input-first prompt. The statistics also count classification and
non-classification instructions (Self-Instruct's Table 1 has both rows; REFINE-AF's Table V
leaves them out, so they are in the card only).
"""

from __future__ import annotations

import logging
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.jobs import merge_shards
from instructgen.settings import TrackBDatasets
from instructgen.track_b.instances import parse_generation

LOG = logging.getLogger(__name__)


def table_v_statistics(
    records: list[dict[str, Any]], num_instructions: int, num_classification: int
) -> dict[str, Any]:
    """Appendix IX-A, Table V: counts and average lengths in words, with Self-Instruct's
    counts of classification and non-classification instructions (of `num_instructions`,
    `num_classification` were taken for classification tasks)."""

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 4) if values else None

    instructions = {r["provenance"]["instruction_id"]: r["instruction"] for r in records}
    non_empty = [len(r["input"].split()) for r in records if r["input"].strip()]
    return {
        "instructions": num_instructions,
        "classification_instructions": num_classification,
        "non_classification_instructions": num_instructions - num_classification,
        "instructions_with_instances": len(instructions),
        "instances": len(records),
        "empty_inputs": sum(1 for r in records if not r["input"].strip()),
        "avg_instruction_length": mean([len(t.split()) for t in instructions.values()]),
        "avg_nonempty_input_length": mean(non_empty),
        "avg_output_length": mean([len(r["output"].split()) for r in records]),
    }


def build_records(
    instructions: list[dict[str, Any]],
    texts: dict[str, str],
    classification: dict[str, bool],
    method: str,
    model_name: str,
    policy: str,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Dataset records in pool order, and how many instructions/blocks were dropped; each text
    is parsed as the output-first or input-first prompt's continuation, as `classification` (by
    instruction id) says."""
    records = []
    dropped = {"malformed_blocks": 0, "instructions_without_instances": 0}
    for instruction in instructions:
        instances, malformed = parse_generation(
            texts[instruction["id"]], classification[instruction["id"]]
        )
        dropped["malformed_blocks"] += malformed
        if not instances:
            dropped["instructions_without_instances"] += 1
        for j, instance in enumerate(instances):
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
    return records, dropped


def main(
    *,
    instructions_path: str,
    shard_paths: list[str],
    method: str,
    model_name: str,
    settings: TrackBDatasets,
    out_paths: list[str],
) -> None:
    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    generations = merge_shards(
        shard_paths,
        [r["id"] for r in instructions],
        lambda record: record["id"],
        ["id", "is_classification", "text"],
    )
    texts = {g["id"]: g["text"] for g in generations}
    classification = {g["id"]: bool(g["is_classification"]) for g in generations}
    if len(settings.sizes) != len(out_paths):
        raise ValueError("one output path per size is needed")
    for size, out_path in zip(settings.sizes, out_paths, strict=True):
        count = len(instructions) if size == "all" else int(size)
        subset = instructions[:count]
        records, dropped = build_records(
            subset, texts, classification, method, model_name, settings.policy
        )
        if not records:
            raise InputError(out_path, f"no instructions of {size} gave a well-formed instance")
        stats = table_v_statistics(
            records, len(subset), sum(classification[r["id"]] for r in subset)
        )
        LOG.info("%s %s: %s, dropped %s", method, size, stats, dropped)
        write_jsonl(out_path, records)
        write_json(
            plan.card(out_path),
            {
                "method": method,
                "base_model": model_name,
                "policy": settings.policy,
                "size": size,
                "instructions_file": instructions_path,
                "statistics": stats,
                "dropped": dropped,
                "settings": {"max_new_tokens": settings.max_new_tokens},
                "seed": settings.seed,
            },
        )
