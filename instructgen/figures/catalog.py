"""Which files each figure of the papers reads, and where it goes in the report: the
instruction sets of the diversity sunbursts, the ROUGE-L references, the points of the size and
strategy figures, the loss-curve groups, and every figure file the configured study plans.
Names and paths come from instructgen.plan; this module only decides what each figure shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from instructgen import plan

PAPER_1 = "David against Goliath"
PAPER_2 = "REFINE-AF"


@dataclass(frozen=True)
class InstructionSet:
    """A set of instructions whose verb-noun diversity is drawn as one sunburst."""

    name: str  # file stem under results/figures/diversity/
    path: str
    field: str  # the record key holding the instruction text
    paper: str
    title: str


class Reference(NamedTuple):
    path: str
    field: str
    label: str


class LossGroup(NamedTuple):
    paper: str
    title: str


SEED_INSTRUCTIONS = plan.INSTRUCTION_DATA.format(baseline="self_instruct_seeds")
REFERENCE_SETS = (
    InstructionSet("ref.superni_test", plan.SUPERNI_TEST, "definition", PAPER_1,
                   "Super-NI test task definitions"),
    InstructionSet("ref.longform_test", plan.LONGFORM_TEST, "instruction", PAPER_1,
                   "LongForm test instructions"),
    InstructionSet("ref.self_instruct_seeds", SEED_INSTRUCTIONS, "instruction", PAPER_2,
                   "Self-Instruct seed instructions"),
)  # fmt: skip
# REFINE-AF Fig. 4 compares with the seed instructions, Fig. 5 with Self-Instruct's published
# GPT-3 generations (used as data to compare with, never to train on).
ROUGE_REFERENCES = {
    "seeds": Reference(SEED_INSTRUCTIONS, "instruction", "the Self-Instruct seed instructions"),
    "gpt3": Reference(plan.GPT3_INSTRUCTIONS, "instruction", "Self-Instruct's GPT-3 instructions"),
}
LOSS_GROUPS = {
    "track_a": LossGroup(PAPER_1, "SFT training loss (paper 1)"),
    "track_b": LossGroup(PAPER_2, "SFT training loss (REFINE-AF)"),
}


def diversity_sets(study: plan.Study) -> list[InstructionSet]:
    """Paper 1 Fig. 5/6 and REFINE-AF Fig. 8: every generated dataset and the references."""
    sets = list(REFERENCE_SETS)
    for d in study.track_a_datasets():
        sets.append(InstructionSet(d.name, d.path, "instruction", PAPER_1, f"Track A {d.id}"))
    for d in study.track_b_datasets():
        if d.size == "all":
            title = f"{d.method} instructions ({d.model})"
            sets.append(InstructionSet(d.name, d.path, "instruction", PAPER_2, title))
    return sets


def _published(study: plan.Study, model: str, numbers: Mapping[str, Any]) -> Any:
    if not study.config["analysis"]["show_published"]:
        return None
    return numbers.get(study.config["models"].get(model, {}).get("source"))


def published_unique_pairs(study: plan.Study) -> dict[str, int]:
    """REFINE-AF's unique verb-noun pairs beside each backbone's full REFINE-AF set."""
    from instructgen.published import REFINE_AF_UNIQUE_PAIRS

    counts = {}
    for d in study.track_b_datasets():
        value = _published(study, d.model, REFINE_AF_UNIQUE_PAIRS)
        if d.size == "all" and d.method == "refine_af" and value is not None:
            counts[d.name] = value
    return counts


def published_reward_spearman(study: plan.Study, model: str) -> float | None:
    from instructgen.published import REFINE_AF_REWARD_SPEARMAN

    return _published(study, model, REFINE_AF_REWARD_SPEARMAN)


def published_rouge_mean(study: plan.Study, reference: str) -> float | None:
    """REFINE-AF's mean max ROUGE-L with GPT-3's instructions (Fig. 5), when shown."""
    from instructgen.published import REFINE_AF_GPT3_ROUGE_MEAN

    show = study.config["analysis"]["show_published"] and reference == "gpt3"
    return REFINE_AF_GPT3_ROUGE_MEAN if show else None


def size_curve_points(study: plan.Study) -> list[dict[str, str]]:
    """REFINE-AF Fig. 7: one point per Track B dataset (series = backbone and method)."""
    return [
        {
            "series": f"{d.model} {d.method}",
            "dataset": d.path,
            "metrics": plan.SUPERNI_METRICS.format(dataset=d.name),
        }
        for d in study.track_b_datasets()
    ]


def strategy_points(study: plan.Study) -> list[dict[str, str]]:
    """Paper 1 Fig. 3: one bar per unsupervised Track A dataset, grouped by strategy."""
    points = []
    for strategy in study.config["fragments"]["strategies"]:
        for d in study.track_a_datasets():
            if d.corpus == "unsupervised" and d.strategy == strategy:
                variant = f"{d.generator.name}, filter {d.wildcards['filter']}"
                variant += "" if d.size == "all" else f", {d.size}"
                points.append(
                    {
                        "strategy": strategy,
                        "variant": variant,
                        "metrics": plan.SUPERNI_METRICS.format(dataset=d.name),
                    }
                )
    return points


def loss_groups(study: plan.Study) -> dict[str, list[plan.Dataset]]:
    """SFT checkpoints per training-loss figure: REFINE-AF's and paper 1's."""
    groups: dict[str, list[plan.Dataset]] = {"track_a": [], "track_b": []}
    for dataset in study.sft_datasets():
        groups["track_b" if dataset.kind == "track_b" else "track_a"].append(dataset)
    return {group: datasets for group, datasets in groups.items() if datasets}


def loss_logs(study: plan.Study, group: str) -> dict[str, str]:
    """Checkpoint folder (holding training_log.csv) of each dataset in a loss figure."""
    return {d.name: d.checkpoint for d in loss_groups(study)[group]}


def figures(study: plan.Study) -> list[str]:
    """Every figure file (PNG and PDF) the configuration plans."""
    patterns = [
        plan.DIVERSITY_FIGURE.format(name=s.name, ext="{ext}") for s in diversity_sets(study)
    ]
    models = study.track_b_models()
    patterns += [plan.REWARD_FIGURE.format(model=m, ext="{ext}") for m in models]
    patterns += [
        plan.ROUGE_L_FIGURE.format(reference=r, model=m, ext="{ext}")
        for r in ROUGE_REFERENCES
        for m in models
    ]
    patterns += [
        plan.LENGTHS_FIGURE.format(model=m, method=method, ext="{ext}")
        for m in models
        for method in plan.TRACK_B_METHODS
    ]
    if models:
        patterns.append(plan.SIZE_FIGURE)
    if strategy_points(study):
        patterns.append(plan.STRATEGY_FIGURE)
    patterns += [plan.LOSS_FIGURE.format(group=g, ext="{ext}") for g in loss_groups(study)]
    return [p.format(ext=ext) for p in patterns for ext in plan.FIGURE_FORMATS]


def report_tables(tables: list[str]) -> list[str]:
    """Every Markdown table of the study, for the report's tables page."""
    return [plan.TABLE.format(table=t, ext="md") for t in tables] + [
        plan.VERB_NOUN_TABLE.format(ext="md")
    ]
