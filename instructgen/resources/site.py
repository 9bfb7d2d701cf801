"""The site a run's jobs land on, as its SLURM profile says: which card (`gpu_model` and the
`constraint` that picks its memory size), how many GPUs each rule gets (`gpu`), the accelerate
config of multi-GPU rules and the GPU partition's time limit (`max_runtime`, minutes).

Read from profiles/slurm/config.yaml by `make preflight`, and from the profile Snakemake was
started with (its set-resources) by rules/common.smk, so a rule's requested memory and time
follow the card it will run on.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from instructgen.resources.cards import Card, card
from instructgen.resources.steps import Site

REPO = Path(__file__).resolve().parents[2]
ACCELERATE_DIR = REPO / "profiles" / "accelerate"
DEFAULT_PARTITION_LIMIT_MINUTES = 24 * 60
# A site without a GPU model in its profile (the local profile, CPU runs): the paper's card.
DEFAULT_CARD = "A100-80GB"
# gpu_model (SLURM's GRES type) -> the card, with the memory size its constraint names.
_MODELS = {
    "a100": {"40": "A100-40GB", "80": "A100-80GB"},
    "h100": {"80": "H100-80GB"},
    "h200": {"141": "H200-141GB", "": "H200-141GB"},
}


def card_for(gpu_model: str | None, constraint: str | None = None) -> Card:
    """The card a profile asks for: `gpu_model` (a100, h100, h200) and, where one model comes
    in two memory sizes, the size its `constraint` names (e.g. "a100_80gb"). An A100 without a
    size constraint may be either: the 40 GB card is assumed (what fits it fits both)."""
    if not gpu_model:
        return card(DEFAULT_CARD)
    sizes = _MODELS.get(str(gpu_model).lower())
    if sizes is None:
        raise ValueError(f"gpu_model {gpu_model!r}: no card known (known: {', '.join(_MODELS)})")
    text = str(constraint or "").lower()
    for size, name in sizes.items():
        if size and size in text:
            return card(name)
    return card(sizes[""] if "" in sizes else min(sizes.values(), key=lambda n: card(n).memory_gib))


def _plain(value: Any) -> Any:
    """A Snakemake Resource's value, or the value itself. Snakemake parses --set-resources
    values as expressions to evaluate per job, so a bare word such as a100 comes back as one:
    its raw text is the value."""
    if not hasattr(value, "is_evaluable"):
        return value
    if value.is_evaluable():
        return str(value.raw).strip("'\"")
    return value.value


def site_from_resources(
    resources: Mapping[str, Mapping[str, Any]], *, card_name: str | None = None
) -> Site:
    """A site from per-rule resources (a profile's set-resources, or Snakemake's parsed
    --set-resources). The card is that of the GPU rules (those with `gpu`)."""
    gpus, accelerate, cards, limits = {}, {}, [], []
    for rule, values in resources.items():
        values = {k: _plain(v) for k, v in values.items()}
        if "gpu" not in values:
            continue
        gpus[rule] = int(values["gpu"])
        if values.get("accelerate"):
            accelerate[rule] = str(values["accelerate"])
        cards.append(card_for(values.get("gpu_model"), values.get("constraint")))
        if values.get("max_runtime"):
            limits.append(int(values["max_runtime"]))
    chosen = card(card_name) if card_name else (cards[0] if cards else card(DEFAULT_CARD))
    if not card_name and len({c.name for c in cards}) > 1:
        raise ValueError(
            "the profile's GPU rules ask for different cards: "
            + ", ".join(sorted({c.name for c in cards}))
        )
    return Site(
        chosen,
        gpus,
        accelerate,
        min(limits) if limits else DEFAULT_PARTITION_LIMIT_MINUTES,
    )


def site_from_profile(profile: str | Path, *, card_name: str | None = None) -> Site:
    """The site of a profile folder (its config.yaml) or file."""
    import yaml

    path = Path(profile)
    if path.is_dir():
        path = path / "config.yaml"
    data = yaml.safe_load(path.read_text()) or {}
    return site_from_resources(data.get("set-resources") or {}, card_name=card_name)


@cache
def accelerate_settings(name: str) -> Mapping[str, Any]:
    """The fsdp_config (or top level) of an accelerate config named by a rule's resource."""
    import yaml

    path = Path(name) if name.endswith((".yaml", ".yml")) else ACCELERATE_DIR / f"{name}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text()) or {}
    return {**data, **(data.get("fsdp_config") or {})}
