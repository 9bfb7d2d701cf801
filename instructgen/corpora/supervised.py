"""Paper 1's supervised corpus: outputs of Super-NI training-task instances as fragments
(rule build_supervised_corpus).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_jsonl


def _instances(superni_dir: str) -> Iterator[tuple[dict[str, Any], dict[str, Any], str]]:
    """(corpus record, instance, task definition) for every training instance with a
    non-empty first output, in split and task order."""
    count = 0
    for name, task in loaders.iter_superni_split(superni_dir, "train"):
        for instance in task["Instances"]:
            output = loaders.outputs_of(instance)[0].strip()
            if output:
                record = {
                    "id": instance.get("id", f"{name}-{count}"),
                    "source": "superni",
                    "title": name,
                    "text": output,
                }
                yield record, instance, task["Definition"]
                count += 1


def _outputs(superni_dir: str) -> Iterator[dict[str, Any]]:
    """Every non-empty first output of a training instance, in split and task order."""
    return (record for record, _, _ in _instances(superni_dir))


def manual_annotation(superni_dir: str, passages_path: str) -> list[dict[str, Any]]:
    """Paper 1 Table 4's "manual annotation" at the generated rows' size: the supervised
    corpus's instances with Super-NI's own human-written instruction (the task definition) and
    input, and the same output text the generated rows pair their instructions with."""
    wanted = {record["id"] for record in read_jsonl(passages_path, ["id"])}
    records = [
        {
            "id": record["id"],
            "instruction": definition,
            "input": instance["input"],
            "output": record["text"],
            "source": f"superni:{record['title']}",
        }
        for record, instance, definition in _instances(superni_dir)
        if record["id"] in wanted
    ]
    missing = len(wanted) - len(records)
    if missing:
        raise InputError(
            passages_path,
            f"{missing} passage(s) are no Super-NI training instance of {superni_dir}",
        )
    return records


def main(*, superni_dir: str, count: int, seed: int, out_path: str) -> int:
    """`count` outputs drawn with the seed; two streaming passes over the training tasks (count,
    then keep the drawn ones), so memory holds one task file and the sample."""
    rng = random.Random(seed)
    available = sum(1 for _ in _outputs(superni_dir))
    if not available:
        raise InputError(superni_dir, "no non-empty outputs in the training tasks")
    chosen = set(rng.sample(range(available), min(count, available)))
    return write_jsonl(out_path, (o for i, o in enumerate(_outputs(superni_dir)) if i in chosen))
