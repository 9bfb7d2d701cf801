"""The LongForm test set as evaluation items (rule prepare_longform_test)."""

from __future__ import annotations

from instructgen import loaders
from instructgen.io import write_jsonl


def main(*, longform_dir: str, max_items: int, out_path: str) -> int:
    items = [
        {
            "id": f"longform-{i}",
            "instruction": r["input"],
            "reference": r["output"],
            "source": r.get("source", ""),
        }
        for i, r in enumerate(loaders.load_longform(longform_dir)[:max_items])
    ]
    return write_jsonl(out_path, items)
