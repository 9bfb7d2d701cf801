"""What the configured grid expands to: ids of generators, datasets and checkpoints.

The Snakemake rules and the tables both take their lists from here, so a row can never exist
in a table without a rule that built it.

Dataset names (flat, used as folder names under results/sft and results/evaluation):
- baselines: ``superni_train``, ``dolly``, ``self_instruct_seeds``, ``longform``
- track A: ``a.<corpus>.<strategy>.<generator>.<filter>.<size>`` (filter ``sft:x`` -> ``sft-x``)
- track A unions: ``a.combined.<name>``
- track B: ``b.<base model>.<method>.<size>``, method ``refine_af`` or ``self_instruct``
- ``base``: the untuned base model (Table 2's first row), evaluated but not trained.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

TRACK_B_METHODS = ("refine_af", "self_instruct")


@dataclass(frozen=True)
class TrackADataset:
    corpus: str
    strategy: str
    generator: str
    filter: str
    size: str

    @property
    def filter_dir(self) -> str:
        return self.filter.replace(":", "-")

    @property
    def id(self) -> str:
        return "/".join((self.corpus, self.strategy, self.generator, self.filter, self.size))

    @property
    def name(self) -> str:
        return ".".join(
            ("a", self.corpus, self.strategy, self.generator, self.filter_dir, self.size)
        )

    @property
    def path(self) -> str:
        return (
            f"results/track_a/datasets/{self.corpus}/{self.strategy}/{self.generator}/"
            f"{self.filter_dir}/{self.size}.jsonl"
        )


def generator_ids(config: dict[str, Any]) -> list[str]:
    return [f"{g['source']}-{g['format']}" for g in config["track_a"]["generators"]]


def parse_dataset_id(dataset_id: str) -> TrackADataset:
    """'corpus/strategy/generator/filter[/size]' (size defaults to all)."""
    parts = dataset_id.split("/")
    if len(parts) == 4:
        parts.append("all")
    if len(parts) != 5:
        raise ValueError(
            f"dataset id {dataset_id!r} is not corpus/strategy/generator/filter[/size]"
        )
    return TrackADataset(*parts)


def track_a_datasets(config: dict[str, Any]) -> list[TrackADataset]:
    seen: dict[str, TrackADataset] = {}
    for entry in config["track_a"]["datasets"]:
        for corpus, strategy, generator, filt, size in itertools.product(
            entry["corpus"],
            entry["strategy"],
            entry["generator"],
            entry["filter"],
            entry.get("size", ["all"]),
        ):
            dataset = TrackADataset(corpus, strategy, generator, filt, str(size))
            seen.setdefault(dataset.id, dataset)
    return list(seen.values())


def track_a_dataset_ids(config: dict[str, Any]) -> list[str]:
    ids = []
    for dataset in track_a_datasets(config):
        ids.append(dataset.id)
        if dataset.size == "all":
            ids.append(dataset.id.rsplit("/", 1)[0])
    return ids


def combined_names(config: dict[str, Any]) -> list[str]:
    return [f"a.combined.{entry['name']}" for entry in config["track_a"]["combined"]]


def track_b_sizes(config: dict[str, Any]) -> list[str]:
    total = config["track_b"]["bootstrap"]["num_instructions"]
    sizes = [str(s) for s in config["track_b"]["instances"]["subset_sizes"] if s < total]
    return [*sizes, "all"]


def track_b_names(config: dict[str, Any]) -> list[str]:
    return [
        f"b.{model}.{method}.{size}"
        for model in config["track_b"]["base_models"]
        for method in TRACK_B_METHODS
        for size in track_b_sizes(config)
    ]


def track_b_dataset_path(model: str, method: str, size: str) -> str:
    return f"results/track_b/{model}/datasets/{method}/{size}.jsonl"


BASELINES = ("superni_train", "dolly", "self_instruct_seeds", "longform")


def buildable_dataset_names(config: dict[str, Any]) -> list[str]:
    """Every dataset name an `sft:<name>` reference may point at."""
    names = list(BASELINES)
    names += [d.name for d in track_a_datasets(config)]
    names += combined_names(config)
    names += track_b_names(config)
    return names


def sft_dataset_names(config: dict[str, Any]) -> list[str]:
    """Every dataset that the SFT stage turns into a checkpoint."""
    names = list(config["sft"]["baselines"])
    names += [d.name for d in track_a_datasets(config)]
    names += combined_names(config)
    names += track_b_names(config)
    # sft:<name> references elsewhere (LLM extraction, filter models) need their checkpoints too.
    refs = [config["fragments"]["llm_extraction"]["model"]]
    refs += [f for entry in config["track_a"]["datasets"] for f in entry["filter"]]
    for ref in refs:
        if ref.startswith("sft:") and ref[4:] not in names:
            names.append(ref[4:])
    return names


def evaluated_models(config: dict[str, Any]) -> list[str]:
    """Names evaluated on Super-NI and LongForm: the base model and every SFT checkpoint."""
    return ["base", *sft_dataset_names(config)]


def recipe_for(name: str) -> str:
    """Track B datasets train with REFINE-AF's recipe; everything else with paper 1's."""
    return "refine_af" if name.startswith("b.") else "paper1"
