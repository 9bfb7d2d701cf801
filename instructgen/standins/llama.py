"""LLaMA, Llama 2 and Mistral stand-ins: a sentencepiece BPE tokenizer with byte fallback (BOS,
no pad token) and a causal LM of the repository's class, pre-trained as the default's base model
is (rule pretrain_base_lm)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from instructgen.errors import ConfigError
from instructgen.standins.data import Corpus
from instructgen.standins.hub import save_weights, write_json
from instructgen.standins.repos import Repo
from instructgen.standins.spm import train_sentencepiece, write_sentencepiece_tokenizer
from instructgen.tiny.causal_lm import LLAMA_NAMES

LOG = logging.getLogger(__name__)

# The trainer settings of LLaMA's tokenizer.model (Llama 2 paper, section 2.2: BPE, digits split,
# unknown UTF-8 falls back to bytes; ids 0-2 are <unk>, <s>, </s>; no pad piece). Mistral's
# tokenizer is the same kind.
LLAMA_SENTENCEPIECE = {
    "model_type": "bpe",
    "byte_fallback": True,
    "split_digits": True,
    "add_dummy_prefix": True,
    "remove_extra_whitespaces": False,
    "allow_whitespace_only_pieces": True,
    "normalization_rule_name": "identity",
    "character_coverage": 0.99995,
    "unk_id": 0,
    "bos_id": 1,
    "eos_id": 2,
    "pad_id": -1,
}
# The sizes a stand-in takes from tiny_models.causal_lm; context lengths (max_position_embeddings,
# max_sequence_length, sliding_window) keep the repository's values: they cost no parameters, and
# generation reads them to bound prompts.
SIZES = ("hidden_size", "intermediate_size", "num_layers", "num_heads")


def write_tokenizer(repo: Repo, texts: list[str], settings: dict[str, Any], folder: Path):
    """tokenizer.model trained on `texts` with LLaMA's options, and the repository's configs."""
    model = train_sentencepiece(texts, settings["vocab_size"], **LLAMA_SENTENCEPIECE)
    return write_sentencepiece_tokenizer(repo, model, "tokenizer.model", folder)


def standin_config(repo: Repo, vocab_size: int, settings: dict[str, Any]) -> dict[str, Any]:
    """The repository's config.json at tiny_models.causal_lm's sizes, with as many query heads
    per key-value head as the repository has."""
    config = dict(repo.config)
    config.update({LLAMA_NAMES.get(key, key): settings[key] for key in SIZES})
    config["vocab_size"] = vocab_size
    if "num_key_value_heads" in repo.config:
        group = repo.config["num_attention_heads"] // repo.config["num_key_value_heads"]
        if settings["num_heads"] % group:
            raise ConfigError(
                "tiny_models.causal_lm.num_heads",
                f"{repo.hub_id} has {group} query heads per key-value head, so its stand-in "
                f"needs a multiple of {group} heads, not {settings['num_heads']}",
            )
        config["num_key_value_heads"] = settings["num_heads"] // group
    return config


def build(
    repo: Repo, corpus: Corpus, settings: dict[str, Any], seed: int, folder: Path
) -> dict[str, Any]:
    """Tokenizer, config.json, pre-training and weights; returns what the card records."""
    from transformers import AutoConfig

    from instructgen.tiny.causal_lm import pretrain_causal_lm

    tokenizer = write_tokenizer(repo, corpus.texts, settings["tokenizer"], folder)
    # The model is built from the written file, so config.json is exactly what was trained.
    write_json(folder / "config.json", standin_config(repo, len(tokenizer), settings["causal_lm"]))
    config = AutoConfig.from_pretrained(folder)
    model, losses = pretrain_causal_lm(
        tokenizer, corpus.texts, settings["causal_lm"], seed, config=config
    )
    LOG.info("%s: pre-training loss %.3f -> %.3f", repo.hub_id, losses[0], losses[-1])
    saved = save_weights(model, folder, repo.weights)
    return {
        "tokens": len(tokenizer),
        "parameters": sum(p.numel() for p in model.parameters()),
        "losses": {"pre-training": [losses[0], losses[-1]]},
        "weights": saved,
    }
