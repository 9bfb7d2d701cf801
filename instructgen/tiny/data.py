"""What the tiny models are trained on, and how they are saved."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

from instructgen.logs import progress
from instructgen.modeling import save_model


def batches(items: Sequence[Any], batch_size: int, steps: int, seed: int):
    rng = random.Random(seed)
    for _ in range(steps):
        yield [items[rng.randrange(len(items))] for _ in range(batch_size)]


def fit(
    model,
    optimizer,
    steps: Iterable[Any],
    loss_of,
    *,
    total: int,
    desc: str,
    scheduler=None,
    clip_norm: float | None = None,
) -> list[float]:
    """One optimizer step per item of `steps` on the loss `loss_of(item)`; returns the loss per
    step (rounded, as the cards record it) and leaves the model in eval mode."""
    import torch

    losses = []
    model.train()
    for item in progress(steps, total=total, desc=desc, unit="step"):
        loss = loss_of(item)
        loss.backward()
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        optimizer.zero_grad()
        losses.append(round(loss.item(), 4))
    model.eval()
    return losses


def fit_on_samples(
    model, optimizer, items, loss_of, settings: dict[str, Any], seed: int, desc: str
):
    """`fit` on `settings["steps"]` batches drawn with replacement from `items`."""
    steps = batches(items, settings["batch_size"], settings["steps"], seed)
    return fit(model, optimizer, steps, loss_of, total=settings["steps"], desc=desc)


def save_with_card(model, tokenizer, out_dir: str, title: str, **card: Any) -> None:
    save_model(model, tokenizer, out_dir, {"title": title, **card})


def save_trained(model, tokenizer, out_dir: str, title: str, losses: list[float], **card: Any):
    """A trained tiny model with its card, first and last loss included, written atomically."""
    from instructgen.io import atomic_dir

    with atomic_dir(out_dir) as tmp:
        save_with_card(
            model, tokenizer, str(tmp), title, **card, loss_first=losses[0], loss_last=losses[-1]
        )


def training_texts(passage_files: Sequence[str], instruction_files: Sequence[str]) -> list[str]:
    """What the tiny models read: passages, and instruction data in the prompts the stages use."""
    from instructgen.io import read_jsonl

    return compose_training_texts(
        [r["text"] for path in passage_files for r in read_jsonl(path, ["text"])],
        [read_jsonl(path, ["instruction", "output"]) for path in instruction_files],
    )


def compose_training_texts(
    passages: Sequence[str], instruction_sets: Sequence[Sequence[dict[str, Any]]]
) -> list[str]:
    """`training_texts` from passages already read and instruction records (one list per
    dataset, in the order the datasets are given)."""
    from instructgen.templates import (
        INSTANCE_PROMPT,
        PROJECT_PROMPTS,
        alpaca_prompt,
        bootstrap_prompt,
        generator_prompt,
    )

    texts = list(passages)
    instructions = []
    for records in instruction_sets:
        for record in records:
            instructions.append(record["instruction"])
            texts.append(
                alpaca_prompt(record["instruction"], record.get("input", "")) + record["output"]
            )
            texts.append(
                generator_prompt(record["output"][:400], "instruction")
                + " "
                + record["instruction"]
            )
    rng = random.Random(len(texts))
    # Each IX-C prompt is followed by a ninth instruction and each IX-D prompt by an instance, so
    # the tiny model continues those prompts the way a pre-trained LM does instead of stopping.
    for _ in range(0, len(instructions), 8):
        sample = rng.sample(instructions, min(9, len(instructions)))
        texts.append(bootstrap_prompt(sample[:8]) + " " + " ".join(sample[8:]))
    texts.append(INSTANCE_PROMPT)
    for records in instruction_sets:
        for record in records[::8]:
            example = f"Output: {record['output']}"
            if record.get("input", "").strip():
                example = f"Example 1\nInput: {record['input']}\n{example}"
            # Whitespace collapsed, as the bootstrapped instructions the prompt is filled with.
            instruction = " ".join(record["instruction"].split())
            texts.append(PROJECT_PROMPTS.instance(instruction) + example)
    return texts


def triplets_from(instruction_files: Sequence[str]) -> list[dict[str, str]]:
    from instructgen.io import read_jsonl

    return [r for path in instruction_files for r in read_jsonl(path, ["instruction", "output"])]


def corrupt(text: str, rng: random.Random, others: Sequence[str]) -> str:
    """A worse response: shuffled words, a truncation, or another task's answer."""
    words = text.split()
    choice = rng.randrange(3)
    if choice == 0 and len(words) > 2:
        rng.shuffle(words)
        return " ".join(words)
    if choice == 1 and len(words) > 3:
        return " ".join(words[: max(1, len(words) // 4)])
    return rng.choice(others)


def t5_config(tokenizer, settings: dict[str, Any]):
    """The default tiny T5: the tiny_models.seq2seq sizes and the tokenizer's special tokens."""
    from transformers import T5Config

    return T5Config(
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


def train_t5(
    tokenizer,
    examples,
    settings: dict[str, Any],
    seed: int,
    *,
    desc: str,
    end_with_eos: bool = False,
    config=None,
    untied_output: bool = False,
):
    """A T5 trained on (input, target) pairs; targets end with EOS when the model must learn
    to stop (a backbone), not for one-word answers (UniEval). `config` gives a ready-made
    architecture (a hub-shaped stand-in's); without it the model is `t5_config`'s, of the
    tiny_models.seq2seq size. `untied_output` gives the model its own output layer, as T5 v1.1
    has."""
    import torch
    from transformers import T5ForConditionalGeneration

    from instructgen.modeling import set_seed

    set_seed(seed)
    if config is None:
        config = t5_config(tokenizer, settings)
    model = T5ForConditionalGeneration(config)
    if untied_output:
        # transformers builds every T5 with lm_head tied to the shared embedding (a checkpoint
        # with its own lm_head is untied as it loads), so T5 v1.1's is made here: drawn at
        # fan-in scale, the default of a dense layer in Mesh TensorFlow, where T5 v1.1 was
        # trained. At the embedding's std 1, and without v1.0's rescaling of the decoder
        # output, the first logits are so large that a short training ends no better than
        # uniform.
        weight = torch.empty_like(model.shared.weight).normal_(0.0, config.d_model**-0.5)
        model.lm_head.weight = torch.nn.Parameter(weight)
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
            [y for _, y in batch],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=256,
            add_special_tokens=end_with_eos,
        )["input_ids"]
        labels[labels == tokenizer.pad_token_id] = -100
        return model(**enc, labels=labels).loss

    losses = fit_on_samples(model, optimizer, examples, loss_of, settings, seed, desc)
    return model, losses
