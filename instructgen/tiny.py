"""Tiny models built offline from the shipped corpus, standing where hub models stand at scale.

All are real `transformers` models saved with `save_pretrained` (safetensors) and loaded back by
`instructgen.modeling.load_model`, the path that loads hub ids in the paper config:
- a byte-level BPE tokenizer trained on the corpus;
- a Llama-architecture causal LM, briefly pre-trained so that its samples look like text;
- a reward model (Llama sequence-classification head) trained on preference pairs in the
  OpenAssistant prompter/assistant format;
- a T5 seq2seq model trained as a Boolean-QA evaluator in UniEval's input format.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from instructgen.logs import progress
from instructgen.modeling import CHAT_TOKENS, SPECIAL_TOKENS, save_model, set_seed

LOG = logging.getLogger(__name__)


def train_tokenizer(texts: Sequence[str], vocab_size: int, min_frequency: int, out_dir: str):
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    bpe = ByteLevelBPETokenizer()
    specials = [*SPECIAL_TOKENS.values(), *CHAT_TOKENS]
    bpe.train_from_iterator(
        texts, vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=specials
    )
    from tokenizers.processors import TemplateProcessing

    bpe.post_processor = TemplateProcessing(
        single="<s> $A", pair="<s> $A $B", special_tokens=[("<s>", bpe.token_to_id("<s>"))]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        additional_special_tokens=CHAT_TOKENS,
        model_max_length=4096,
        **SPECIAL_TOKENS,
    )
    tokenizer.padding_side = "left"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out_dir)
    return tokenizer


def _token_stream(tokenizer, texts: Sequence[str]) -> torch.Tensor:
    ids: list[int] = []
    for text in texts:
        ids.extend(tokenizer(text)["input_ids"])
        ids.append(tokenizer.eos_token_id)
    return torch.tensor(ids, dtype=torch.long)


def pretrain_causal_lm(
    tokenizer, texts: Sequence[str], settings: dict[str, Any], seed: int
) -> tuple[Any, list[float]]:
    """A small Llama trained on random windows of the corpus; returns (model, loss per step)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    set_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=settings["hidden_size"],
        intermediate_size=settings["intermediate_size"],
        num_hidden_layers=settings["num_layers"],
        num_attention_heads=settings["num_heads"],
        num_key_value_heads=settings["num_heads"],
        max_position_embeddings=settings["max_position_embeddings"],
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=True,
    )
    model = LlamaForCausalLM(config)
    stream = _token_stream(tokenizer, texts)
    seq_len = min(settings["seq_len"], len(stream) - 1)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=settings["learning_rate"], weight_decay=0.01
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=settings["learning_rate"], total_steps=settings["steps"], pct_start=0.1
    )
    generator = torch.Generator().manual_seed(seed)
    losses = []
    model.train()
    for _ in progress(range(settings["steps"]), desc="pre-train", unit="step"):
        starts = torch.randint(
            0, len(stream) - seq_len - 1, (settings["batch_size"],), generator=generator
        )
        batch = torch.stack([stream[s : s + seq_len + 1] for s in starts.tolist()])
        out = model(input_ids=batch[:, :-1], labels=batch[:, :-1])
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(round(out.loss.item(), 4))
    model.eval()
    LOG.info("pre-training loss %.3f -> %.3f", losses[0], losses[-1])
    return model, losses


def oasst_format(instruction: str, input_text: str, output: str) -> str:
    """The OpenAssistant reward model's conversation format."""
    prompt = f"{instruction}\n{input_text}".strip()
    return f"<|prompter|>{prompt}<|endoftext|><|assistant|>{output}<|endoftext|>"


def _corrupt(text: str, rng: random.Random, others: Sequence[str]) -> str:
    """A worse response: shuffled words, a truncation, or another task's answer."""
    words = text.split()
    choice = rng.randrange(3)
    if choice == 0 and len(words) > 2:
        rng.shuffle(words)
        return " ".join(words)
    if choice == 1 and len(words) > 3:
        return " ".join(words[: max(1, len(words) // 4)])
    return rng.choice(others)


def preference_pairs(triplets: Sequence[dict[str, str]], seed: int) -> list[tuple[str, str]]:
    """(chosen, rejected) conversations: the real response against a corrupted one."""
    rng = random.Random(seed)
    outputs = [t["output"] for t in triplets]
    pairs = []
    for t in triplets:
        bad = _corrupt(t["output"], rng, outputs)
        if bad != t["output"]:
            pairs.append(
                (
                    oasst_format(t["instruction"], t.get("input", ""), t["output"]),
                    oasst_format(t["instruction"], t.get("input", ""), bad),
                )
            )
    return pairs


def _batches(items: Sequence[Any], batch_size: int, steps: int, seed: int):
    rng = random.Random(seed)
    for _ in range(steps):
        yield [items[rng.randrange(len(items))] for _ in range(batch_size)]


def train_reward_model(base_dir: str, tokenizer, pairs, settings: dict[str, Any], seed: int):
    """Bradley-Terry training of a scalar head on the pre-trained tiny LM."""
    from transformers import AutoModelForSequenceClassification

    set_seed(seed)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_dir, num_labels=1, use_safetensors=True
    )
    model.config.pad_token_id = tokenizer.pad_token_id
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings["learning_rate"])
    losses = []
    model.train()
    for batch in progress(
        _batches(pairs, settings["batch_size"], settings["steps"], seed),
        total=settings["steps"],
        desc="reward model",
        unit="step",
    ):
        texts = [c for c, _ in batch] + [r for _, r in batch]
        enc = tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=256)
        scores = model(**enc).logits.squeeze(-1)
        chosen, rejected = scores[: len(batch)], scores[len(batch) :]
        loss = -torch.nn.functional.logsigmoid(chosen - rejected).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(round(loss.item(), 4))
    model.eval()
    return model, losses


# UniEval's dialogue dimensions as Boolean questions (Zhong et al., 2022).
UNIEVAL_QUESTIONS = {
    "naturalness": "question: Is this a natural response in the dialogue? </s> response: {output}",
    "coherence": (
        "question: Is this a coherent response given the dialogue history? </s> response: "
        "{output} </s> dialogue history: {context}"
    ),
    "understandability": (
        "question: Is this an understandable response in the dialogue? </s> response: {output}"
    ),
}


def unieval_input(dimension: str, output: str, context: str) -> str:
    return UNIEVAL_QUESTIONS[dimension].format(output=output, context=context)


def unieval_examples(triplets: Sequence[dict[str, str]], seed: int) -> list[tuple[str, str]]:
    """(input, "Yes"/"No") pairs: real responses answer Yes, corrupted ones No, per dimension."""
    rng = random.Random(seed)
    outputs = [t["output"] for t in triplets]
    examples = []
    for t in triplets:
        context = f"{t['instruction']} {t.get('input', '')}".strip()
        for dimension in UNIEVAL_QUESTIONS:
            examples.append((unieval_input(dimension, t["output"], context), "Yes"))
            bad = _corrupt(t["output"], rng, outputs)
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
    losses = []
    model.train()
    for batch in progress(
        _batches(examples, settings["batch_size"], settings["steps"], seed),
        total=settings["steps"],
        desc="unieval",
        unit="step",
    ):
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
        loss = model(**enc, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(round(loss.item(), 4))
    model.eval()
    return model, losses


def save_with_card(model, tokenizer, out_dir: str, title: str, **card: Any) -> None:
    save_model(model, tokenizer, out_dir, {"title": title, **card})


def training_texts(passage_files: Sequence[str], instruction_files: Sequence[str]) -> list[str]:
    """What the tiny models read: passages, and instruction data in the prompts the stages use."""
    from instructgen.io import read_jsonl
    from instructgen.templates import (
        INSTANCE_PROMPT,
        alpaca_prompt,
        bootstrap_prompt,
        generator_prompt,
        instance_prompt,
    )

    texts = [r["text"] for path in passage_files for r in read_jsonl(path, ["text"])]
    instructions = []
    for path in instruction_files:
        for record in read_jsonl(path, ["instruction", "output"]):
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
    for path in instruction_files:
        for record in read_jsonl(path, ["instruction", "output"])[::8]:
            example = f"Output: {record['output']}"
            if record.get("input", "").strip():
                example = f"Example 1\nInput: {record['input']}\n{example}"
            texts.append(instance_prompt(record["instruction"]) + example)
    return texts


def triplets_from(instruction_files: Sequence[str]) -> list[dict[str, str]]:
    from instructgen.io import read_jsonl

    return [r for path in instruction_files for r in read_jsonl(path, ["instruction", "output"])]


def main_tokenizer(
    passage_files, instruction_files, out_dir: str, settings: dict, seed: int
) -> None:
    from instructgen.io import atomic_dir

    texts = training_texts(passage_files, instruction_files)
    with atomic_dir(out_dir) as tmp:
        tokenizer = train_tokenizer(
            texts, settings["vocab_size"], settings["min_frequency"], str(tmp)
        )
        LOG.info("tokenizer: %d tokens from %d texts", len(tokenizer), len(texts))


def main_causal_lm(
    tokenizer_dir, passage_files, instruction_files, out_dir, settings, seed
) -> None:
    from instructgen.io import atomic_dir
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    texts = training_texts(passage_files, instruction_files)
    model, losses = pretrain_causal_lm(tokenizer, texts, settings, seed)
    with atomic_dir(out_dir) as tmp:
        save_with_card(
            model,
            tokenizer,
            str(tmp),
            "Tiny Llama base model",
            data=[*passage_files, *instruction_files],
            settings=settings,
            seed=seed,
            parameters=sum(p.numel() for p in model.parameters()),
            loss_first=losses[0],
            loss_last=losses[-1],
        )


def main_reward(base_dir, instruction_files, out_dir, settings, seed) -> None:
    from instructgen.io import atomic_dir
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(base_dir)
    pairs = preference_pairs(triplets_from(instruction_files), seed)
    model, losses = train_reward_model(base_dir, tokenizer, pairs, settings, seed)
    with atomic_dir(out_dir) as tmp:
        save_with_card(
            model,
            tokenizer,
            str(tmp),
            "Tiny reward model (OpenAssistant format)",
            data=list(instruction_files),
            pairs=len(pairs),
            settings=settings,
            seed=seed,
            loss_first=losses[0],
            loss_last=losses[-1],
        )


def main_unieval(tokenizer_dir, instruction_files, out_dir, settings, seed) -> None:
    from instructgen.io import atomic_dir
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    tokenizer.padding_side = "right"
    examples = unieval_examples(triplets_from(instruction_files), seed)
    model, losses = train_unieval(tokenizer, examples, settings, seed)
    with atomic_dir(out_dir) as tmp:
        save_with_card(
            model,
            tokenizer,
            str(tmp),
            "Tiny UniEval-style Boolean-QA evaluator",
            data=list(instruction_files),
            examples=len(examples),
            settings=settings,
            seed=seed,
            loss_first=losses[0],
            loss_last=losses[-1],
        )
