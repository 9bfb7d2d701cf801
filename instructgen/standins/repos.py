"""The hub repositories of configs/paper.yaml, as facts a stand-in must reproduce.

One `Repo` per hub id: the real config.json (at the real sizes; `instructgen.standins` shrinks
the sizes to tiny_models' at build time and keeps every other key and value), the
generation_config.json, the tokenizer files with their tokenizer_config.json and
special_tokens_map.json, and the weight layout (how many safetensors and pickled shards, in
which stored dtype). Each fact names where it comes from:

- "confirmed": a public text read while this table was written says so (named in `where`);
- "recalled": the repository's own file (named in `where`), from memory of it; that page could
  not be read offline, so the value is as remembered, not re-read;
- "inferred": the repository's own file was not found, but records of closely related ones
  were (sister repositories uploaded by the same pipeline, the base model a repository was
  trained from, copies made from it); `where` names them and the inference;
- "guessed": nothing public was found; `where` says what the guess rests on.

`gated` says whether the hub gates the repository (a licence to accept before any download):
the rehearsal's fixture hub refuses those without the token it was started with.

The files a repository holds besides these (licence, .gitattributes, TF/Flax weights, Mistral's
consolidated.safetensors) are left out: the pipeline's fetch never asks for them
(instructgen.hub.allow_patterns_for).

Nothing heavy is imported here: the table is plain data, so plan-time code and tests read it
cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from instructgen.errors import ConfigError

CONFIRMED, RECALLED, INFERRED, GUESSED = "confirmed", "recalled", "inferred", "guessed"
FAMILIES = ("llama", "gpt_neox", "t5")
# How a stand-in is trained, mirroring the default's tiny model of the same role:
# causal_lm = rule pretrain_base_lm; reward = pre-training, then preference pairs (rule
# train_reward_model); unieval = rule train_unieval_model; backbone = rule
# pretrain_seq2seq_backbone.
TRAININGS = ("causal_lm", "reward", "unieval", "backbone")
DTYPES = ("float32", "float16", "bfloat16")


class Source(NamedTuple):
    status: str  # CONFIRMED, RECALLED, INFERRED or GUESSED
    where: str


@dataclass(frozen=True)
class Weights:
    """The weight files: `safetensors` and `pickled` shard counts (0 = none of that format,
    1 = a single file, n > 1 = n shards and an index), all stored in `dtype`."""

    safetensors: int
    pickled: int
    dtype: str


@dataclass(frozen=True)
class Repo:
    hub_id: str
    family: str
    kind: str  # the config's models.<name>.kind
    training: str
    config: Mapping[str, Any]
    generation_config: Mapping[str, Any] | None
    tokenizer_files: tuple[str, ...]
    tokenizer_config: Mapping[str, Any]
    special_tokens_map: Mapping[str, Any]
    weights: Weights
    sources: Mapping[str, Source] = field(default_factory=dict)
    gated: bool = False

    @property
    def files(self) -> list[str]:
        """Every file of the stand-in's branch folder, sorted."""
        names = ["README.md", "config.json", *self.tokenizer_files]
        if self.generation_config is not None:
            names.append("generation_config.json")
        names += weight_files("model", "safetensors", self.weights.safetensors)
        names += weight_files("pytorch_model", "bin", self.weights.pickled)
        return sorted(names)


def weight_files(stem: str, suffix: str, shards: int) -> list[str]:
    """transformers' weight file names: `stem.suffix`, or n shards and their index."""
    if shards == 0:
        return []
    if shards == 1:
        return [f"{stem}.{suffix}"]
    return [f"{stem}-{i:05d}-of-{shards:05d}.{suffix}" for i in range(1, shards + 1)] + [
        f"{stem}.{suffix}.index.json"
    ]


def get(hub_id: str) -> Repo:
    try:
        return REPOS[hub_id]
    except KeyError:
        raise ConfigError(
            "models",
            f"{hub_id!r} has no stand-in; the stand-ins are {', '.join(sorted(REPOS))}",
        ) from None


def gated() -> list[str]:
    """The hub ids of the gated repositories, as the fixture hub's `--gated` takes them."""
    return sorted(hub_id for hub_id, repo in REPOS.items() if repo.gated)


def _hub(hub_id: str, file: str) -> str:
    return f"https://huggingface.co/{hub_id}/blob/main/{file}"


_HUGGYLLAMA_TREE = (
    "https://huggingface.co/huggyllama/llama-7b/tree/79430bb1e441857300ad97509f7c20f942ef69c3"
)


def _added(content: str, normalized: bool) -> dict[str, Any]:
    """A special token as tokenizer files of transformers 4.28-4.31 serialise it."""
    return {
        "content": content,
        "lstrip": False,
        "normalized": normalized,
        "rstrip": False,
        "single_word": False,
    }


# --- LLaMA and Mistral: sentencepiece BPE with byte fallback, BOS, no pad token --------------

_LLAMA_TOKENS_NORMALIZED = {
    "bos_token": _added("<s>", True),
    "eos_token": _added("</s>", True),
    "unk_token": _added("<unk>", True),
}
_LLAMA_TOKENS = {
    "bos_token": _added("<s>", False),
    "eos_token": _added("</s>", False),
    "unk_token": _added("<unk>", False),
}


def _typed(tokens: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    return {key: {"__type": "AddedToken", **value} for key, value in tokens.items()}


LLAMA_1_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "bos_token_id": 1,
    "eos_token_id": 2,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 11008,
    "max_position_embeddings": 2048,
    "max_sequence_length": 2048,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "pad_token_id": 0,
    "rms_norm_eps": 1e-06,
    "tie_word_embeddings": False,
    "torch_dtype": "float16",
    "transformers_version": "4.28.0.dev0",
    "use_cache": True,
    "vocab_size": 32000,
}

LLAMA_2_7B_CONFIG = {
    "_name_or_path": "meta-llama/Llama-2-7b-hf",
    "architectures": ["LlamaForCausalLM"],
    "bos_token_id": 1,
    "eos_token_id": 2,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 11008,
    "max_position_embeddings": 4096,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 32,
    "pretraining_tp": 1,
    "rms_norm_eps": 1e-05,
    "rope_scaling": None,
    "tie_word_embeddings": False,
    "torch_dtype": "float16",
    "transformers_version": "4.31.0.dev0",
    "use_cache": True,
    "vocab_size": 32000,
}

LLAMA_2_13B_CONFIG = {
    **LLAMA_2_7B_CONFIG,
    "_name_or_path": "meta-llama/Llama-2-13b-hf",
    "hidden_size": 5120,
    "intermediate_size": 13824,
    "num_attention_heads": 40,
    "num_hidden_layers": 40,
    "num_key_value_heads": 40,
    "transformers_version": "4.32.0.dev0",
}

# Llama 2's own generation defaults (the reference code samples at temperature 0.6, top-p 0.9);
# the pipeline sets its own sampling, but a stand-in carries the file as the repository does.
LLAMA_2_GENERATION = {
    "bos_token_id": 1,
    "do_sample": True,
    "eos_token_id": 2,
    "max_length": 4096,
    "pad_token_id": 0,
    "temperature": 0.6,
    "top_p": 0.9,
    "transformers_version": "4.31.0.dev0",
}

LLAMA_2_TOKENIZER_CONFIG = {
    "add_bos_token": True,
    "add_eos_token": False,
    **_typed(_LLAMA_TOKENS),
    "clean_up_tokenization_spaces": False,
    "legacy": False,
    "model_max_length": 1000000000000000019884624838656,
    "pad_token": None,
    "padding_side": "right",
    "sp_model_kwargs": {},
    "tokenizer_class": "LlamaTokenizer",
}

MISTRAL_CONFIG = {
    "architectures": ["MistralForCausalLM"],
    "bos_token_id": 1,
    "eos_token_id": 2,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 14336,
    "max_position_embeddings": 32768,
    "model_type": "mistral",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 8,
    "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0,
    "sliding_window": 4096,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.34.0.dev0",
    "use_cache": True,
    "vocab_size": 32000,
}

# Mistral-7B-Instruct-v0.2, the paper configuration's judge: Mistral's shapes with a 1M rope base
# and no sliding window.
MISTRAL_INSTRUCT_CONFIG = {
    **MISTRAL_CONFIG,
    "attention_dropout": 0.0,
    "rope_theta": 1000000.0,
    "sliding_window": None,
    "transformers_version": "4.36.0",
}

MISTRAL_TOKENIZER_CONFIG = {
    "add_bos_token": True,
    "add_eos_token": False,
    "added_tokens_decoder": {
        str(i): {**_added(token, False), "special": True}
        for i, token in enumerate(("<unk>", "<s>", "</s>"))
    },
    "additional_special_tokens": [],
    "bos_token": "<s>",
    "clean_up_tokenization_spaces": False,
    "eos_token": "</s>",
    "legacy": True,
    "model_max_length": 1000000000000000019884624838656,
    "pad_token": None,
    "sp_model_kwargs": {},
    "spaces_between_special_tokens": False,
    "tokenizer_class": "LlamaTokenizer",
    "unk_token": "<unk>",
    "use_default_system_prompt": False,
}

_LLAMA_2_SOURCES = {
    "tokenizer": Source(
        CONFIRMED,
        "Llama 2 paper (arXiv:2307.09288) section 2.2: the LLaMA 1 tokenizer, sentencepiece BPE, "
        "digits split, unknown UTF-8 decomposed into bytes, 32k tokens; tokenizer_config.json "
        "key for key in the copy uploaded with Meta's weights converted to CTranslate2 "
        "(https://huggingface.co/OpenNMT/Llama-2-7b-hf-ct2-int8/blob/main/tokenizer_config.json)",
    ),
    "generation_config.json": Source(
        INFERRED,
        "the values (do_sample, temperature 0.6, top_p 0.9, max_length 4096, pad 0) in a copy "
        "of the 7B file (https://huggingface.co/ltaler01/Llama-2-7b-hf/blob/"
        "0e495f653c2688a861eaa7a84b44ed7c51df0ddc/generation_config.json, 4.31.0.dev0); which "
        "transformers_version the pinned commit holds was not found (HF staff later rewrote "
        "the chat models' file with 4.32.0.dev0)",
    ),
    "weights": Source(
        RECALLED,
        "the repository's file list: model-0000k and pytorch_model-0000k shards with their "
        "indexes, float16 (not confirmed: the gated repositories' pages were not readable)",
    ),
}


# --- OpenAssistant's reward model: GPT-NeoX byte-level BPE, OpenAssistant markers -----------

# The markers OpenAssistant's training code adds to the tokenizer (QA_SPECIAL_TOKENS), in the
# order of the repository's special_tokens_map.json; the stand-in adds them in that order, so
# their ids follow it (the real tokenizer.json's ids were not read: inferred from that order).
OASST_MARKERS = (
    "<|prefix_begin|>",
    "<|prefix_end|>",
    "<|prompter|>",
    "<|assistant|>",
    "<|system|>",
)

OASST_RM_CONFIG = {
    "architectures": ["GPTNeoXRewardModel"],
    "bos_token_id": 0,
    "eos_token_id": 0,
    "hidden_act": "gelu",
    "hidden_size": 2048,
    "initializer_range": 0.02,
    "intermediate_size": 8192,
    "layer_norm_eps": 1e-05,
    "max_position_embeddings": 2048,
    "model_type": "gpt_neox_reward_model",
    "num_attention_heads": 16,
    "num_hidden_layers": 24,
    "pooling": "last",
    "rotary_emb_base": 10000,
    "rotary_pct": 0.25,
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
    "transformers_version": "4.28.0.dev0",
    "use_cache": True,
    "use_parallel_residual": True,
    "vocab_size": 50288,
}

OASST_SPECIAL_TOKENS = {
    "additional_special_tokens": list(OASST_MARKERS),
    "bos_token": "<|endoftext|>",
    "eos_token": "<|endoftext|>",
    "pad_token": "<|padding|>",
    "sep_token": "<|endoftext|>",
    "unk_token": "<|endoftext|>",
}

OASST_TOKENIZER_CONFIG = {
    "add_prefix_space": False,
    **OASST_SPECIAL_TOKENS,
    "model_max_length": 1000000000000000019884624838656,
    "tokenizer_class": "GPTNeoXTokenizer",
}


# --- T5: sentencepiece unigram with <extra_id_*> sentinels -----------------------------------

T5_EXTRA_IDS = 100
T5_SENTINELS = [f"<extra_id_{i}>" for i in range(T5_EXTRA_IDS)]
T5_SPECIAL_TOKENS = {
    "additional_special_tokens": T5_SENTINELS,
    "eos_token": "</s>",
    "pad_token": "<pad>",
    "unk_token": "<unk>",
}
T5_TOKENIZER_CONFIG = {
    **T5_SPECIAL_TOKENS,
    "extra_ids": T5_EXTRA_IDS,
    "model_max_length": 512,
    "sp_model_kwargs": {},
    "tokenizer_class": "T5Tokenizer",
}

# T5 v1.1 at large size, which UniEval fine-tunes (google/t5-v1_1-large: gated GELU, d_ff 2816,
# an output layer of its own), as UniEval's sister repositories' config.json show it: the same
# author, day and pipeline saved unieval-sum and unieval-fact with transformers 4.17.0.dev0 and
# the embeddings resized to the tokenizer's 32,100 tokens. unieval-dialog's own file was not
# found: every value is inferred from those (sources below); _name_or_path, a training path, is
# left out.
UNIEVAL_CONFIG = {
    "architectures": ["T5ForConditionalGeneration"],
    "d_ff": 2816,
    "d_kv": 64,
    "d_model": 1024,
    "decoder_start_token_id": 0,
    "dropout_rate": 0.1,
    "eos_token_id": 1,
    "feed_forward_proj": "gated-gelu",
    "initializer_factor": 1.0,
    "is_encoder_decoder": True,
    "layer_norm_epsilon": 1e-06,
    "model_type": "t5",
    "num_decoder_layers": 24,
    "num_heads": 16,
    "num_layers": 24,
    "output_past": True,
    "pad_token_id": 0,
    "relative_attention_num_buckets": 32,
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
    "transformers_version": "4.17.0.dev0",
    "use_cache": True,
    "vocab_size": 32100,
}

T5_V1_1_XL_CONFIG = {
    "architectures": ["T5ForConditionalGeneration"],
    "d_ff": 5120,
    "d_kv": 64,
    "d_model": 2048,
    "decoder_start_token_id": 0,
    "dropout_rate": 0.1,
    "eos_token_id": 1,
    "feed_forward_proj": "gated-gelu",
    "initializer_factor": 1.0,
    "is_encoder_decoder": True,
    "layer_norm_epsilon": 1e-06,
    "model_type": "t5",
    "num_decoder_layers": 24,
    "num_heads": 32,
    "num_layers": 24,
    "output_past": True,
    "pad_token_id": 0,
    "relative_attention_num_buckets": 32,
    "tie_word_embeddings": False,
    "vocab_size": 32128,
}

# What PR #5 (Nov 2022) left in config.json, unchanged up to the pinned commit 7d6315d: the
# upload's keys without dense_act_fn and is_gated_act, which transformers derives from
# feed_forward_proj anyway.
FLAN_T5_XL_CONFIG = {
    **T5_V1_1_XL_CONFIG,
    "n_positions": 512,
    "relative_attention_max_distance": 128,
    "torch_dtype": "float32",
    "transformers_version": "4.23.1",
    "use_cache": True,
}

FLAN_T5_GENERATION = {
    "_from_model_config": True,
    "decoder_start_token_id": 0,
    "eos_token_id": 1,
    "pad_token_id": 0,
    "transformers_version": "4.27.0.dev0",
}


REPOS: dict[str, Repo] = {
    repo.hub_id: repo
    for repo in (
        Repo(
            hub_id="huggyllama/llama-7b",
            family="llama",
            kind="causal_lm",
            training="causal_lm",
            config=LLAMA_1_CONFIG,
            generation_config={
                "_from_model_config": True,
                "bos_token_id": 1,
                "eos_token_id": 2,
                "pad_token_id": 0,
                "transformers_version": "4.28.0.dev0",
            },
            tokenizer_files=("special_tokens_map.json", "tokenizer.model", "tokenizer_config.json"),
            tokenizer_config={
                "add_bos_token": True,
                "add_eos_token": False,
                **_typed(_LLAMA_TOKENS_NORMALIZED),
                "clean_up_tokenization_spaces": False,
                "model_max_length": 2048,
                "pad_token": None,
                "sp_model_kwargs": {},
                "tokenizer_class": "LlamaTokenizer",
            },
            special_tokens_map=_LLAMA_TOKENS_NORMALIZED,
            weights=Weights(safetensors=2, pickled=2, dtype="float16"),
            sources={
                "config.json": Source(
                    INFERRED,
                    "the keys and values of configs derived from it (_name_or_path "
                    "huggyllama/llama-7b: max_position_embeddings and max_sequence_length 2048, "
                    "pad 0, rms_norm_eps 1e-06, untied, float16), e.g. https://huggingface.co/"
                    "AlexeyChe/llama-7b-lora/blob/d2a75269ed297b3c06b44e86ab9afafddf53d5a4/"
                    "config.json; the original (594 B on " + _HUGGYLLAMA_TREE + ") not read",
                ),
                "generation_config.json": Source(
                    RECALLED,
                    "the file exists (137 B on " + _HUGGYLLAMA_TREE + "); its content not read",
                ),
                "tokenizer": Source(
                    RECALLED,
                    "tokenizer.model and special_tokens_map.json are on "
                    + _HUGGYLLAMA_TREE
                    + " (confirmed); no tokenizer.json and tokenizer_config.json's "
                    "model_max_length 2048 (the last commit 'Update model max length in the "
                    "tokenizer') are as remembered, the listing there being cut short",
                ),
                "weights": Source(
                    CONFIRMED,
                    "2 safetensors shards (9.98 GB, 3.5 GB) and 2 pickled shards with indexes, "
                    "float16 (HalfStorage in the pickles): " + _HUGGYLLAMA_TREE,
                ),
            },
        ),
        Repo(
            hub_id="meta-llama/Llama-2-7b-hf",
            family="llama",
            kind="causal_lm",
            training="causal_lm",
            config=LLAMA_2_7B_CONFIG,
            generation_config=LLAMA_2_GENERATION,
            tokenizer_files=(
                "special_tokens_map.json",
                "tokenizer.json",
                "tokenizer.model",
                "tokenizer_config.json",
            ),
            tokenizer_config=LLAMA_2_TOKENIZER_CONFIG,
            special_tokens_map=_LLAMA_TOKENS,
            weights=Weights(safetensors=2, pickled=2, dtype="float16"),
            gated=True,
            sources={
                "gated": Source(
                    CONFIRMED,
                    "'Cannot access gated repo for url https://huggingface.co/meta-llama/"
                    "Llama-2-7b-hf/resolve/main/config.json' (401 without a token) in "
                    "https://github.com/zhaoxlpku/DASC7606-A3/issues/1 and "
                    "https://github.com/hiyouga/LlamaFactory/issues/3403; the licence is "
                    "accepted at https://huggingface.co/meta-llama/Llama-2-7b-hf",
                ),
                "config.json": Source(
                    CONFIRMED,
                    "quoted key for key (transformers_version 4.31.0.dev0, float16) in public "
                    "notes on the model (stored GitHub code index); "
                    + _hub("meta-llama/Llama-2-7b-hf", "config.json"),
                ),
                **_LLAMA_2_SOURCES,
            },
        ),
        Repo(
            hub_id="meta-llama/Llama-2-13b-hf",
            family="llama",
            kind="causal_lm",
            training="causal_lm",
            config=LLAMA_2_13B_CONFIG,
            generation_config=LLAMA_2_GENERATION,
            tokenizer_files=(
                "special_tokens_map.json",
                "tokenizer.json",
                "tokenizer.model",
                "tokenizer_config.json",
            ),
            tokenizer_config=LLAMA_2_TOKENIZER_CONFIG,
            special_tokens_map=_LLAMA_TOKENS,
            weights=Weights(safetensors=3, pickled=3, dtype="float16"),
            gated=True,
            sources={
                "gated": Source(
                    INFERRED,
                    "no record of this repository's gate was found; meta-llama's Llama 2 "
                    "repositories share one licence, and the 7B one is gated",
                ),
                "config.json": Source(
                    CONFIRMED,
                    "quoted in three independent public texts (stored GitHub code index): the "
                    "7B keys with 5120 / 13824 / 40 heads / 40 layers and transformers_version "
                    "4.32.0.dev0 (not the 7B's 4.31.0.dev0); "
                    + _hub("meta-llama/Llama-2-13b-hf", "config.json"),
                ),
                **_LLAMA_2_SOURCES,
                "weights": Source(
                    RECALLED,
                    "the repository's file list: 3 + 3 shards with indexes, float16 (not "
                    "confirmed: the gated repositories' pages were not readable)",
                ),
            },
        ),
        Repo(
            hub_id="mistralai/Mistral-7B-v0.1",
            family="llama",
            kind="causal_lm",
            training="causal_lm",
            config=MISTRAL_CONFIG,
            generation_config={
                "_from_model_config": True,
                "bos_token_id": 1,
                "eos_token_id": 2,
                "transformers_version": "4.34.0.dev0",
            },
            tokenizer_files=(
                "special_tokens_map.json",
                "tokenizer.json",
                "tokenizer.model",
                "tokenizer_config.json",
            ),
            tokenizer_config=MISTRAL_TOKENIZER_CONFIG,
            special_tokens_map=_LLAMA_TOKENS,
            weights=Weights(safetensors=2, pickled=2, dtype="bfloat16"),
            gated=True,
            sources={
                "gated": Source(
                    CONFIRMED,
                    "'Access to model mistralai/Mistral-7B-v0.1 is restricted. You must have "
                    "access to it and be authenticated to access it.' (401) in "
                    "https://github.com/TransformerLensOrg/TransformerLens/pull/769 (2024-10); "
                    "gated since 2024 (Apache-2.0 licence, contact details shared)",
                ),
                "config.json": Source(
                    INFERRED,
                    "the same keys and values in copies of it (https://huggingface.co/d-matrix/"
                    "Mistral/blob/main/config.json, 4.34.0.dev0, bfloat16) and the same sizes "
                    "in many derived configs; 32 query and 8 key-value heads, a 4096-token "
                    "sliding window and 14336-wide MLPs as Mistral publishes them",
                ),
                "generation_config.json": Source(
                    INFERRED,
                    "_from_model_config, bos 1, eos 2 (116 B) in a copy: https://huggingface.co/"
                    "ybelkada/Mistral-7B-v0.1-bf16-sharded/commit/"
                    "0b2f69d032e8a95cef04391a755ecad09e68b086; the version string not confirmed",
                ),
                "tokenizer": Source(
                    CONFIRMED,
                    "the model card: a byte-fallback BPE tokenizer (sentencepiece, 32000); "
                    "tokenizer_config.json key for key in a copy of it (https://huggingface.co/"
                    "SotiriosKastanas/mistralai-Mistral-7B-v0.1-8-bit-gptq/blob/main/"
                    "tokenizer_config.json); copies from later snapshots say "
                    "use_default_system_prompt true, so the value at the pinned commit is "
                    "not confirmed",
                ),
                "weights": Source(
                    CONFIRMED,
                    "2 + 2 shards with indexes, bfloat16 (BFloat16Storage in the pickles), as a "
                    "download of main lists them with their SHA-256: https://huggingface.co/"
                    "n810x/Mistral-7B-v0.1-3bit-exl2/blob/main/huggingface-metadata.txt "
                    "(consolidated.safetensors, a second copy in Mistral's own layout, is left "
                    "out: the pipeline never fetches it)",
                ),
            },
        ),
        Repo(
            hub_id="mistralai/Mistral-7B-Instruct-v0.2",
            family="llama",
            kind="causal_lm",
            training="causal_lm",
            config=MISTRAL_INSTRUCT_CONFIG,
            generation_config={
                "_from_model_config": True,
                "bos_token_id": 1,
                "eos_token_id": 2,
                "transformers_version": "4.36.0",
            },
            tokenizer_files=(
                "special_tokens_map.json",
                "tokenizer.json",
                "tokenizer.model",
                "tokenizer_config.json",
            ),
            tokenizer_config=MISTRAL_TOKENIZER_CONFIG,
            special_tokens_map=_LLAMA_TOKENS,
            weights=Weights(safetensors=3, pickled=3, dtype="bfloat16"),
            gated=True,
            sources={
                "gated": Source(
                    INFERRED,
                    "no record of this repository's own gate was read; mistralai gates its "
                    "model repositories (contact details shared), Mistral-7B-v0.1's gate is "
                    "confirmed above",
                ),
                "config.json": Source(
                    INFERRED,
                    "key for key in a copy made with the hub's 'Duplicate from "
                    "mistralai/Mistral-7B-Instruct-v0.2' (https://huggingface.co/model-hub/"
                    "Mistral-7B-Instruct-v0.2/blob/784a191f013bde3c5dcac124f3dedea0429d5fd8/"
                    "config.json, 596 B: attention_dropout 0.0, rope_theta 1e6, sliding_window "
                    "null, bfloat16, 4.36.0); public notes quote rope_theta 1e6 and "
                    "sliding_window null from the pinned commit's snapshot; whether that commit "
                    "holds the same transformers_version is not confirmed",
                ),
                "generation_config.json": Source(
                    GUESSED,
                    "Mistral-7B-v0.1's keys (bos 1, eos 2) with config.json's transformers "
                    "version; the file's content was not read",
                ),
                "tokenizer": Source(
                    INFERRED,
                    "the Mistral 7B tokenizer (sentencepiece BPE with byte fallback, 32000), "
                    "its files as Mistral-7B-v0.1's; the chat_template of tokenizer_config.json "
                    "is left out: the pipeline asks the judge in its own prompt_wrapper and "
                    "never applies a chat template",
                ),
                "weights": Source(
                    RECALLED,
                    "model-00001-of-00003.safetensors is named in public notes on snapshots of "
                    "the repository; 3 safetensors and 3 pickled shards with indexes, bfloat16, "
                    "as remembered (consolidated.safetensors, Mistral's own layout, left out: "
                    "the pipeline never fetches it)",
                ),
            },
        ),
        Repo(
            hub_id="OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5",
            family="gpt_neox",
            kind="reward",
            training="reward",
            config=OASST_RM_CONFIG,
            generation_config=None,
            tokenizer_files=("special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"),
            tokenizer_config=OASST_TOKENIZER_CONFIG,
            special_tokens_map=OASST_SPECIAL_TOKENS,
            weights=Weights(safetensors=0, pickled=1, dtype="float32"),
            sources={
                "config.json": Source(
                    CONFIRMED,
                    "every key and value (687 B): https://huggingface.co/OpenAssistant/"
                    "oasst-rm-2.1-pythia-1.4b-epoch-2.5/blame/main/config.json "
                    "(_name_or_path, a training-machine path, left out)",
                ),
                "special_tokens_map.json": Source(
                    CONFIRMED,
                    "303 B, additional_special_tokens in the order <|prefix_begin|>, "
                    "<|prefix_end|>, <|prompter|>, <|assistant|>, <|system|>: "
                    + _hub(
                        "OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5",
                        "special_tokens_map.json",
                    ),
                ),
                "tokenizer": Source(
                    GUESSED,
                    "tokenizer_config.json and the markers' ids: the original files were not "
                    "found. LAION-AI/Open-Assistant's model_training utils give pythia pad "
                    "<|padding|>, eos and sep <|endoftext|> and add the QA markers; the ids "
                    "follow special_tokens_map.json's order (inferred); a fine-tune's "
                    "tokenizer_config.json saved from this snapshot (https://huggingface.co/"
                    "toanbku/oa-rm-2.1-pythia-1.4b-df/blob/main/tokenizer_config.json) agrees on "
                    "add_prefix_space false and GPTNeoXTokenizer",
                ),
                "weights": Source(
                    INFERRED,
                    "pytorch_model.bin (the history of 'Upload model' 8f3d779: https://"
                    "huggingface.co/OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5/commits/"
                    "main/pytorch_model.bin; no safetensors seen), float32 as config.json says, "
                    "with the attention.bias, attention.masked_bias and rotary_emb.inv_freq "
                    "buffers transformers 4.28 saved",
                ),
            },
        ),
        Repo(
            hub_id="MingZhong/unieval-dialog",
            family="t5",
            kind="seq2seq",
            training="unieval",
            config=UNIEVAL_CONFIG,
            generation_config=None,
            tokenizer_files=(
                "special_tokens_map.json",
                "spiece.model",
                "tokenizer.json",
                "tokenizer_config.json",
            ),
            tokenizer_config=T5_TOKENIZER_CONFIG,
            special_tokens_map=T5_SPECIAL_TOKENS,
            weights=Weights(safetensors=0, pickled=1, dtype="float32"),
            sources={
                "config.json": Source(
                    INFERRED,
                    "T5 v1.1 large: UniEval's training starts from google/t5-v1_1-large "
                    "(https://github.com/maszhongming/UniEval, intermediate_tasks/"
                    "train_inter.sh), whose config (https://huggingface.co/google/"
                    "t5-v1_1-large/blame/main/config.json) gives d_model 1024, d_ff 2816, "
                    "gated-gelu, 24 + 24 layers, 16 heads, untied embeddings; vocab_size 32100, "
                    "float32 and transformers_version 4.17.0.dev0 as the sister repositories "
                    "uploaded the same day with the same pipeline have them "
                    "(https://huggingface.co/MingZhong/unieval-sum/commit/"
                    "0e7ce483ec6302c3953eee423c2b78cf769fa405, https://huggingface.co/"
                    "MingZhong/unieval-fact/commit/85099a9100ad6de4957731d8546de576cd7f8f66); "
                    "unieval-dialog's own config.json was not found",
                ),
                "tokenizer": Source(
                    INFERRED,
                    "spiece.model, tokenizer.json, tokenizer_config.json and "
                    "special_tokens_map.json, the files the sister repositories' first commits "
                    "upload (same commits); UniEval's scorer reads P('Yes') and P('No') of the "
                    "first decoder token, so both are single tokens (confirmed in UniEval's "
                    "metric/scorer.py)",
                ),
                "weights": Source(
                    INFERRED,
                    "pytorch_model.bin only, float32, as the sister repositories' first commits "
                    "upload it (their optimizer, scheduler and trainer state files are left out: "
                    "the pipeline never fetches them)",
                ),
            },
        ),
        Repo(
            hub_id="google/t5-v1_1-xl",
            family="t5",
            kind="seq2seq",
            training="backbone",
            config=T5_V1_1_XL_CONFIG,
            generation_config=FLAN_T5_GENERATION,
            tokenizer_files=("special_tokens_map.json", "spiece.model", "tokenizer_config.json"),
            tokenizer_config=T5_TOKENIZER_CONFIG,
            special_tokens_map=T5_SPECIAL_TOKENS,
            weights=Weights(safetensors=0, pickled=1, dtype="float32"),
            sources={
                "config.json": Source(
                    INFERRED,
                    "key for key in a copy saved from the author's checkout (_name_or_path "
                    "/home/patrick/t5/t5-v1_1-xl): https://huggingface.co/lehduong/OneDiffusion/"
                    "blob/refs%2Fpr%2F1/text_encoder/config.json; the repository's own file at "
                    "the head (after 'correct config' 2205864d) was not read",
                ),
                "generation_config.json": Source(
                    INFERRED,
                    "main holds a 147-byte generation_config.json (a clone of main: "
                    "https://huggingface.co/Manojb/t5-v1_1-xl/tree/main) that the 2020 commits "
                    "did not; its content was not read, and is taken to be what the same "
                    "'Adding generation config file(s)' run wrote for flan-t5-xl, 147 bytes too",
                ),
                "tokenizer": Source(
                    CONFIRMED,
                    "spiece.model, special_tokens_map.json and tokenizer_config.json, no "
                    "tokenizer.json, in the clone of main (same page); tokenizer_config.json's "
                    "contents not confirmed",
                ),
                "weights": Source(
                    CONFIRMED,
                    "pytorch_model.bin only (11.4 GB, FloatStorage), no safetensors, in the "
                    "clone of main (same page)",
                ),
            },
        ),
        Repo(
            hub_id="google/flan-t5-xl",
            family="t5",
            kind="seq2seq",
            training="backbone",
            config=FLAN_T5_XL_CONFIG,
            generation_config=FLAN_T5_GENERATION,
            tokenizer_files=(
                "special_tokens_map.json",
                "spiece.model",
                "tokenizer.json",
                "tokenizer_config.json",
            ),
            tokenizer_config=T5_TOKENIZER_CONFIG,
            special_tokens_map=T5_SPECIAL_TOKENS,
            weights=Weights(safetensors=2, pickled=2, dtype="float32"),
            sources={
                "config.json": Source(
                    INFERRED,
                    "config.json at the pinned commit is the one 'Update config.json (#5)' wrote "
                    "(1.44 kB; https://huggingface.co/google/flan-t5-xl/tree/main, whose head is "
                    "7d6315d); that PR's commit d81d22e removed dense_act_fn and is_gated_act "
                    "from the 1.48 kB upload (https://huggingface.co/google/flan-t5-xl/commit/"
                    "d81d22e55c513ecb69ca0cb79a797da63c6f5913), the size difference of those two "
                    "keys; the other keys as the upload had them (task_specific_params, T5's "
                    "translation prefixes, left out)",
                ),
                "generation_config.json": Source(
                    CONFIRMED,
                    "147 B, 'Adding generation config file(s)' 3277d04: https://huggingface.co/"
                    "google/flan-t5-xl/blob/refs%2Fpr%2F24/generation_config.json",
                ),
                "tokenizer": Source(
                    CONFIRMED,
                    "tokenizer.json at the pinned commit (https://huggingface.co/google/"
                    "flan-t5-xl/blob/7d6315df2c2fb742f0f5b556879d730926ca9001/tokenizer.json, "
                    "'Upload tokenizer' d8b5f37); spiece.model as T5 ships it (not seen)",
                ),
                "weights": Source(
                    CONFIRMED,
                    "2 safetensors shards (9.45 GB, 1.95 GB, added by #24 in the pinned commit) "
                    "and 2 pickled shards (FloatStorage), each with an index: float32 "
                    "(https://huggingface.co/google/flan-t5-xl/tree/main)",
                ),
            },
        ),
    )
}
