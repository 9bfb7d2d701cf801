"""Generated datasets concatenated, each record keeping its provenance (paper 1, Table 2's
last row; rule combine_track_a).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.track_a.datasets import dataset_card


def main(
    *,
    part_paths: Sequence[str],
    part_ids: Sequence[str],
    name: str,
    seed: int,
    out_path: str,
    out_card: str,
) -> int:
    """Table 2's last row: generated datasets concatenated (each record keeps its provenance)."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in part_paths:
        for record in read_jsonl(path, ["id", "instruction", "input", "output"]):
            if record["id"] in seen:
                raise InputError(path, f"record {record['id']!r} is also in an earlier part")
            seen.add(record["id"])
            records.append(record)
    count = write_jsonl(out_path, records)
    write_json(
        out_card,
        dataset_card(
            records,
            {
                "records": count,
                "parts": {
                    p: sum(1 for _ in read_jsonl(path))
                    for p, path in zip(part_ids, part_paths, strict=True)
                },
            },
            dataset=f"combined/{name}",
            parts=list(part_ids),
            seed=seed,
        ),
    )
    return count
