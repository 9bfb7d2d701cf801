"""A Llama-architecture causal LM, briefly pre-trained so that its samples look like text
(rule pretrain_base_lm).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import torch

from instructgen.modeling import set_seed
from instructgen.tiny.data import fit, save_trained, training_texts

LOG = logging.getLogger(__name__)


# The tiny_models.causal_lm sizes, and the two that LlamaConfig names otherwise.
LLAMA_SIZES = (
    "hidden_size",
    "intermediate_size",
    "num_layers",
    "num_heads",
    "max_position_embeddings",
)
LLAMA_NAMES = {"num_layers": "num_hidden_layers", "num_heads": "num_attention_heads"}


def _token_stream(tokenizer, texts: Sequence[str]) -> torch.Tensor:
    ids: list[int] = []
    for text in texts:
        ids.extend(tokenizer(text)["input_ids"])
        ids.append(tokenizer.eos_token_id)
    return torch.tensor(ids, dtype=torch.long)


def causal_lm_config(tokenizer, settings: dict[str, Any]):
    """The default tiny Llama: the tiny_models.causal_lm sizes, the tokenizer's vocabulary and
    special tokens, tied input and output embeddings."""
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=len(tokenizer),
        **{LLAMA_NAMES.get(key, key): settings[key] for key in LLAMA_SIZES},
        num_key_value_heads=settings["num_heads"],
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=True,
    )


def pretrain_causal_lm(
    tokenizer, texts: Sequence[str], settings: dict[str, Any], seed: int, *, config=None
) -> tuple[Any, list[float]]:
    """A small causal LM trained on random windows of the corpus; returns (model, loss per
    step). `config` gives a ready-made architecture (a hub-shaped stand-in's); without it the
    model is `causal_lm_config`'s tiny Llama. Only the training settings (steps, batch_size,
    seq_len, learning_rate) are read from `settings` when a config is given."""
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING

    set_seed(seed)
    if config is None:
        config = causal_lm_config(tokenizer, settings)
    # The class itself, not AutoModelForCausalLM.from_config: that one builds the model in the
    # config's stored dtype (float16 for LLaMA), and training runs in float32.
    model = MODEL_FOR_CAUSAL_LM_MAPPING[type(config)](config)
    stream = _token_stream(tokenizer, texts)
    seq_len = min(settings["seq_len"], len(stream) - 1)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=settings["learning_rate"], weight_decay=0.01
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=settings["learning_rate"], total_steps=settings["steps"], pct_start=0.1
    )
    generator = torch.Generator().manual_seed(seed)

    def windows():
        for _ in range(settings["steps"]):
            starts = torch.randint(
                0, len(stream) - seq_len - 1, (settings["batch_size"],), generator=generator
            )
            yield torch.stack([stream[s : s + seq_len + 1] for s in starts.tolist()])

    losses = fit(
        model,
        optimizer,
        windows(),
        lambda batch: model(input_ids=batch[:, :-1], labels=batch[:, :-1]).loss,
        total=settings["steps"],
        desc="pre-train",
        scheduler=scheduler,
        clip_norm=1.0,
    )
    model.eval()
    LOG.info("pre-training loss %.3f -> %.3f", losses[0], losses[-1])
    return model, losses


def main(*, tokenizer_dir, passage_files, instruction_files, out_dir, settings) -> None:
    """`settings`: the step's typed settings (instructgen.settings)."""
    seed, section = settings.seed, settings.section()
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    texts = training_texts(passage_files, instruction_files)
    model, losses = pretrain_causal_lm(tokenizer, texts, section, seed)
    card = {
        "data": [*passage_files, *instruction_files],
        "section": section,
        "seed": seed,
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    save_trained(model, tokenizer, out_dir, "Tiny Llama base model", losses, **card)
