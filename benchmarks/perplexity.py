"""Benchmark the perplexity filter's scorer: length-bucketed batches against one pair at a time.

The batched scorer is measured against the straightforward method, one pair at a time through
the model's own loss (labels with the prompt masked), and against itself at batch size 1. All
score the SAME (instruction, output) pairs — the filter's workload: fragments of
the shipped corpus as paper 1 extracts them (random sentences, YAKE keywords, Super-NI outputs,
whole passages), each with k = 3 candidate instructions — with the same model (results/models/base when the pipeline has built it, else a tiny
Llama built here) and must agree to 1e-4 relative on every pair; the figure is the ratio
of their wall times, measured in this one run.

Usage: .venv/bin/python benchmarks/perplexity.py [--pairs N] [--batch-size B] [--json PATH]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import race, tiny_model_dir, write_json  # noqa: E402

from instructgen import loaders  # noqa: E402
from instructgen.fragments.rule_based import extract  # noqa: E402
from instructgen.loaders import load_dolly, load_passages  # noqa: E402
from instructgen.modeling import load_model, load_tokenizer  # noqa: E402
from instructgen.perplexity import encode_instruction_output, score_pairs  # noqa: E402

SEED = 20240607


def shipped_pairs(limit: int) -> list[tuple[str, str]]:
    """(candidate instruction, fragment) pairs: each fragment with 3 shipped instructions."""
    passages = load_passages(ROOT / "data/corpus/wikipedia.jsonl", "wikipedia")
    settings = {"keywords": {"top_k": 5, "max_ngram_size": 3, "dedup_threshold": 0.9}}
    fragments = []
    for strategy in ("random_sentence", "keywords", "whole"):
        fragments += [f["text"] for f in extract(passages[:40], strategy, "u", settings, SEED)]
    fragments += [
        loaders.outputs_of(instance)[0]
        for _, task in loaders.load_superni_split(ROOT / "data/superni", "train")
        for instance in task["Instances"][:10]
    ]
    instructions = [r["instruction"] for r in load_dolly(ROOT / "data/dolly/dolly.jsonl")]
    random.Random(SEED).shuffle(fragments)
    pairs = [
        (instructions[(3 * i + j) % len(instructions)], fragment)
        for i, fragment in enumerate(fragments)
        for j in range(3)
    ]
    return pairs[:limit]


@torch.inference_mode()
def reference_perplexity(model, tokenizer, instruction: str, output: str) -> float:
    """The straightforward way: one pair, the model's own loss (prompt tokens labelled -100)."""
    encoded = encode_instruction_output(tokenizer, instruction, output, 2048)
    ids = torch.tensor([encoded["input_ids"]])
    labels = torch.tensor([encoded["labels"]])
    loss = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels).loss
    return math.exp(loss.item())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300, help="pairs to score")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--repeats", type=int, default=5, help="rounds; each side keeps its fastest"
    )
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    torch.manual_seed(SEED)

    folder = tiny_model_dir()
    model, tokenizer = load_model(folder), load_tokenizer(folder)
    pairs = shipped_pairs(args.pairs)
    instructions, outputs = [p[0] for p in pairs], [p[1] for p in pairs]
    # Warm-up (allocator, kernels) so neither method pays it.
    score_pairs(model, tokenizer, instructions[:4], outputs[:4], batch_size=4)

    timings = race(
        {
            "batched": lambda: score_pairs(
                model, tokenizer, instructions, outputs, batch_size=args.batch_size
            ),
            "single": lambda: [
                score_pairs(model, tokenizer, [i], [o], batch_size=1)[0]
                for i, o in zip(instructions, outputs, strict=True)
            ],
            "reference": lambda: [reference_perplexity(model, tokenizer, i, o) for i, o in pairs],
        },
        rounds=args.repeats,
    )
    batched_s, batched = timings["batched"].best_s, timings["batched"].result
    single_s, single = timings["single"].best_s, timings["single"].result
    reference_s, reference = timings["reference"].best_s, timings["reference"].result
    round_ratios = [
        r / b
        for r, b in zip(timings["reference"].rounds_s, timings["batched"].rounds_s, strict=True)
    ]

    worst = max(
        max(abs(batched[k] - single[k]), abs(batched[k] - reference[k])) / reference[k]
        for k in range(len(pairs))
    )
    if worst > 1e-4:
        raise SystemExit(f"batched and single perplexities differ by {worst:.2e} (relative)")
    ratio = reference_s / batched_s
    print(f"model: {folder}, device: cpu")
    print(
        f"batched (batch {args.batch_size}): {batched_s:.2f} s, {len(pairs) / batched_s:.1f} pairs/s"
    )
    print(
        f"one at a time, reference (model loss per pair): {reference_s:.2f} s, "
        f"{len(pairs) / reference_s:.1f} pairs/s"
    )
    print(
        f"one at a time, this scorer at batch 1: {single_s:.2f} s, "
        f"{len(pairs) / single_s:.1f} pairs/s ({single_s / batched_s:.1f}x slower than batched)"
    )
    print(f"max relative difference: {worst:.2e}")
    print("speedup per round: " + ", ".join(f"{r:.1f}x" for r in round_ratios))
    write_json(
        args.json,
        {
            "benchmark": "perplexity",
            "pairs": len(pairs),
            "batch_size": args.batch_size,
            "batched_s": batched_s,
            "single_s": single_s,
            "reference_s": reference_s,
            "speedup": ratio,
            "speedup_vs_own_batch_1": single_s / batched_s,
            "round_speedups": round_ratios,
            "rounds": args.repeats,
            "max_relative_difference": worst,
            "threads": torch.get_num_threads(),
        },
    )
    print(f"perplexity: {ratio:.1f}x faster batched than one at a time ({len(pairs)} pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
