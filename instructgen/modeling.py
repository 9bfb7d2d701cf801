"""Loading models (hub ids and local folders through one code path) and building tiny ones.

Safe loading: weights only as safetensors, `trust_remote_code` only when the config says so
for that named model, and CUDA-only options fail clearly on a CPU machine.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import torch

from instructgen.errors import ConfigError, InputError

LOG = logging.getLogger(__name__)

SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "pad_token": "<pad>",
    "unk_token": "<unk>",
}
# The OpenAssistant reward model's conversation markers, so the tiny reward model is fed the
# same format as the real one.
CHAT_TOKENS = ["<|prompter|>", "<|assistant|>", "<|endoftext|>"]
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "adapter_model.safetensors")


def resolve_device(requested: str = "auto") -> str:
    if requested == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device", "'cuda' was asked for but no CUDA device is available")
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return requested


def require_cuda_for(feature: str, key: str, on_cpu: str = "error") -> bool:
    """CUDA-only features (4-bit, vLLM): error on CPU, or warn and return False when skipping."""
    if torch.cuda.is_available():
        return True
    if on_cpu == "skip":
        LOG.warning("%s needs CUDA; none here, so it is skipped (config %s)", feature, key)
        return False
    raise ConfigError(key, f"{feature} needs a CUDA GPU and none is available on this machine")


def is_local(source: str) -> bool:
    return os.path.isdir(source) or source.startswith((".", "/", "results/", "resources/"))


def check_checkpoint(path: str | Path) -> None:
    """A local model folder must hold a config and safetensors weights."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(folder), "model folder does not exist")
    if not (folder / "config.json").exists() and not (folder / "adapter_config.json").exists():
        raise InputError(str(folder), "checkpoint folder has no config.json")
    if not any((folder / name).exists() for name in WEIGHT_FILES):
        raise InputError(
            str(folder), "checkpoint folder has no safetensors weights (model.safetensors)"
        )


def _dtype(name: str) -> Any:
    return {"auto": "auto", "float32": torch.float32, "bfloat16": torch.bfloat16}.get(
        name, torch.float16
    )


def load_tokenizer(source: str, revision: str | None = None, trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(
        source, revision=revision, trust_remote_code=trust_remote_code
    )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(
    source: str,
    kind: str = "causal_lm",
    *,
    device: str = "cpu",
    revision: str | None = None,
    trust_remote_code: bool = False,
    dtype: str = "auto",
    load_in_4bit: bool = False,
    num_labels: int | None = None,
):
    """Load a model by hub id or local folder; the same call serves tiny and paper-scale models.

    `num_labels` (sequence-classification heads only) gives a fresh head that many outputs, as a
    PPO value model built from a causal LM needs.
    """
    from transformers import (
        AutoModelForCausalLM,
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
    )

    if is_local(source):
        check_checkpoint(source)
    classes = {
        "causal_lm": AutoModelForCausalLM,
        "reward": AutoModelForSequenceClassification,
        "seq2seq": AutoModelForSeq2SeqLM,
    }
    kwargs: dict[str, Any] = {
        "revision": revision,
        "trust_remote_code": trust_remote_code,
        "dtype": _dtype(dtype),
        "use_safetensors": True,
    }
    if num_labels is not None:
        kwargs["num_labels"] = num_labels
    if load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_type="nf4"
        )
        # One GPU per process: under `accelerate launch` each rank quantises onto its own.
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}
    model = classes[kind].from_pretrained(source, **kwargs)
    if not load_in_4bit:
        model.to(device)
    model.eval()
    return model


def model_spec(config: dict[str, Any], name: str) -> dict[str, Any]:
    try:
        return config["models"][name]
    except KeyError:
        raise ConfigError(f"models.{name}", "unknown model name") from None


def save_model(
    model, tokenizer, out_dir: str | Path, card: dict[str, Any], state_dict: Any = None
) -> None:
    """save_pretrained (safetensors) plus tokenizer and a model card (README.md + card.json).

    `state_dict` is the gathered weights of a sharded (FSDP) model, else None."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if state_dict is None:
        model.save_pretrained(out, safe_serialization=True)
    else:
        model.save_pretrained(out, safe_serialization=True, state_dict=state_dict)
    if tokenizer is not None:
        tokenizer.save_pretrained(out)
    (out / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    lines = [f"# {card.get('title', 'Model')}", ""]
    for key, value in card.items():
        if key != "title":
            lines.append(f"- **{key}**: {json.dumps(value, sort_keys=True)}")
    (out / "README.md").write_text("\n".join(lines) + "\n")


def set_seed(seed: int) -> None:
    import random

    import numpy as np

    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)
