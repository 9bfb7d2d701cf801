"""Loading models (hub ids and local folders through one code path) and building tiny ones.

Safe loading: weights only as safetensors, `trust_remote_code` only when the config says so
for that named model, and CUDA-only options fail clearly on a CPU machine. A repository that
ships pickled weights (pytorch_model.bin) is turned into safetensors once, when it is fetched,
by `convert_pickled_weights` (tensors only: `torch.load(weights_only=True)`); `load_model`
itself never reads a pickle. Architectures written here (`instructgen.oasst`, OpenAssistant's
reward model) are registered before any config is read.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from instructgen.errors import ConfigError, InputError
from instructgen.plan import is_local_source

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
PICKLED_WEIGHTS = "pytorch_model.bin"
PICKLED_INDEX = "pytorch_model.bin.index.json"


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


def check_checkpoint(path: str | Path) -> None:
    """A local model folder must hold a config and safetensors weights."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(folder), "model folder does not exist")
    if not (folder / "config.json").exists() and not (folder / "adapter_config.json").exists():
        raise InputError(str(folder), "checkpoint folder has no config.json")
    if not any((folder / name).exists() for name in WEIGHT_FILES):
        if any((folder / name).exists() for name in (PICKLED_WEIGHTS, PICKLED_INDEX)):
            raise InputError(
                str(folder),
                "checkpoint folder has no safetensors weights, only pickled ones "
                "(pytorch_model.bin), which are never loaded; convert them first with "
                "instructgen.modeling.convert_pickled_weights",
            )
        raise InputError(
            str(folder), "checkpoint folder has no safetensors weights (model.safetensors)"
        )


def _register_architectures() -> None:
    """Architectures written here join the auto classes before a config is read."""
    import instructgen.oasst  # noqa: F401


def _dtype(name: str) -> Any:
    return {"auto": "auto", "float32": torch.float32, "bfloat16": torch.bfloat16}.get(
        name, torch.float16
    )


def load_tokenizer(source: str, revision: str | None = None, trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    _register_architectures()
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
    PPO value model built from a causal LM needs. Without it, a reward model must come whole:
    a weight the checkpoint lacks (which transformers would initialise at random) is an error.
    """
    from transformers import (
        AutoModelForCausalLM,
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
    )

    _register_architectures()
    if is_local_source(source):
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
    whole = kind == "reward" and num_labels is None
    model = classes[kind].from_pretrained(source, output_loading_info=whole, **kwargs)
    if whole:
        model, info = model
        _check_loading_info(source, info)
    if not load_in_4bit:
        model.to(device)
    model.eval()
    return model


def _check_loading_info(source: str, info: dict[str, Any]) -> None:
    """A scorer with a weight left at its random initialisation would score noise."""
    fresh = sorted(info.get("missing_keys") or ()) + sorted(
        str(k[0] if isinstance(k, tuple) else k) for k in info.get("mismatched_keys") or ()
    )
    if fresh:
        shown = ", ".join(fresh[:8]) + (" ..." if len(fresh) > 8 else "")
        raise InputError(
            source,
            f"the checkpoint lacks {len(fresh)} weight(s) of the reward model, which would be "
            f"initialised at random: {shown}",
        )
    if info.get("unexpected_keys"):
        LOG.warning(
            "%s: checkpoint weights the reward model does not use: %s",
            source,
            ", ".join(sorted(info["unexpected_keys"])[:8]),
        )


def _pickled_shards(folder: Path) -> dict[str, str] | None:
    """Pickled weight files -> their safetensors names; None when there are none."""
    if (folder / PICKLED_INDEX).exists():
        weight_map = json.loads((folder / PICKLED_INDEX).read_text())["weight_map"]
        shards = sorted(set(weight_map.values()))
        for shard in shards:
            if Path(shard).name != shard or not shard.endswith(".bin"):
                raise InputError(str(folder / PICKLED_INDEX), f"unexpected shard name {shard!r}")
        return {
            shard: "model" + shard.removeprefix("pytorch_model")[: -len(".bin")] + ".safetensors"
            for shard in shards
        }
    if (folder / PICKLED_WEIGHTS).exists():
        return {PICKLED_WEIGHTS: "model.safetensors"}
    return None


# The largest safetensors file a conversion writes: a file of this many bytes is what it holds in
# memory at once (an 11 GB pickle converts on a login node), and what the hub's own shards hold.
SHARD_BYTES = 2 * 2**30


def _read_tensors(path: Path) -> dict[str, torch.Tensor]:
    """A state dict read by the tensors-only unpickler, memory-mapped where the file's format
    allows (torch's zip format: tensors are read from disk when written out, not all at once);
    anything but named tensors is refused."""
    try:
        try:
            state = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as err:
            if "mmap" not in str(err):
                raise
            state = torch.load(path, map_location="cpu", weights_only=True)  # legacy format
    except Exception as err:  # noqa: BLE001 - every refusal is reported the same way
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            str(path),
            "refused: not a plain file of tensors (torch.load with weights_only=True failed: "
            f"{first})",
        ) from err
    if not isinstance(state, Mapping):
        raise InputError(str(path), f"refused: holds a {type(state).__name__}, not a state dict")
    bad = [str(k) for k, v in state.items() if not isinstance(k, str) or not torch.is_tensor(v)]
    if bad:
        raise InputError(str(path), f"refused: entries that are not named tensors: {bad[:5]}")
    # safetensors stores no aliasing: a tensor sharing storage with an earlier one (tied
    # weights) becomes its own copy, and every tensor is stored contiguous.
    seen: set[int] = set()
    tensors = {}
    for name, tensor in state.items():
        pointer = tensor.untyped_storage().data_ptr()
        if pointer in seen and tensor.numel():
            tensor = tensor.clone()
        seen.add(pointer)
        tensors[name] = tensor.detach().contiguous()
    return tensors


def convert_pickled_weights(folder: str | Path) -> dict[str, str]:
    """Turn pickled weights (pytorch_model.bin, or shards with pytorch_model.bin.index.json)
    into safetensors (model.safetensors, or shards with model.safetensors.index.json).

    Files are read with `torch.load(weights_only=True)`, which refuses any pickled object
    other than tensors and plain containers; nothing is half-written (every file is written
    under a temporary name and moved into place only when all of them are). The pickles stay.
    Returns {pickled file: safetensors file} for what was converted, {} when there are no
    pickled weights or the folder already holds safetensors weights.
    """
    from safetensors.torch import save_file

    folder = Path(folder)
    shards = _pickled_shards(folder)
    if shards is None or any((folder / name).exists() for name in WEIGHT_FILES):
        return {}
    # Each pickle becomes the safetensors file of its name (a sharded pickle, the shard of the
    # same number); one larger than SHARD_BYTES is split, and then all files are numbered anew.
    groups: list[list[tuple[str, Path]]] = []
    seen: set[str] = set()
    total = 0
    for source in shards:
        sizes = [0]
        groups.append([])
        for name, tensor in _read_tensors(folder / source).items():
            if name in seen:
                raise InputError(str(folder / source), f"tensor {name!r} is in two shards")
            seen.add(name)
            size = tensor.numel() * tensor.element_size()
            if groups[-1] and sizes[-1] + size > SHARD_BYTES:
                groups.append([])
                sizes.append(0)
            groups[-1].append((name, folder / source))
            sizes[-1] += size
            total += size
    if (folder / PICKLED_INDEX).exists():
        listed = set(json.loads((folder / PICKLED_INDEX).read_text())["weight_map"])
        if listed != seen:
            raise InputError(
                str(folder / PICKLED_INDEX),
                f"the index and the shards name different tensors: {sorted(listed ^ seen)[:5]}",
            )
    if len(groups) == len(shards):
        targets = list(shards.values())
    else:
        count = len(groups)
        targets = [f"model-{i:05d}-of-{count:05d}.safetensors" for i in range(1, count + 1)]
    temporary: dict[Path, Path] = {}
    try:
        weight_map: dict[str, str] = {}
        opened: dict[Path, dict[str, torch.Tensor]] = {}
        for group, target in zip(groups, targets, strict=True):
            tensors = {}
            for name, source in group:
                if source not in opened:
                    opened.clear()  # one pickle mapped at a time
                    opened[source] = _read_tensors(source)
                tensors[name] = opened[source][name]
                weight_map[name] = target
            partial = folder / f".{target}.partial"
            temporary[partial] = folder / target
            save_file(tensors, str(partial), metadata={"format": "pt"})
            del tensors
        opened.clear()
        written: dict[str, list[str]] = {source: [] for source in shards}
        for group, target in zip(groups, targets, strict=True):
            written[group[0][1].name].append(target)
        converted = {source: ", ".join(files) for source, files in written.items()}
        if len(targets) > 1:
            index = {
                "metadata": {"total_size": total},
                "weight_map": dict(sorted(weight_map.items())),
            }
            partial = folder / ".model.safetensors.index.json.partial"
            partial.write_text(json.dumps(index, indent=2) + "\n")
            temporary[partial] = folder / "model.safetensors.index.json"
            source_index = PICKLED_INDEX if (folder / PICKLED_INDEX).exists() else "(index)"
            converted[source_index] = "model.safetensors.index.json"
        # The index (or the single file) moves last: it is what marks the folder converted.
        for partial, final in temporary.items():
            os.replace(partial, final)
        temporary.clear()
    finally:
        for partial in temporary:
            partial.unlink(missing_ok=True)
    LOG.info("converted pickled weights in %s to safetensors: %s", folder, converted)
    return converted


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
