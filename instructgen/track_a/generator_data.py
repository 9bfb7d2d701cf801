"""Existing instruction data as output -> instruction pairs in a Table 9 (LongForm) or Table 7
(Alpaca) format, to fine-tune a reverse instruction generator on (rule generator_data).
"""

from __future__ import annotations

import logging
import random
from typing import Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_jsonl
from instructgen.templates import generator_prompt, generator_target
from instructgen.track_a.common import one_line

LOG = logging.getLogger(__name__)


def reverse_instruction(record: dict[str, Any]) -> str:
    """What the generator learns to write: the instruction with its input, on one line (the
    generated datasets have no separate input field, and candidates are cut at the first line)."""
    return one_line(f"{record['instruction']} {record.get('input', '')}")


def generator_pairs(
    records_by_file: dict[str, list[dict[str, Any]]],
    source: str,
    fmt: str,
    size: int,
    seed: int,
) -> list[dict[str, Any]]:
    """A seeded sample of `size` records of the source as (prompt, target) training pairs."""
    pool = [r for name in plan.SOURCE_DATA[source] for r in records_by_file[name]]
    pool = [r for r in pool if r["output"].strip() and reverse_instruction(r)]
    if len(pool) < size:
        LOG.warning(
            "source %s has %d usable records, fewer than %d: using all", source, len(pool), size
        )
    chosen = random.Random(f"{seed}:generator-data:{source}").sample(pool, min(size, len(pool)))
    return [
        {
            "id": r["id"],
            "source": source,
            "format": fmt,
            "instruction": reverse_instruction(r),
            "output": r["output"],
            "prompt": generator_prompt(r["output"], fmt),
            "target": generator_target(reverse_instruction(r), fmt),
        }
        for r in chosen
    ]


def main(
    *, instruction_files: dict[str, str], generator: str, size: int, seed: int, out_path: str
) -> int:
    parsed = plan.Generator.parse(generator)
    source, fmt = parsed.source, parsed.format
    records = {
        name: read_jsonl(path, ["id", "instruction", "output"])
        for name, path in instruction_files.items()
    }
    pairs = generator_pairs(records, source, fmt, size, seed)
    if not pairs:
        raise InputError(", ".join(instruction_files.values()), f"no usable records for {source}")
    LOG.info("%d %s pairs in the %s format", len(pairs), source, fmt)
    return write_jsonl(out_path, pairs)
