"""Benchmark the perplexity filter's scorer: length-bucketed batches against one pair at a time.

Both methods score the SAME (instruction, output) pairs from the shipped Dolly and LongForm
files with the same model (results/models/base when the pipeline has built it, else a tiny
Llama built here) and must agree to 1e-4 relative on every pair; the figure is the ratio
of their wall times, measured in this one run.

Usage: .venv/bin/python benchmarks/perplexity.py [--pairs N] [--batch-size B] [--json PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import tiny_model_dir, write_json  # noqa: E402

from instructgen.loaders import load_dolly, load_longform  # noqa: E402
from instructgen.modeling import load_model, load_tokenizer  # noqa: E402
from instructgen.perplexity import score_pairs  # noqa: E402

SEED = 20240607


def shipped_pairs(limit: int) -> list[tuple[str, str]]:
    """Candidate-like pairs from the shipped Dolly and LongForm files: every output with the
    instructions of itself and the next records, as a fragment is scored with its k candidates."""
    records = [
        (r["instruction"], r["response"]) for r in load_dolly(ROOT / "data/dolly/dolly.jsonl")
    ]
    records += [(r["input"], r["output"]) for r in load_longform(ROOT / "data/longform/test.jsonl")]
    pairs = [
        (records[(i + j) % len(records)][0], records[i][1])
        for j in range(limit // len(records) + 1)
        for i in range(len(records))
    ]
    return pairs[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="pairs to score")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    torch.manual_seed(SEED)

    folder = tiny_model_dir()
    model, tokenizer = load_model(folder), load_tokenizer(folder)
    pairs = shipped_pairs(args.pairs)
    instructions, outputs = [p[0] for p in pairs], [p[1] for p in pairs]
    # Warm-up (allocator, kernels) so neither method pays it.
    score_pairs(model, tokenizer, instructions[:4], outputs[:4], batch_size=4)

    start = time.perf_counter()
    batched = score_pairs(model, tokenizer, instructions, outputs, batch_size=args.batch_size)
    batched_s = time.perf_counter() - start
    start = time.perf_counter()
    single = [
        score_pairs(model, tokenizer, [i], [o], batch_size=1)[0]
        for i, o in zip(instructions, outputs, strict=True)
    ]
    single_s = time.perf_counter() - start

    worst = max(abs(batched[k] - single[k]) / single[k] for k in range(len(pairs)))
    if worst > 1e-4:
        raise SystemExit(f"batched and single perplexities differ by {worst:.2e} (relative)")
    ratio = single_s / batched_s
    print(f"model: {folder}, device: cpu")
    print(
        f"batched (batch {args.batch_size}): {batched_s:.2f} s, {len(pairs) / batched_s:.1f} pairs/s"
    )
    print(f"one at a time: {single_s:.2f} s, {len(pairs) / single_s:.1f} pairs/s")
    print(f"max relative difference: {worst:.2e}")
    write_json(
        args.json,
        {
            "benchmark": "perplexity",
            "pairs": len(pairs),
            "batch_size": args.batch_size,
            "batched_s": batched_s,
            "single_s": single_s,
            "speedup": ratio,
            "max_relative_difference": worst,
            "threads": torch.get_num_threads(),
        },
    )
    print(f"perplexity: {ratio:.1f}x faster batched than one at a time ({len(pairs)} pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
