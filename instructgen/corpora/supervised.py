"""Paper 1's supervised corpus: outputs of Super-NI training-task instances as fragments
(rule build_supervised_corpus).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import write_jsonl


def _outputs(superni_dir: str) -> Iterator[dict[str, Any]]:
    """Every non-empty first output of a training instance, in split and task order."""
    count = 0
    for name, task in loaders.iter_superni_split(superni_dir, "train"):
        for instance in task["Instances"]:
            output = loaders.outputs_of(instance)[0].strip()
            if output:
                yield {
                    "id": instance.get("id", f"{name}-{count}"),
                    "source": "superni",
                    "title": name,
                    "text": output,
                }
                count += 1


def main(*, superni_dir: str, count: int, seed: int, out_path: str) -> int:
    """`count` outputs drawn with the seed; two streaming passes over the training tasks (count,
    then keep the drawn ones), so memory holds one task file and the sample."""
    rng = random.Random(seed)
    available = sum(1 for _ in _outputs(superni_dir))
    if not available:
        raise InputError(superni_dir, "no non-empty outputs in the training tasks")
    chosen = set(rng.sample(range(available), min(count, available)))
    return write_jsonl(out_path, (o for i, o in enumerate(_outputs(superni_dir)) if i in chosen))
