"""Batched vs one-at-a-time generation on the tiny model, in instructions per second.

Both runs generate the same prompts (Track A's reverse-instruction prompt, Table 9, around one
sentence of each shipped passage: the candidate-generation workload) with the same sampling; the batched run uses the pipeline's batched, length-sorted,
left-padded decoding. The last line is the ratio measured in this run and how many prompts got
the same text both ways (sampling draws from one random stream per prompt, so all should).
"""

from __future__ import annotations

import argparse
import json

from common import REPO, machine, race, tiny_model_dir, write_json

from instructgen.fragments.rule_based import split_sentences
from instructgen.generation import SamplingParams, generate
from instructgen.modeling import load_model, load_tokenizer
from instructgen.templates import generator_prompt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prompts", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument(
        "--repeats", type=int, default=3, help="rounds; each side keeps its fastest"
    )
    parser.add_argument("--json")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(2)
    model_dir = tiny_model_dir()
    model, tokenizer = load_model(model_dir), load_tokenizer(model_dir)
    tokenizer.padding_side = "left"
    passages = [json.loads(line)["text"] for line in open(REPO / "data/corpus/wikipedia.jsonl")]
    prompts = [
        generator_prompt(split_sentences(text)[0], "instruction")
        for text in passages[: args.prompts]
    ]
    params = SamplingParams(
        max_new_tokens=args.max_new_tokens, do_sample=True, temperature=0.7, top_p=0.9, top_k=40
    )
    generate(model, tokenizer, prompts[:2], params, batch_size=2)  # warm-up
    timings = race(
        {
            "single": lambda: generate(model, tokenizer, prompts, params, seed=1, batch_size=1),
            "batched": lambda: generate(
                model, tokenizer, prompts, params, seed=1, batch_size=args.batch_size
            ),
        },
        rounds=args.repeats,
    )
    single_s, batched_s = timings["single"].best_s, timings["batched"].best_s
    single, batched = timings["single"].result, timings["batched"].result
    # Each row samples from its own random stream, so batching should not change the text.
    identical = sum(single[k] == batched[k] for k in single)
    single_rate, batched_rate = len(prompts) / single_s, len(prompts) / batched_s
    ratio = batched_rate / single_rate
    print(f"machine: {machine()}")
    print(f"one at a time: {single_rate:.2f} instructions/s ({single_s:.1f} s)")
    print(
        f"batched (batch {args.batch_size}): {batched_rate:.2f} instructions/s ({batched_s:.1f} s)"
    )
    write_json(
        args.json,
        {
            "benchmark": "generation",
            "prompts": len(prompts),
            "max_new_tokens": args.max_new_tokens,
            "single_per_s": single_rate,
            "batched_per_s": batched_rate,
            "ratio": ratio,
            "identical_outputs": identical,
            "round_ratios": [
                s / b
                for s, b in zip(
                    timings["single"].rounds_s, timings["batched"].rounds_s, strict=True
                )
            ],
        },
    )
    print(
        f"generation: {ratio:.1f}x faster batched than one at a time, "
        f"identical text for {identical} of {len(prompts)} prompts"
    )


if __name__ == "__main__":
    main()
