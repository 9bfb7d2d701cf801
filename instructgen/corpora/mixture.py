"""A mixture of prepared baselines: a given number of records drawn from each (rule
mix_instruction_data; paper 1 Table 2's "+SUPERNI+LongForm", config ``sft.mixtures``).

Each part's records are drawn without replacement in a seeded order of its own (seed, mixture
and part name), kept in the part's file order, and the parts follow one another in config
order; the SFT stage shuffles them. A part with fewer records than asked stops the job: a
mixture is never silently smaller than configured.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl

FIELDS = ["id", "instruction", "input", "output"]


def draw(records: list[dict[str, Any]], size: int, seed: int, key: str) -> list[dict[str, Any]]:
    """`size` of the records, chosen by a generator seeded with (seed, key), in file order."""
    chosen = random.Random(f"{seed}:mixture:{key}").sample(range(len(records)), size)
    return [records[i] for i in sorted(chosen)]


def main(
    *,
    name: str,
    part_paths: Mapping[str, str],
    sizes: Mapping[str, int],
    seed: int,
    out_path: str,
    out_card: str,
) -> int:
    mixed: list[dict[str, Any]] = []
    parts: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for part, size in sizes.items():
        path = part_paths[part]
        records = read_jsonl(path, FIELDS)
        if len(records) < size:
            raise InputError(
                path,
                f"has {len(records)} records; sft.mixtures.{name}.{part} asks for {size}",
            )
        for record in draw(records, size, seed, f"{name}:{part}"):
            if record["id"] in seen:
                raise InputError(path, f"record {record['id']!r} is also in an earlier part")
            seen.add(record["id"])
            mixed.append(record)
        parts[part] = {"path": path, "records": size, "available": len(records)}
    count = write_jsonl(out_path, mixed)
    write_json(out_card, {"dataset": f"mix.{name}", "records": count, "parts": parts, "seed": seed})
    return count
