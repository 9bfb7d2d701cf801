"""Paper 1's supervised corpus: outputs of Super-NI training-task instances as fragments
(rule main).
"""

from __future__ import annotations

import random

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import write_jsonl


def main(*, superni_dir: str, count: int, seed: int, out_path: str) -> int:
    """Paper 1's supervised corpus: outputs of Super-NI training-task instances as fragments."""
    rng = random.Random(seed)
    pool = []
    for name, task in loaders.load_superni_split(superni_dir, "train"):
        for instance in task["Instances"]:
            output = loaders.outputs_of(instance)[0].strip()
            if output:
                pool.append(
                    {
                        "id": instance.get("id", f"{name}-{len(pool)}"),
                        "source": "superni",
                        "title": name,
                        "text": output,
                    }
                )
    if not pool:
        raise InputError(superni_dir, "no non-empty outputs in the training tasks")
    chosen = sorted(rng.sample(range(len(pool)), min(count, len(pool))))
    return write_jsonl(out_path, [pool[i] for i in chosen])
