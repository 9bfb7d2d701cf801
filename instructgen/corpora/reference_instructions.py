"""Self-Instruct's published GPT-3 instructions, each once, as REFINE-AF Fig. 5's reference
set (rule prepare_reference_instructions)."""

from __future__ import annotations

from instructgen import loaders
from instructgen.io import write_jsonl


def main(*, source_dir: str, out_path: str) -> int:
    distinct: dict[str, None] = {}
    for record in loaders.load_self_instruct_generations(source_dir):
        text = " ".join(str(record["instruction"]).split())
        if text:
            distinct.setdefault(text, None)
    rows = [{"id": f"gpt3-{i}", "instruction": text} for i, text in enumerate(distinct)]
    return write_jsonl(out_path, rows)
