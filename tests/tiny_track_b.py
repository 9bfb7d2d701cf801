"""Tiny random models for Track B tests, built in seconds in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

from instructgen.templates import INSTANCE_PROMPT, bootstrap_prompt

SEEDS = [
    "Write a short poem about the sea.",
    "Classify the sentiment of the review as positive or negative.",
    "Summarize the paragraph in one sentence.",
    "Translate the sentence into French.",
    "List three uses of a paper clip.",
    "Explain why the sky is blue to a child.",
    "Suggest a name for a new coffee shop.",
    "Sort the numbers in ascending order.",
]


def write_seeds(path: Path, instructions=SEEDS) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"seed_task_{i}",
                "instruction": text,
                "instances": [{"input": "", "output": "x"}],
            }
        )
        for i, text in enumerate(instructions)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_project_prompts(folder: Path) -> str:
    """The default configuration's instance prompts file, as rule instance_prompts writes it."""
    from instructgen.track_b.prompts import main

    path = Path(folder) / "instance_prompts.json"
    main(source="project", out_path=str(path))
    return str(path)


def random_llama_config(tokenizer, *, hidden: int, layers: int, heads: int, max_positions: int):
    """A small Llama shape whose special tokens are the tokenizer's."""
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=max_positions,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=True,
    )


def build_models(root: Path) -> dict[str, str]:
    """A tokenizer and random base (Llama), reward (Llama head) and UniEval (T5) models."""
    import torch
    from transformers import (
        LlamaConfig,
        LlamaForCausalLM,
        LlamaForSequenceClassification,
        T5Config,
        T5ForConditionalGeneration,
    )

    from instructgen.modeling import save_model
    from instructgen.tiny.tokenizer import train_tokenizer

    torch.manual_seed(0)
    texts = [INSTANCE_PROMPT, bootstrap_prompt(SEEDS), *SEEDS, "Yes", "No", "Input: Output:"]
    tok_dir = root / "tokenizer"
    tokenizer = train_tokenizer(texts * 3, vocab_size=600, min_frequency=1, out_dir=str(tok_dir))
    llama = random_llama_config(tokenizer, hidden=32, layers=1, heads=2, max_positions=2048)
    paths = {name: str(root / name) for name in ("base", "reward", "unieval")}
    save_model(LlamaForCausalLM(llama), tokenizer, paths["base"], {"title": "test base"})
    reward_config = LlamaConfig(**{**llama.to_dict(), "num_labels": 1})
    save_model(
        LlamaForSequenceClassification(reward_config), tokenizer, paths["reward"], {"title": "rm"}
    )
    t5 = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_kv=16,
        d_ff=64,
        num_layers=1,
        num_heads=2,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    save_model(T5ForConditionalGeneration(t5), tokenizer, paths["unieval"], {"title": "unieval"})
    return paths
