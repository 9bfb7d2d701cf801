"""The OpenAssistant reward-model stand-in: a GPT-NeoX byte-level BPE tokenizer with the
OpenAssistant markers, and a `gpt_neox_reward_model` pre-trained as the default's base model is
(rule pretrain_base_lm), then trained on preference pairs as the default's reward model is
(rule train_reward_model)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from instructgen.standins.data import Corpus
from instructgen.standins.hub import save_weights, write_json
from instructgen.standins.repos import OASST_MARKERS, Repo
from instructgen.tiny.causal_lm import LLAMA_NAMES

LOG = logging.getLogger(__name__)

# GPT-NeoX's first two tokens; every other special token is added after the vocabulary.
ENDOFTEXT, PADDING = "<|endoftext|>", "<|padding|>"
# The embedding matrix is padded to a multiple of 16 rows (50,282 tokens -> vocab_size 50,288).
VOCAB_MULTIPLE = 16
SIZES = ("hidden_size", "intermediate_size", "num_layers", "num_heads")


def write_tokenizer(texts: list[str], settings: dict[str, Any], folder: Path, repo: Repo):
    """Byte-level BPE trained on `texts` (<|endoftext|> = 0, <|padding|> = 1), the markers
    added after it, and the repository's tokenizer configs; returns the tokenizer loaded from
    the folder."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import AutoTokenizer

    bpe = ByteLevelBPETokenizer(add_prefix_space=False, unicode_normalizer="nfc")
    bpe.train_from_iterator(
        texts,
        vocab_size=settings["vocab_size"],
        min_frequency=settings["min_frequency"],
        special_tokens=[ENDOFTEXT, PADDING],
    )
    bpe.add_special_tokens(list(OASST_MARKERS))
    bpe.save(str(folder / "tokenizer.json"))
    write_json(folder / "tokenizer_config.json", repo.tokenizer_config)
    write_json(folder / "special_tokens_map.json", repo.special_tokens_map)
    return AutoTokenizer.from_pretrained(folder)


def standin_config(repo: Repo, tokens: int, settings: dict[str, Any]) -> dict[str, Any]:
    """The repository's config.json at tiny_models.causal_lm's sizes."""
    config = dict(repo.config)
    config.update({LLAMA_NAMES.get(key, key): settings[key] for key in SIZES})
    config["vocab_size"] = -(-tokens // VOCAB_MULTIPLE) * VOCAB_MULTIPLE
    return config


def legacy_buffers(config: dict[str, Any]) -> Any:
    """What transformers 4.28 also saved per GPT-NeoX layer, and the real pytorch_model.bin so
    holds: the causal mask, the masked-score constant and the rotary frequencies (`config` is
    config.json's content, whose legacy keys name the rotary settings)."""
    import torch

    def add(tensors: dict[str, Any]) -> dict[str, Any]:
        positions = config["max_position_embeddings"]
        head = config["hidden_size"] // config["num_attention_heads"]
        rotary = int(head * config["rotary_pct"])
        causal = torch.tril(torch.ones(positions, positions, dtype=torch.bool))
        steps = torch.arange(0, rotary, 2).float() / rotary
        inv_freq = 1.0 / (config["rotary_emb_base"] ** steps)
        for layer in range(config["num_hidden_layers"]):
            prefix = f"gpt_neox.layers.{layer}.attention."
            tensors[prefix + "bias"] = causal.view(1, 1, positions, positions).clone()
            tensors[prefix + "masked_bias"] = torch.tensor(-1e9)
            tensors[prefix + "rotary_emb.inv_freq"] = inv_freq.clone()
        return tensors

    return add


def build(
    repo: Repo, corpus: Corpus, settings: dict[str, Any], seed: int, folder: Path
) -> dict[str, Any]:
    """Tokenizer, config.json, pre-training of the backbone, preference training, weights."""
    import json

    from transformers import AutoConfig, GPTNeoXConfig

    from instructgen.modeling import set_seed
    from instructgen.oasst import GPTNeoXRewardModel
    from instructgen.tiny.causal_lm import pretrain_causal_lm
    from instructgen.tiny.reward_model import fit_reward_model, preference_pairs

    tokenizer = write_tokenizer(corpus.texts, settings["tokenizer"], folder, repo)
    # The model is built from the written file, so config.json is exactly what was trained.
    write_json(folder / "config.json", standin_config(repo, len(tokenizer), settings["causal_lm"]))
    config = AutoConfig.from_pretrained(folder)
    # The backbone is pre-trained as a GPT-NeoX causal LM of the same settings (the reward
    # config without its own keys), as the default's reward model starts from its base model.
    written = json.loads((folder / "config.json").read_text())
    backbone = {
        k: v for k, v in written.items() if k not in ("architectures", "model_type", "pooling")
    }
    lm, lm_losses = pretrain_causal_lm(
        tokenizer,
        corpus.texts,
        settings["causal_lm"],
        seed,
        config=GPTNeoXConfig.from_dict(backbone),
    )
    set_seed(seed)
    model = GPTNeoXRewardModel(config)
    model.gpt_neox.load_state_dict(lm.gpt_neox.state_dict())
    pairs = preference_pairs(corpus.triplets, seed)
    model, losses = fit_reward_model(model, tokenizer, pairs, settings["reward"], seed)
    LOG.info("reward model: loss %.3f -> %.3f on %d pairs", losses[0], losses[-1], len(pairs))
    saved = save_weights(model, folder, repo.weights, extra_pickled=legacy_buffers(written))
    return {
        "tokens": len(tokenizer),
        "parameters": sum(p.numel() for p in model.parameters()),
        "pairs": len(pairs),
        "losses": {
            "pre-training": [lm_losses[0], lm_losses[-1]],
            "preference": [losses[0], losses[-1]],
        },
        "weights": saved,
    }
