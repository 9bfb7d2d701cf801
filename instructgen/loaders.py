"""Loaders for the corpora, in their real formats and in the shipped miniature ones.

Each loader validates as it reads and raises InputError naming the file (and line), so bad
input stops the workflow before any model is trained.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.io import iter_jsonl, read_json, read_text

DATA_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".parquet")


def data_files(root: str | Path) -> list[Path]:
    """The data files of a fetched source: the file itself, or every data file in a folder."""
    root = Path(root)
    if root.is_file():
        return [root]
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(DATA_SUFFIXES))
    if not files:
        raise InputError(str(root), f"no data files ({', '.join(DATA_SUFFIXES)}) found")
    return files


# Parquet rows decoded at a time: memory stays at one row group's columns and this many rows
# as Python objects, whatever the file's size.
PARQUET_BATCH_ROWS = 1024


def iter_records(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (location, record) from jsonl, gzipped jsonl or parquet files, streaming: nothing
    holds a whole file (the submit host reads multi-GB shards in a login node's memory)."""
    for file in data_files(path):
        name = file.name
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            index = 0
            for batch in pq.ParquetFile(file).iter_batches(batch_size=PARQUET_BATCH_ROWS):
                for row in batch.to_pylist():
                    yield f"{file}:row {index}", row
                    index += 1
        elif name.endswith(".gz"):
            with gzip.open(file, "rt", encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        try:
                            yield f"{file}:{number}", json.loads(line)
                        except json.JSONDecodeError as err:
                            raise InputError(
                                str(file), f"malformed JSON ({err.msg})", number
                            ) from None
        else:
            for number, record in iter_jsonl(file):
                yield f"{file}:{number}", record


def _require(record: dict[str, Any], keys: tuple[str, ...], location: str) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        path, _, line = location.rpartition(":")
        raise InputError(
            path, f"missing key(s) {', '.join(missing)}", int(line) if line.isdigit() else None
        )


def _split_location(location: str) -> tuple[str, int | None]:
    path, _, line = location.rpartition(":")
    return path, int(line) if line.isdigit() else None


def _at(location: str, message: str) -> tuple[str, str, int | None]:
    """InputError's arguments for a problem at a record's location."""
    path, line = _split_location(location)
    return path, message, line


def iter_passages(path: str | Path, source: str) -> Iterator[dict[str, Any]]:
    """Wikipedia (id, title, text) or C4 (text, url) records as {id, source, title, text},
    one at a time."""
    found = False
    for index, (location, record) in enumerate(iter_records(path)):
        _require(record, ("text",), location)
        text = record["text"]
        if not isinstance(text, str):
            raise InputError(*_split_location(location)[:1], "'text' must be a string")
        found = True
        yield {
            "id": f"{source}-{record.get('id', index)}",
            "source": source,
            "title": record.get("title") or record.get("url") or "",
            "text": text,
        }
    if not found:
        raise InputError(str(path), "the corpus is empty")


def load_passages(path: str | Path, source: str) -> list[dict[str, Any]]:
    """Every passage of a small corpus (the shipped one) as a list."""
    return list(iter_passages(path, source))


def load_self_instruct_seeds(path: str | Path) -> list[dict[str, Any]]:
    """Self-Instruct seed tasks: id, name, instruction, instances [{input, output}]."""
    seeds = []
    for location, record in iter_records(path):
        _require(record, ("instruction", "instances"), location)
        if not record["instances"]:
            raise InputError(*_at(location, "seed task has no instances"))
        seeds.append(record)
    if not seeds:
        raise InputError(str(path), "no seed tasks")
    return seeds


def load_self_instruct_generations(path: str | Path) -> list[dict[str, Any]]:
    """Self-Instruct's released GPT-3 data (all_instances_82K.jsonl): instruction, input,
    output per instance, each instruction repeated for its instances."""
    records = []
    for location, record in iter_records(path):
        _require(record, ("instruction",), location)
        records.append(record)
    if not records:
        raise InputError(str(path), "no Self-Instruct generations")
    return records


def load_dolly(path: str | Path) -> list[dict[str, Any]]:
    records = []
    for location, record in iter_records(path):
        _require(record, ("instruction", "response"), location)
        records.append(record)
    if not records:
        raise InputError(str(path), "no Dolly records")
    return records


def load_longform(path: str | Path) -> list[dict[str, Any]]:
    records = []
    for location, record in iter_records(path):
        _require(record, ("input", "output"), location)
        records.append(record)
    if not records:
        raise InputError(str(path), "no LongForm items")
    return records


# --- the judged sets (paper 1 Fig. 4, REFINE-AF Fig. 6) --------------------------------------


def load_vicuna_questions(path: str | Path) -> list[dict[str, Any]]:
    """Vicuna's benchmark questions (FastChat): question_id, category and a single turn."""
    questions, seen = [], set()
    for location, record in iter_records(path):
        _require(record, ("question_id", "category", "turns"), location)
        turns = record["turns"]
        if not (isinstance(turns, list) and len(turns) == 1 and isinstance(turns[0], str)):
            raise InputError(*_at(location, "'turns' must hold one question"))
        if record["question_id"] in seen:
            raise InputError(*_at(location, "duplicate question_id"))
        seen.add(record["question_id"])
        questions.append(record)
    if not questions:
        raise InputError(str(path), "no Vicuna questions")
    return questions


def load_user_oriented(path: str | Path) -> list[dict[str, Any]]:
    """Self-Instruct's user-oriented instructions: id, motivation_app, instruction and one
    instance {input, output}."""
    records = []
    for location, record in iter_records(path):
        _require(record, ("id", "instruction", "instances"), location)
        instances = record["instances"]
        if not (isinstance(instances, list) and len(instances) == 1):
            raise InputError(*_at(location, "'instances' must hold one instance"))
        _require(instances[0], ("input", "output"), location)
        records.append(record)
    if not records:
        raise InputError(str(path), "no user-oriented instructions")
    return records


# --- Super-NaturalInstructions -------------------------------------------------------------


def find_superni_root(root: str | Path) -> Path:
    """The folder that holds tasks/ (the fetched folder or an extracted archive inside it)."""
    root = Path(root)
    if (root / "tasks").is_dir():
        return root
    candidates = sorted(p.parent for p in root.rglob("tasks") if p.is_dir())
    if not candidates:
        raise InputError(str(root), "no tasks/ folder with Super-NI task files")
    return candidates[0]


def find_split_file(root: str | Path, split: str) -> Path:
    base = find_superni_root(root)
    for candidate in (
        base / "splits" / "default" / f"{split}_tasks.txt",
        base / "splits" / f"{split}_tasks.txt",
        base / f"{split}_tasks.txt",
    ):
        if candidate.exists():
            return candidate
    raise InputError(
        str(base),
        f"no split file {split}_tasks.txt (looked in splits/default/, splits/ and the root)",
    )


def read_split(
    split_file: str | Path, tasks_dir: str | Path, allow_missing: bool = False
) -> list[str]:
    """Task names of a split; a name without a task file is an error naming the line.

    `allow_missing` is for partial copies of the data (such as a format sample), never for runs.
    """
    names = []
    for number, name in split_lines(split_file):
        if not (Path(tasks_dir) / f"{name}.json").exists():
            if allow_missing:
                continue
            raise InputError(str(split_file), f"task '{name}' has no file in {tasks_dir}", number)
        names.append(name)
    if not names:
        raise InputError(str(split_file), "the split names no tasks")
    return names


def split_lines(split_file: str | Path) -> list[tuple[int, str]]:
    """(line number, task name) of every task a split file lists."""
    lines = enumerate(read_text(split_file).splitlines(), start=1)
    return [(n, line.strip()) for n, line in lines if line.strip() and not line.startswith("#")]


def load_superni_task(path: str | Path) -> dict[str, Any]:
    task = read_json(path)
    if not isinstance(task, dict):
        raise InputError(str(path), "a task file must hold a JSON object")
    for key in ("Definition", "Instances"):
        if key not in task:
            raise InputError(str(path), f"task file has no '{key}'")
    if not task["Instances"]:
        raise InputError(str(path), "task has no instances")
    for index, instance in enumerate(task["Instances"]):
        if "input" not in instance or "output" not in instance:
            raise InputError(str(path), f"instance {index} lacks 'input' or 'output'")
    definition = task["Definition"]
    task["Definition"] = definition[0] if isinstance(definition, list) else definition
    task["Categories"] = task.get("Categories") or ["Uncategorized"]
    return task


def split_tasks(root: str | Path, split: str, allow_missing: bool = False) -> list[str]:
    """The task names of `split` ('test' or 'train'), each checked to have a file."""
    base = find_superni_root(root)
    return read_split(find_split_file(base, split), base / "tasks", allow_missing)


def iter_superni_split(
    root: str | Path, split: str, allow_missing: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(task name, task) for every task of `split`, one task file in memory at a time (the
    train split holds gigabytes of tasks)."""
    tasks_dir = find_superni_root(root) / "tasks"
    for name in split_tasks(root, split, allow_missing):
        yield name, load_superni_task(tasks_dir / f"{name}.json")


def load_superni_split(
    root: str | Path, split: str, allow_missing: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """(task name, task) for every task of a small split (the shipped one) as a list."""
    return list(iter_superni_split(root, split, allow_missing))


def outputs_of(instance: dict[str, Any]) -> list[str]:
    output = instance["output"]
    return [output] if isinstance(output, str) else list(output)
