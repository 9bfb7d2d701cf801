"""A T5 seq2seq model trained as a Boolean-QA evaluator in UniEval's input format (rule
train_unieval_model).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import torch

from instructgen.modeling import set_seed
from instructgen.templates import UNIEVAL_QUESTIONS, unieval_input
from instructgen.tiny.data import corrupt, fit_on_samples, save_trained, triplets_from


def unieval_examples(triplets: Sequence[dict[str, str]], seed: int) -> list[tuple[str, str]]:
    """(input, "Yes"/"No") pairs: real responses answer Yes, corrupted ones No, per dimension."""
    rng = random.Random(seed)
    outputs = [t["output"] for t in triplets]
    examples = []
    for t in triplets:
        context = f"{t['instruction']} {t.get('input', '')}".strip()
        for dimension in UNIEVAL_QUESTIONS:
            examples.append((unieval_input(dimension, t["output"], context), "Yes"))
            bad = corrupt(t["output"], rng, outputs)
            if bad != t["output"]:
                examples.append((unieval_input(dimension, bad, context), "No"))
    return examples


def train_unieval(tokenizer, examples, settings: dict[str, Any], seed: int):
    from transformers import T5Config, T5ForConditionalGeneration

    set_seed(seed)
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=settings["d_model"],
        d_kv=settings["d_model"] // settings["num_heads"],
        d_ff=settings["d_ff"],
        num_layers=settings["num_layers"],
        num_heads=settings["num_heads"],
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    model = T5ForConditionalGeneration(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings["learning_rate"])

    def loss_of(batch):
        enc = tokenizer(
            [x for x, _ in batch],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=256,
        )
        labels = tokenizer(
            [y for _, y in batch], return_tensors="pt", padding=True, add_special_tokens=False
        )["input_ids"]
        labels[labels == tokenizer.pad_token_id] = -100
        return model(**enc, labels=labels).loss

    losses = fit_on_samples(model, optimizer, examples, loss_of, settings, seed, "unieval")
    return model, losses


def main(*, tokenizer_dir, instruction_files, out_dir, settings, seed) -> None:
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    tokenizer.padding_side = "right"
    examples = unieval_examples(triplets_from(instruction_files), seed)
    model, losses = train_unieval(tokenizer, examples, settings, seed)
    card = {
        "data": list(instruction_files),
        "examples": len(examples),
        "settings": settings,
        "seed": seed,
    }
    save_trained(
        model, tokenizer, out_dir, "Tiny UniEval-style Boolean-QA evaluator", losses, **card
    )
