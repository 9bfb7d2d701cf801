"""A T5 seq2seq model trained as a Boolean-QA evaluator in UniEval's input format (rule
train_unieval_model).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from instructgen.templates import UNIEVAL_QUESTIONS, unieval_input
from instructgen.tiny.data import corrupt, save_trained, train_t5, triplets_from


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


def main(*, tokenizer_dir, instruction_files, out_dir, settings) -> None:
    """`settings`: the step's typed settings (instructgen.settings)."""
    seed, section = settings.seed, settings.section()
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    tokenizer.padding_side = "right"
    examples = unieval_examples(triplets_from(instruction_files), seed)
    model, losses = train_t5(tokenizer, examples, section, seed, desc="unieval")
    card = {
        "data": list(instruction_files),
        "examples": len(examples),
        "section": section,
        "seed": seed,
    }
    save_trained(
        model, tokenizer, out_dir, "Tiny UniEval-style Boolean-QA evaluator", losses, **card
    )
