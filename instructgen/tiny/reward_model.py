"""A reward model (Llama sequence-classification head) trained on preference pairs in the
OpenAssistant prompter/assistant format (rule train_reward_model).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import torch

from instructgen.modeling import set_seed
from instructgen.templates import oasst_format
from instructgen.tiny.data import corrupt, fit_on_samples, save_trained, triplets_from


def preference_pairs(triplets: Sequence[dict[str, str]], seed: int) -> list[tuple[str, str]]:
    """(chosen, rejected) conversations: the real response against a corrupted one."""
    rng = random.Random(seed)
    outputs = [t["output"] for t in triplets]
    pairs = []
    for t in triplets:
        bad = corrupt(t["output"], rng, outputs)
        if bad != t["output"]:
            pairs.append(
                (
                    oasst_format(t["instruction"], t.get("input", ""), t["output"]),
                    oasst_format(t["instruction"], t.get("input", ""), bad),
                )
            )
    return pairs


def train_reward_model(base_dir: str, tokenizer, pairs, settings: dict[str, Any], seed: int):
    """Bradley-Terry training of a scalar head on the pre-trained tiny LM."""
    from transformers import AutoModelForSequenceClassification

    set_seed(seed)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_dir, num_labels=1, use_safetensors=True
    )
    model.config.pad_token_id = tokenizer.pad_token_id
    return fit_reward_model(model, tokenizer, pairs, settings, seed)


def fit_reward_model(model, tokenizer, pairs, settings: dict[str, Any], seed: int):
    """Bradley-Terry training of any model whose logits are one score per text (the default's
    Llama head, OpenAssistant's GPTNeoXRewardModel): chosen must outscore rejected. Returns
    (model, loss per step)."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings["learning_rate"])

    def loss_of(batch):
        texts = [c for c, _ in batch] + [r for _, r in batch]
        enc = tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=256)
        scores = model(**enc).logits.squeeze(-1)
        chosen, rejected = scores[: len(batch)], scores[len(batch) :]
        return -torch.nn.functional.logsigmoid(chosen - rejected).mean()

    losses = fit_on_samples(model, optimizer, pairs, loss_of, settings, seed, "reward model")
    return model, losses


def main(*, base_dir, instruction_files, out_dir, settings) -> None:
    """`settings`: the step's typed settings (instructgen.settings)."""
    seed, section = settings.seed, settings.section()
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(base_dir)
    pairs = preference_pairs(triplets_from(instruction_files), seed)
    model, losses = train_reward_model(base_dir, tokenizer, pairs, section, seed)
    card = {
        "data": list(instruction_files),
        "pairs": len(pairs),
        "section": section,
        "seed": seed,
    }
    save_trained(
        model, tokenizer, out_dir, "Tiny reward model (OpenAssistant format)", losses, **card
    )
