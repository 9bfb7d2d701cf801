"""The batch shapes `make gpu-check` (benchmarks/gpu.py) measured, worked out on the CPU.

The H200 figures in README "Performance" are peaks of GPU memory at known batch shapes; the
resource model (instructgen.resources) is calibrated on them (tests/test_resources.py). What a
peak depends on is each measured batch's rows and its longest prompt in tokens, and those
depend on the BPE tokenizer gpu.py trains on data/ and the prompts it builds from the shipped
data. This script runs exactly those functions (tokenizer training, prompt building, the
shuffles, `take`, the perplexity encoding) without a GPU, in a few seconds, and prints the
shapes as JSON:

    .venv/bin/python benchmarks/gpu_shapes.py

Measured at the run of 2026-12-04: the bootstrapping batch then read `track_b.bootstrap.
batch_size` (32), the key since renamed `prompts_per_round`.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import gpu
import yaml


def batch_shapes(config_path: str | Path = gpu.PAPER_CONFIG) -> dict[str, dict[str, Any]]:
    """Each measured workload: rows generated or scored at once, the longest prompt (tokens,
    with the BOS gpu.py's tokenizer adds) and new tokens."""
    from instructgen.perplexity import encode_instructions_outputs
    from instructgen.templates import PROJECT_PROMPTS
    from instructgen.tiny.tokenizer import train_tokenizer

    config = yaml.safe_load(Path(config_path).read_text())
    sizes = gpu.FULL
    shape = gpu.POLICY_SHAPE
    with tempfile.TemporaryDirectory() as tmp, gpu.quiet_fds():
        tokenizer = train_tokenizer(gpu.shipped_texts(), shape["vocab_size"], 2, tmp)

    def longest(prompts: list[str]) -> int:
        limit = shape["max_position_embeddings"]
        return max(min(len(tokenizer(p)["input_ids"]), limit) for p in prompts)

    cand = config["track_a"]["candidates"]
    boot = config["track_b"]["bootstrap"]
    superni = config["evaluation"]["superni"]
    prompts = gpu.track_a_prompts()
    shapes: dict[str, dict[str, Any]] = {
        # One prompt at a time: the peak is that of the longest of the prompts it ran.
        "generation, one prompt": {
            "rows": 1,
            "prompt_tokens": longest(gpu.take(prompts, sizes.single_prompts)),
            "new_tokens": sizes.sweep_tokens,
        }
    }
    for b in sizes.sweep_batches:
        shapes[f"generation, batch {b}"] = {
            "rows": b,
            "prompt_tokens": longest(gpu.take(prompts, b)),
            "new_tokens": sizes.sweep_tokens,
        }
    n = cand["batch_size"]
    shapes["Track A candidates"] = {
        "rows": n * cand["k"],
        # The loop of the measured run copied each prompt k times before the prefill.
        "prefill_rows": n * cand["k"],
        "prompt_tokens": longest(gpu.take(prompts, n)),
        "new_tokens": cand["max_new_tokens"],
    }
    rows = boot.get("batch_size", boot.get("prompts_per_round"))
    shapes["Track B bootstrapping"] = {
        "rows": rows,
        "prompt_tokens": longest(gpu.bootstrap_prompts(boot, rows)),
        "new_tokens": boot["max_new_tokens"],
    }
    shapes["Super-NI evaluation"] = {
        "rows": superni["batch_size"],
        "prompt_tokens": longest(gpu.take(gpu.superni_prompts(), superni["batch_size"])),
        "new_tokens": superni["max_new_tokens"],
    }
    pairs = gpu.filter_pairs()
    encoded = encode_instructions_outputs(
        tokenizer, [p[0] for p in pairs], [p[1] for p in pairs], shape["max_position_embeddings"]
    )
    lengths = [len(e["input_ids"]) for e in encoded]
    # Batch 1 scored the first single_pairs pairs; the batched contenders the first `pairs`,
    # length-sorted, so their first batch holds the longest.
    shapes["perplexity scoring, batch 1"] = {
        "rows": 1,
        "tokens": max(gpu.take(lengths, sizes.single_pairs)),
    }
    for b in sizes.pair_batches:
        shapes[f"perplexity scoring, batch {b}"] = {
            "rows": b,
            "tokens": max(gpu.take(lengths, sizes.pairs)),
        }
    rl = config["track_b"]["rl"]
    ppo_prompts = [PROJECT_PROMPTS.instance(i) for i in gpu.seed_instructions()]
    for label in ("bf16 LoRA", "4-bit LoRA"):
        shapes[f"PPO step, {label}"] = {
            "rollouts": rl["batch_size"],
            "micro_batch": rl["batch_size"] // rl["gradient_accumulation_steps"],
            "prompt_tokens": longest(ppo_prompts),
            "new_tokens": rl["max_new_tokens"],
        }
    return shapes


def main() -> int:
    json.dump(batch_shapes(), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
