"""Existing instruction datasets in one record shape, with a card (rule
prepare_instruction_data).

Super-NI's training data follows the Super-NI convention (Wang et al., 2022; Tk-Instruct's
``ni_dataset.py``): every task of the default train split, each capped at
``max_instances_per_task`` instances drawn in a seeded shuffled order; paper 1's "+SUPERNI"
row (75,317 examples) is that set at a cap of 100. A train task that is also a test task stops
the job, naming the split file: no baseline trains on an evaluation task.

Paper 1 Table 2's "+SELF-INSTRUCT" (82K) is Self-Instruct's released GPT-3 data as it is, every
instance once; Table 4's "manual annotation" at 13,500 is the supervised corpus's Super-NI
instances with their own instructions (instructgen.corpora.supervised.manual_annotation).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from instructgen import loaders
from instructgen.corpora import supervised
from instructgen.errors import InputError
from instructgen.io import write_json, write_jsonl


def superni_train_tasks(source_dir: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The train split's tasks, one at a time, refusing (before reading any) a train task that
    the test split also lists."""
    train = loaders.split_tasks(source_dir, "train")
    test_split = loaders.find_split_file(source_dir, "test")
    test = {name for _, name in loaders.split_lines(test_split)}
    shared = sorted(set(train) & test)
    if shared:
        raise InputError(
            str(test_split), f"{len(shared)} test task(s) are also train tasks, e.g. {shared[0]}"
        )
    return loaders.iter_superni_split(source_dir, "train")


def capped(instances: list[Any], cap: int | None, key: str, seed: int) -> list[Any]:
    """At most `cap` instances of a task, drawn in a shuffled order seeded per task."""
    if cap is None or len(instances) <= cap:
        return instances
    order = list(range(len(instances)))
    random.Random(f"{seed}:superni-cap:{key}").shuffle(order)
    return [instances[i] for i in sorted(order[:cap])]


def instruction_records(
    name: str,
    source_dir: str,
    max_instances_per_task: int | None = None,
    seed: int = 0,
    passages_path: str | None = None,
) -> list[dict[str, Any]]:
    """Existing instruction datasets as {id, instruction, input, output, source}
    (`passages_path`: the supervised corpus, for ``supervised_manual``)."""
    records = []
    if name == "superni_train":
        for task_name, task in superni_train_tasks(source_dir):
            instances = capped(task["Instances"], max_instances_per_task, task_name, seed)
            for index, instance in enumerate(instances):
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
    elif name == "self_instruct_gpt3":
        for index, record in enumerate(loaders.load_self_instruct_generations(source_dir)):
            if not isinstance(record.get("output"), str):
                raise InputError(source_dir, f"record {index + 1} has no output to train on")
            records.append(
                {
                    "id": f"gpt3-{index}",
                    "instruction": record["instruction"],
                    "input": record.get("input", "") or "",
                    "output": record["output"],
                    "source": "self_instruct_gpt3",
                }
            )
    elif name == "supervised_manual":
        if passages_path is None:
            raise ValueError("supervised_manual is drawn from the supervised corpus: pass it")
        records = supervised.manual_annotation(source_dir, passages_path)
    else:
        raise ValueError(f"unknown instruction dataset {name!r}")
    return records


def main(
    *,
    name: str,
    source_dir: str,
    max_instances_per_task: int | None,
    seed: int,
    out_path: str,
    out_card: str,
    passages_path: str | None = None,
) -> int:
    records = instruction_records(name, source_dir, max_instances_per_task, seed, passages_path)
    if not records:
        raise InputError(source_dir, f"{name}: no instruction records")
    count = write_jsonl(out_path, records)
    card = {"dataset": name, "source": source_dir, "records": count, "seed": seed}
    if passages_path is not None:
        card["passages"] = passages_path
    if name == "superni_train":
        card["tasks"] = len({r["source"] for r in records})
        card["max_instances_per_task"] = max_instances_per_task
    write_json(out_card, card)
    return count
