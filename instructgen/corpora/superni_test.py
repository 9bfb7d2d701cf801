"""The Super-NI test split as evaluation items (rule prepare_superni_test)."""

from __future__ import annotations

from typing import Any

from instructgen import loaders
from instructgen.io import write_jsonl


def superni_test_items(superni_dir: str, max_per_task: int) -> list[dict[str, Any]]:
    """The official test split's tasks, first N instances each, with definitions and categories."""
    items = []
    for name, task in loaders.iter_superni_split(superni_dir, "test"):
        for instance in task["Instances"][:max_per_task]:
            items.append(
                {
                    "id": instance["id"],
                    "task": name,
                    "category": task["Categories"][0],
                    "definition": task["Definition"],
                    "input": instance["input"],
                    "references": loaders.outputs_of(instance),
                }
            )
    return items


def main(*, superni_dir: str, max_per_task: int, out_path: str) -> int:
    return write_jsonl(out_path, superni_test_items(superni_dir, max_per_task))
