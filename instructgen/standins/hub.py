"""Writing a stand-in's files as the hub repository holds them: JSON files, weights (sharded
safetensors with an index, pickled copies), README.md, and the stand-in's card."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from instructgen.standins.repos import Repo, Weights, weight_files


def write_json(path: Path, obj: Any) -> None:
    """JSON as transformers writes a repository's files: two-space indent, sorted keys."""
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _save(model, folder: Path, max_shard_size: int) -> list[str]:
    """save_pretrained into `folder`, without its progress bar (the shard-size search saves
    many times); the safetensors files it wrote."""
    from transformers.utils import logging as transformers_logging

    shown = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        model.save_pretrained(folder, max_shard_size=max_shard_size)
    finally:
        if shown:
            transformers_logging.enable_progress_bar()
    return sorted(p.name for p in folder.glob("model*.safetensors"))


def shard_size_for(model, shards: int, scratch: Path) -> int:
    """The max_shard_size with which save_pretrained writes exactly `shards` files: the smallest
    size giving at most that many (greedy filling in a fixed order never needs more files for a
    larger size, so the count falls as the size grows)."""
    whole = scratch / "whole"
    total = sum(p.stat().st_size for p in map(whole.joinpath, _save(model, whole, 1 << 40)))
    if shards == 1:
        return total * 2
    low, high = 1, total
    while low < high:
        middle = (low + high) // 2
        trial = scratch / f"trial-{middle}"
        count = len(_save(model, trial, middle))
        shutil.rmtree(trial)
        if count <= shards:
            high = middle
        else:
            low = middle + 1
    return low


def save_weights(
    model,
    folder: Path,
    weights: Weights,
    extra_pickled: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The weight files of `weights` in `folder`, from `model` cast to the stored dtype.

    The safetensors files are transformers' own save_pretrained output, with a max_shard_size
    found so that exactly the repository's number of shards comes out. Pickled copies hold the
    same tensors shard by shard (torch.save, as transformers 4.x wrote pytorch_model*.bin);
    `extra_pickled(tensors)` adds to the last one what the real pickle held beyond the model's
    state (old buffers). Returns the dtype, the shard count and the max_shard_size used.
    """
    import torch
    from safetensors.torch import load_file

    if weights.safetensors and weights.pickled and weights.safetensors != weights.pickled:
        raise ValueError(f"pickled copies shard as the safetensors do: {weights}")
    shards = weights.safetensors or weights.pickled
    model = model.to(getattr(torch, weights.dtype))
    with tempfile.TemporaryDirectory(prefix=".weights.", dir=folder.parent) as tmp:
        scratch = Path(tmp)
        size = shard_size_for(model, shards, scratch)
        saved = scratch / "saved"
        written = _save(model, saved, size)
        if (saved / "model.safetensors.index.json").exists():
            written.append("model.safetensors.index.json")
        expected = weight_files("model", "safetensors", shards)
        if sorted(written) != sorted(expected):
            raise RuntimeError(f"save_pretrained wrote {written}, not {expected}")
        if weights.safetensors:
            for name in expected:
                shutil.copyfile(saved / name, folder / name)
            saved = folder
        if weights.pickled:
            pickled = weight_files("pytorch_model", "bin", shards)
            weight_map, total = {}, 0
            for number, name in enumerate(expected[:shards]):
                tensors = load_file(saved / name)
                if extra_pickled is not None and number == shards - 1:
                    tensors = extra_pickled(tensors)
                torch.save(tensors, folder / pickled[number])
                weight_map.update(dict.fromkeys(tensors, pickled[number]))
                total += sum(t.numel() * t.element_size() for t in tensors.values())
            if shards > 1:
                index = {"metadata": {"total_size": total}, "weight_map": weight_map}
                write_json(folder / pickled[-1], index)
    return {"dtype": weights.dtype, "shards": shards, "max_shard_size": size}


def write_readme(folder: Path, repo: Repo, name: str, facts: Mapping[str, Any]) -> None:
    """The repository's README.md: what the stand-in is, and where each fact comes from."""
    lines = [
        f"# Stand-in for {repo.hub_id}",
        "",
        f"A small model with the layout of the hub repository `{repo.hub_id}` (model `{name}` "
        "of configs/paper.yaml), built offline by instructgen's rule build_standin for "
        "`make rehearse`. Same model_type, architecture class and config keys, the same "
        "tokenizer family and weight files; the sizes are tiny_models' and it was trained "
        "briefly on the shipped miniature corpus. Its outputs mean nothing beyond exercising "
        "the pipeline.",
        "",
        "| fact | status | source |",
        "|---|---|---|",
    ]
    for fact, source in repo.sources.items():
        lines.append(f"| {fact} | {source.status} | {source.where} |")
    lines += ["", "| built | value |", "|---|---|"]
    for key, value in facts.items():
        lines.append(f"| {key} | {json.dumps(value, sort_keys=True)} |")
    (folder / "README.md").write_text("\n".join(lines) + "\n")
