"""Model shapes from Hugging Face config.json mappings: what the resource model needs to know of a
model (layers, widths, heads, vocabulary, parameter count), for hub models and tiny ones alike.

`shape_from_config(config)` reads the mapping of a config.json (model types llama, mistral,
gpt_neox and OpenAssistant's gpt_neox_reward_model, t5); `shape_of(hub_id)` takes the paper
models' real config.json values recorded in `instructgen.standins.repos` (with their sources),
and `PUBLISHED_PARAMETERS` holds public parameter counts the computed counts are checked
against (tests/test_resources.py).

UniEval: repos.py records unieval-dialog as T5 1.0-large (d_ff 4096, relu, tied), a guess;
UniEval trains from google/t5-v1_1-large (d_ff 2816, gated-gelu, untied; research memo
/work/notes/pins.md sections 10 and 12, from UniEval's own training scripts and the config of
its sister checkpoints unieval-sum and unieval-fact). Until repos.py is corrected, `shape_of`
takes UniEval's shape from `UNIEVAL_CONFIG` below.

Nothing here imports torch: shapes are read while Snakemake plans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DECODER, ENCODER_DECODER = "decoder", "encoder_decoder"
LM_HEAD, SCALAR_HEAD = "lm", "scalar"


@dataclass(frozen=True)
class ModelShape:
    """What memory and FLOPs depend on. For an encoder-decoder, `layers` are the decoder's and
    `encoder_layers` the encoder's (0 for a decoder-only model); `head` is "lm" (a vocabulary
    projection) or "scalar" (a reward or value head)."""

    model_type: str
    family: str
    layers: int
    encoder_layers: int
    hidden_size: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate_size: int
    gated_mlp: bool
    vocab_size: int
    max_positions: int | None
    tied_embeddings: bool
    head: str
    biases: bool  # GPT-NeoX's linears and layer norms carry biases
    parameters: int
    # Mistral attends over (and its cache keeps) at most this many past tokens.
    sliding_window: int | None = None

    @property
    def attention_width(self) -> int:
        """Query heads x head dim (the width of q and of the attention output)."""
        return self.heads * self.head_dim

    @property
    def kv_width(self) -> int:
        return self.kv_heads * self.head_dim

    def cached_tokens(self, tokens: float) -> float:
        """Tokens of a sequence its KV cache holds (a sliding window caps them)."""
        return min(tokens, self.sliding_window) if self.sliding_window else tokens

    def kv_bytes_per_token(self, dtype_bytes: float = 2) -> float:
        """Keys and values of one decoder token over all decoder layers."""
        return 2 * self.layers * self.kv_width * dtype_bytes

    @property
    def head_parameters(self) -> int:
        """The output projection (vocabulary or scalar head)."""
        if self.head == SCALAR_HEAD:
            return self.hidden_size + (1 if self.biases else 0)
        return 0 if self.tied_embeddings else self.vocab_size * self.hidden_size

    @property
    def embedding_parameters(self) -> int:
        return self.vocab_size * self.hidden_size

    @property
    def matmul_parameters_per_token(self) -> int:
        """Weights one decoder token multiplies through (2 FLOPs each): every decoder layer's
        linears, without embeddings and head (counted apart: the head is often skipped)."""
        return self.layers * self.decoder_layer_matmuls

    @property
    def mlp_matmuls(self) -> int:
        return (3 if self.gated_mlp else 2) * self.hidden_size * self.intermediate_size

    @property
    def attention_matmuls(self) -> int:
        h = self.hidden_size
        return h * self.attention_width * 2 + h * self.kv_width * 2

    @property
    def decoder_layer_matmuls(self) -> int:
        cross = self.attention_matmuls if self.family == ENCODER_DECODER else 0
        return self.attention_matmuls + cross + self.mlp_matmuls

    @property
    def encoder_layer_matmuls(self) -> int:
        return self.attention_matmuls + self.mlp_matmuls if self.encoder_layers else 0

    @property
    def layer_parameters(self) -> int:
        """One decoder layer's parameters (what FSDP gathers at a time for a decoder)."""
        return self.decoder_layer_matmuls + _layer_extras(self, decoder=True)

    @property
    def largest_linear(self) -> int:
        return self.hidden_size * max(self.intermediate_size, self.attention_width)


def _layer_extras(shape: ModelShape, *, decoder: bool) -> int:
    """Norms and biases of one layer."""
    h = shape.hidden_size
    if shape.model_type.startswith("gpt_neox"):
        # Two layer norms (weight + bias), biases of qkv, dense, the two MLP linears.
        return 4 * h + 3 * h + h + shape.intermediate_size + h
    if shape.family == ENCODER_DECODER:
        return (3 if decoder else 2) * h  # T5 layer norms: weight only
    return 2 * h  # Llama/Mistral RMSNorms


def _count(shape: ModelShape) -> int:
    """Every parameter: embeddings, layers, final norm(s), relative position biases, head."""
    h = shape.hidden_size
    total = shape.embedding_parameters + shape.head_parameters
    total += shape.layers * (shape.decoder_layer_matmuls + _layer_extras(shape, decoder=True))
    if shape.family == ENCODER_DECODER:
        total += shape.encoder_layers * (
            shape.encoder_layer_matmuls + _layer_extras(shape, decoder=False)
        )
        # T5: one relative-attention bias table (buckets x heads) in the first layer of each
        # stack, and a final layer norm per stack.
        total += 2 * _RELATIVE_BUCKETS * shape.heads + 2 * h
    elif shape.model_type.startswith("gpt_neox"):
        total += 2 * h
    else:
        total += h
    return total


_RELATIVE_BUCKETS = 32  # T5's relative_attention_num_buckets (every T5 config here)


def _get(config: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    for name in names:
        if config.get(name) is not None:
            return config[name]
    return default


def shape_from_config(config: Mapping[str, Any], *, head: str | None = None) -> ModelShape:
    """A config.json mapping as a shape. `head` overrides the output head ("scalar" for a
    causal LM loaded as a reward or value model); by default OpenAssistant's reward model and
    any *ForSequenceClassification architecture have a scalar head."""
    model_type = config.get("model_type")
    architectures = config.get("architectures") or []
    scalar = model_type == "gpt_neox_reward_model" or any(
        "SequenceClassification" in a or "RewardModel" in a for a in architectures
    )
    head = head or (SCALAR_HEAD if scalar else LM_HEAD)
    if model_type in ("llama", "mistral"):
        hidden, heads = config["hidden_size"], config["num_attention_heads"]
        fields = dict(
            family=DECODER,
            layers=config["num_hidden_layers"],
            encoder_layers=0,
            hidden_size=hidden,
            heads=heads,
            kv_heads=_get(config, "num_key_value_heads", default=heads),
            head_dim=_get(config, "head_dim", default=hidden // heads),
            intermediate_size=config["intermediate_size"],
            gated_mlp=True,
            vocab_size=config["vocab_size"],
            max_positions=config.get("max_position_embeddings"),
            tied_embeddings=bool(config.get("tie_word_embeddings", False)),
            biases=False,
            sliding_window=config.get("sliding_window"),
        )
    elif model_type in ("gpt_neox", "gpt_neox_reward_model"):
        hidden, heads = config["hidden_size"], config["num_attention_heads"]
        fields = dict(
            family=DECODER,
            layers=config["num_hidden_layers"],
            encoder_layers=0,
            hidden_size=hidden,
            heads=heads,
            kv_heads=heads,
            head_dim=hidden // heads,
            intermediate_size=config["intermediate_size"],
            gated_mlp=False,
            vocab_size=config["vocab_size"],
            max_positions=config.get("max_position_embeddings"),
            tied_embeddings=bool(config.get("tie_word_embeddings", False)),
            biases=True,
        )
    elif model_type == "t5":
        activation = str(config.get("feed_forward_proj", "relu"))
        fields = dict(
            family=ENCODER_DECODER,
            layers=_get(config, "num_decoder_layers", "num_layers"),
            encoder_layers=config["num_layers"],
            hidden_size=config["d_model"],
            heads=config["num_heads"],
            kv_heads=config["num_heads"],
            head_dim=config["d_kv"],
            intermediate_size=config["d_ff"],
            gated_mlp=activation.startswith("gated") or bool(config.get("is_gated_act")),
            vocab_size=config["vocab_size"],
            max_positions=config.get("n_positions"),
            # T5Config ties input and output embeddings unless a config says otherwise.
            tied_embeddings=bool(config.get("tie_word_embeddings", True)),
            biases=False,
        )
    else:
        raise ValueError(f"no shape rule for model_type {model_type!r}")
    draft = ModelShape(model_type=model_type, head=head, parameters=0, **fields)
    return ModelShape(**{**draft.__dict__, "parameters": _count(draft)})


# google/t5-v1_1-large's config.json (https://huggingface.co/google/t5-v1_1-large/blame/main/
# config.json; memo section 10) with the vocabulary of UniEval's sister checkpoints (32100:
# unieval-sum commit 0e7ce483 and unieval-fact commit 85099a91, memo section 10). The exact
# unieval-dialog file was not found; this is the memo's inference.
T5_V1_1_LARGE_CONFIG = {
    "model_type": "t5",
    "architectures": ["T5ForConditionalGeneration"],
    "d_model": 1024,
    "d_ff": 2816,
    "d_kv": 64,
    "num_layers": 24,
    "num_decoder_layers": 24,
    "num_heads": 16,
    "feed_forward_proj": "gated-gelu",
    "tie_word_embeddings": False,
    "vocab_size": 32128,
}
UNIEVAL_CONFIG = {**T5_V1_1_LARGE_CONFIG, "vocab_size": 32100}
UNIEVAL = "MingZhong/unieval-dialog"

# Pythia-1.4B, the base of OpenAssistant's reward model (EleutherAI/pythia-1.4b config.json:
# GPT-NeoX, 24 layers, hidden 2048, 16 heads, 8192-wide MLP, 50304-token vocabulary, untied):
# used to check the GPT-NeoX count against a published figure.
PYTHIA_1_4B_CONFIG = {
    "model_type": "gpt_neox",
    "architectures": ["GPTNeoXForCausalLM"],
    "hidden_size": 2048,
    "intermediate_size": 8192,
    "num_hidden_layers": 24,
    "num_attention_heads": 16,
    "vocab_size": 50304,
    "max_position_embeddings": 2048,
    "tie_word_embeddings": False,
}


@dataclass(frozen=True)
class Published:
    parameters: int
    source: str


# Public parameter counts (memo section 12 names each source; the computed counts must match).
PUBLISHED_PARAMETERS: dict[str, Published] = {
    "huggyllama/llama-7b": Published(
        6_738_415_616,
        'public code printing "all params: 6738415616" for huggyllama/llama-7b (memo: index id '
        '71239455211); LLaMA paper Table 2 "6.7B"',
    ),
    "meta-llama/Llama-2-7b-hf": Published(
        6_738_415_616,
        "public code counts for Llama-2-7b-hf (memo: index ids 48212167485, 29881881122)",
    ),
    "meta-llama/Llama-2-13b-hf": Published(
        13_015_864_320,
        "public code counts for Llama-2-13b-hf (memo: index ids 61973249306, 2567470270)",
    ),
    "mistralai/Mistral-7B-v0.1": Published(
        7_241_732_096,
        "GGUF general.parameter_count of Mistral-7B-v0.1 (memo: index id 38362529119)",
    ),
    "EleutherAI/pythia-1.4b": Published(
        1_414_647_808,
        "Pythia-1.4B, the reward model's base (memo: index ids 28582838355, 53495361388); the "
        "reward model itself has no published count",
    ),
    "google/t5-v1_1-large": Published(
        783_150_080, "T5X/keras-hub table for t5-v1_1-large (memo section 10: index id 46124504)"
    ),
    "google/t5-v1_1-xl": Published(
        2_849_757_184, 'keras-hub preset t5_1.1_xl "params": 2849757184 (memo: index id 610160901)'
    ),
    "google/flan-t5-xl": Published(
        2_849_757_184,
        "Hugging Face safetensors count for google/flan-t5-xl (memo: index id 71058521579)",
    ),
}
# Configs of published models that are not themselves paper models (checked all the same).
REFERENCE_CONFIGS = {
    "EleutherAI/pythia-1.4b": PYTHIA_1_4B_CONFIG,
    "google/t5-v1_1-large": T5_V1_1_LARGE_CONFIG,
}


def hub_config(hub_id: str) -> Mapping[str, Any]:
    """A paper model's config.json as recorded in instructgen.standins.repos (UniEval's from
    UNIEVAL_CONFIG, see the module docstring), or a reference model's."""
    if hub_id == UNIEVAL:
        return UNIEVAL_CONFIG
    if hub_id in REFERENCE_CONFIGS:
        return REFERENCE_CONFIGS[hub_id]
    from instructgen.standins import repos

    return repos.get(hub_id).config


def shape_of(hub_id: str, *, head: str | None = None) -> ModelShape:
    """The shape of a paper model (or a reference model) by hub id."""
    return shape_from_config(hub_config(hub_id), head=head)
