"""Fixtures shared by the model tests: a toy causal LM saved like a hub checkpoint."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(scope="session")
def toy_causal_lm(tmp_path_factory) -> str:
    """A 2-layer Llama with a BPE tokenizer trained on a few sentences (random weights)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    from instructgen.modeling import save_model
    from instructgen.tiny import train_tokenizer

    folder = tmp_path_factory.mktemp("toy_causal_lm") / "model"
    texts = [
        "Below is an instruction that describes a task. Write a response.",
        "### Instruction: name a colour ### Response: red green blue",
        "The quick brown fox jumps over the lazy dog. Numbers: one two three four five.",
    ] * 20
    tokenizer = train_tokenizer(texts, 400, 1, str(folder.parent / "tokenizer"))
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=512,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    save_model(LlamaForCausalLM(config), tokenizer, folder, {"title": "toy model"})
    return str(folder)
