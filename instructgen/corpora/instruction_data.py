"""Existing instruction datasets in one record shape (rule prepare_instruction_data)."""

from __future__ import annotations

from typing import Any

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import write_jsonl


def instruction_records(name: str, source_dir: str) -> list[dict[str, Any]]:
    """Existing instruction datasets as {id, instruction, input, output, source}."""
    records = []
    if name == "superni_train":
        for task_name, task in loaders.load_superni_split(source_dir, "train"):
            for index, instance in enumerate(task["Instances"]):
                records.append(
                    {
                        "id": instance.get("id", f"{task_name}-{index}"),
                        "instruction": task["Definition"],
                        "input": instance["input"],
                        "output": loaders.outputs_of(instance)[0],
                        "source": f"superni:{task_name}",
                    }
                )
    elif name == "dolly":
        for index, record in enumerate(loaders.load_dolly(source_dir)):
            records.append(
                {
                    "id": f"dolly-{index}",
                    "instruction": record["instruction"],
                    "input": record.get("context", "") or "",
                    "output": record["response"],
                    "source": f"dolly:{record.get('category', '')}",
                }
            )
    elif name == "self_instruct_seeds":
        for seed_task in loaders.load_self_instruct_seeds(source_dir):
            for index, instance in enumerate(seed_task["instances"]):
                records.append(
                    {
                        "id": f"{seed_task.get('id', seed_task.get('name'))}-{index}",
                        "instruction": seed_task["instruction"],
                        "input": instance.get("input", ""),
                        "output": instance["output"],
                        "source": "self_instruct_seed",
                    }
                )
    elif name == "longform":
        for index, record in enumerate(loaders.load_longform(source_dir)):
            records.append(
                {
                    "id": f"longform-{index}",
                    "instruction": record["input"],
                    "input": "",
                    "output": record["output"],
                    "source": f"longform:{record.get('source', '')}",
                }
            )
    else:
        raise ValueError(f"unknown instruction dataset {name!r}")
    return records


def main(*, name: str, source_dir: str, out_path: str) -> int:
    records = instruction_records(name, source_dir)
    if not records:
        raise InputError(source_dir, f"{name}: no instruction records")
    return write_jsonl(out_path, records)
