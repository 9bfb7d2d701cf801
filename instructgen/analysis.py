"""The papers' figures, drawn from the pipeline's own files.

Two halves: which files each figure reads (pure functions of the config, used by
rules/common.smk, so a figure's inputs are exactly the configured datasets and checkpoints), and
one ``main_*`` per figure rule that reads those files, computes what the figure shows and draws it
with :mod:`instructgen.plots`.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instructgen import plan
from instructgen.errors import ConfigError, InputError
from instructgen.io import read_json, read_jsonl, read_text, write_text
from instructgen.logs import LOG, progress

# Parsing (NLTK), plotting (matplotlib) and ROUGE are imported inside the functions that draw:
# the workflow imports this module at start-up for its planning functions only.

PAPER_1 = "David against Goliath"
PAPER_2 = "REFINE-AF"

# Numbers the papers print, shown beside reproduced ones when analysis.show_published is true.
# Keyed by hub id so that they attach to the right backbone whatever its name in `models`.
PUBLISHED_UNIQUE_PAIRS = {  # REFINE-AF section V-A, "Diversity"
    "meta-llama/Llama-2-7b-hf": 828,
    "meta-llama/Llama-2-13b-hf": 790,
    "mistralai/Mistral-7B-v0.1": 467,
}
PUBLISHED_REWARD_SPEARMAN = {  # REFINE-AF section V-A, "RL Training"
    "meta-llama/Llama-2-7b-hf": 0.553,
    "meta-llama/Llama-2-13b-hf": 0.649,
    "mistralai/Mistral-7B-v0.1": 0.558,
}

SUPERNI_TEST = "results/corpora/superni_test.jsonl"
SEED_INSTRUCTIONS = "results/corpora/instruction_data/self_instruct_seeds.jsonl"

# Fig. 5 of REFINE-AF compares with GPT-3.5's Self-Instruct data, which this study does not use
# (open models only); the Super-NI test definitions are the human-written reference instead.
ROUGE_REFERENCES = {
    "seeds": (SEED_INSTRUCTIONS, "instruction", "the Self-Instruct seed instructions"),
    "superni_test": (SUPERNI_TEST, "definition", "the Super-NI test task definitions"),
}


# --------------------------------------------------------------------------------------------
# What each figure reads
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstructionSet:
    """A set of instructions whose verb-noun diversity is drawn as one sunburst."""

    name: str  # file stem under results/figures/diversity/
    path: str
    field: str  # the record key holding the instruction text
    paper: str
    title: str


REFERENCE_SETS = (
    InstructionSet("ref.superni_test", SUPERNI_TEST, "definition", PAPER_1,
                   "Super-NI test task definitions"),
    InstructionSet("ref.longform_test", "results/corpora/longform_test.jsonl", "instruction",
                   PAPER_1, "LongForm test instructions"),
    InstructionSet("ref.self_instruct_seeds", SEED_INSTRUCTIONS, "instruction", PAPER_2,
                   "Self-Instruct seed instructions"),
)  # fmt: skip


def track_b_all_names(config: Mapping[str, Any]) -> list[str]:
    """The full ('all') Track B dataset of each backbone and method."""
    return [
        f"b.{model}.{method}.all"
        for model in config["track_b"]["base_models"]
        for method in plan.TRACK_B_METHODS
    ]


def diversity_sets(config: Mapping[str, Any]) -> list[InstructionSet]:
    """Paper 1 Fig. 5/6 and REFINE-AF Fig. 8: every generated dataset and the references."""
    sets = list(REFERENCE_SETS)
    for dataset in plan.track_a_datasets(config):
        sets.append(InstructionSet(dataset.name, dataset.path, "instruction", PAPER_1,
                                   f"Track A {dataset.id}"))  # fmt: skip
    for name in track_b_all_names(config):
        _, model, method, size = name.split(".")
        sets.append(InstructionSet(name, plan.track_b_dataset_path(model, method, size),
                                   "instruction", PAPER_2, f"{method} instructions ({model})"))  # fmt: skip
    return sets


def strategy_datasets(config: Mapping[str, Any]) -> dict[str, list[str]]:
    """Paper 1 Fig. 3: unsupervised Track A dataset names per extraction strategy, in the order
    of fragments.strategies."""
    by_strategy: dict[str, list[str]] = {}
    for strategy in config["fragments"]["strategies"]:
        names = [
            d.name
            for d in plan.track_a_datasets(config)
            if d.corpus == "unsupervised" and d.strategy == strategy
        ]
        if names:
            by_strategy[strategy] = names
    return by_strategy


LOSS_TITLES = {"track_a": "SFT training loss (paper 1)", "track_b": "SFT training loss (REFINE-AF)"}


def loss_groups(config: Mapping[str, Any]) -> dict[str, list[str]]:
    """SFT checkpoints per training-loss figure: REFINE-AF's (b.*) and paper 1's (the rest)."""
    groups: dict[str, list[str]] = {"track_a": [], "track_b": []}
    for name in plan.sft_dataset_names(config):
        groups["track_b" if name.startswith("b.") else "track_a"].append(name)
    return {group: names for group, names in groups.items() if names}


def figure_targets(config: Mapping[str, Any]) -> list[str]:
    """Every figure (PNG and PDF) and table this stage writes for the configuration."""
    stems = [f"diversity/{s.name}" for s in diversity_sets(config)]
    models = list(config["track_b"]["base_models"])
    stems += [f"reward/{model}" for model in models]
    stems += [f"rouge_l/{ref}/{model}" for ref in ROUGE_REFERENCES for model in models]
    stems += [f"lengths/{model}/{m}" for model in models for m in plan.TRACK_B_METHODS]
    if models:
        stems.append("superni_vs_size")
    if strategy_datasets(config):
        stems.append("extraction_strategies")
    stems += [f"training_loss/{group}" for group in loss_groups(config)]
    targets = [f"results/figures/{stem}.{ext}" for stem in stems for ext in ("png", "pdf")]
    targets += ["results/tables/verb_noun_pairs.csv", "results/tables/verb_noun_pairs.md"]
    targets.append("results/tables/index.html")
    return targets


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


def read_instructions(path: str, field: str = "instruction") -> list[str]:
    """Distinct non-empty instructions in file order (Super-NI and seed files repeat a task's
    instruction once per instance; each instruction counts once)."""
    seen: dict[str, None] = {}
    for record in read_jsonl(path, required=[field]):
        text = str(record[field]).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def read_rewards(path: str) -> tuple[list[int], list[float]]:
    """(steps, mean rewards) from an RL rewards.csv, sorted by step."""
    text = read_text(path)
    rows = list(csv.DictReader(text.splitlines()))
    header = text.splitlines()[0].split(",") if text.strip() else []
    for column in ("step", "mean_reward"):
        if column not in header:
            raise InputError(path, f"missing column '{column}' (header: {','.join(header)})", 1)
    points = []
    for line, row in enumerate(rows, start=2):
        try:
            points.append((int(row["step"]), float(row["mean_reward"])))
        except (TypeError, ValueError):
            raise InputError(
                path, "step must be an integer and mean_reward a number", line
            ) from None
    points.sort()
    return [s for s, _ in points], [r for _, r in points]


def read_loss_log(path: str) -> tuple[list[int], list[float]]:
    """(steps, losses) of a training_log.csv; a resumed run's repeated steps keep the last."""
    text = read_text(path)
    by_step: dict[int, float] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            by_step[int(row["step"])] = float(row["loss"])
        except (KeyError, TypeError, ValueError):
            raise InputError(path, "expected numeric 'step' and 'loss' columns", line) from None
    steps = sorted(by_step)
    return steps, [by_step[s] for s in steps]


def superni_rouge_l(path: str) -> float:
    metrics = read_json(path)
    if not isinstance(metrics, dict) or "rougeL" not in metrics:
        raise InputError(path, "no 'rougeL' in the Super-NI metrics")
    return float(metrics["rougeL"])


def _published(config: Mapping[str, Any], model: str, table: Mapping[str, float]) -> float | None:
    if not config["analysis"]["show_published"] or model not in config["models"]:
        return None
    return table.get(config["models"][model]["source"])


# --------------------------------------------------------------------------------------------
# Diversity (sunbursts and unique verb-noun pairs)
# --------------------------------------------------------------------------------------------


def load_parser(name: str):
    """The configured parser, or one ConfigError line saying how to install benepar's model."""
    from instructgen.diversity import BENEPAR_INSTALL_HINT, ParserUnavailableError, get_parser

    try:
        return get_parser(name)
    except ParserUnavailableError as error:
        hint = " ".join(str(error).split()) or " ".join(BENEPAR_INSTALL_HINT.split())
        raise ConfigError("analysis.parser", hint) from None


def main_diversity(
    sets: Sequence[Mapping[str, str]],
    parser_name: str,
    top_verbs: int,
    top_nouns: int,
    published: Mapping[str, float],
    pngs: Sequence[str],
    pdfs: Sequence[str],
    out_csv: str,
    out_md: str,
) -> list[dict[str, Any]]:
    """One sunburst per instruction set (``pngs[i]``/``pdfs[i]`` for ``sets[i]``) plus the table
    of unique verb-noun pairs.

    ``sets`` are dicts with name, path, field, paper and title; all are parsed in this one job
    because loading the parser (WordNet or benepar's model) dominates the cost at small scale.
    """
    from instructgen.diversity import count_verb_noun_pairs, extract_verb_noun_pairs
    from instructgen.plots import sunburst

    parser = load_parser(parser_name)  # before reading anything: a missing model fails fast
    LOG.info("parser: %s", parser.description)
    rows = []
    if not len(sets) == len(pngs) == len(pdfs):
        raise ValueError("main_diversity needs one PNG and one PDF path per instruction set")
    for index, entry in enumerate(progress(sets, desc="instruction sets", unit="set")):
        instructions = read_instructions(entry["path"], entry["field"])
        pairs = extract_verb_noun_pairs(instructions, parser)
        complete = sum(1 for verb, noun in pairs if verb and noun)
        unique = count_verb_noun_pairs(pairs)
        caption = (
            f"{len(instructions)} distinct instructions, {complete} with a verb and a direct "
            f"object, {unique} unique verb-noun pairs. Parser: {parser.description}."
        )
        sunburst(
            pairs,
            entry["title"],
            pngs[index],
            pdfs[index],
            caption=caption,
            n_verbs=top_verbs,
            n_nouns=top_nouns,
        )
        row = {
            "dataset": entry["name"],
            "paper": entry["paper"],
            "instructions": len(instructions),
            "with_verb_and_object": complete,
            "unique_verb_noun_pairs": unique,
            "unique_verbs": len({verb for verb, noun in pairs if verb and noun}),
        }
        if published:
            row["published_unique_pairs"] = published.get(entry["name"], "")
        rows.append(row)
    note = f"Parser: {parser.description}."
    write_table(rows, out_csv, out_md, "Unique verb-noun pairs per instruction set", note)
    return rows


def write_table(
    rows: Sequence[Mapping[str, Any]], out_csv: str, out_md: str, title: str, note: str = ""
) -> None:
    """A table as CSV and as a Markdown pipe table with a title and a note."""
    columns = list(rows[0]) if rows else ["dataset"]
    lines = [",".join(columns)]
    lines += [",".join(_csv_cell(row.get(c, "")) for c in columns) for row in rows]
    write_text(out_csv, "\n".join(lines) + "\n")
    md = [f"# {title}", "", "| " + " | ".join(columns) + " |"]
    md.append("|" + "|".join("---" for _ in columns) + "|")
    md += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    if note:
        md += ["", note]
    write_text(out_md, "\n".join(md) + "\n")


def _csv_cell(value: Any) -> str:
    text = str(value)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


# --------------------------------------------------------------------------------------------
# REFINE-AF: reward curve, ROUGE-L novelty, lengths, score against dataset size
# --------------------------------------------------------------------------------------------


def main_reward_curve(
    rewards_csv: str,
    model: str,
    window: int,
    published_rho: float | None,
    out_png: str,
    out_pdf: str,
) -> float:
    """REFINE-AF Fig. 2: mean reward per PPO step, its moving average and Spearman(step, reward)."""
    from instructgen.plots import line_with_moving_average
    from instructgen.stats import moving_average

    steps, rewards = read_rewards(rewards_csv)
    if not steps:
        raise InputError(rewards_csv, "no RL steps logged")
    caption = f"{len(steps)} PPO steps; trailing moving average over {window} steps."
    if published_rho is not None:
        caption += f" Published Spearman \u03c1 for this backbone: {published_rho:.3f}."
    rho = line_with_moving_average(
        steps, rewards, window, "per step", f"Mean reward during PPO ({model})", out_png, out_pdf,
        caption=caption,
    )  # fmt: skip
    LOG.info("Spearman rho(step, reward) = %.4f; last moving average %.4f", rho,
             moving_average(rewards, window)[-1])  # fmt: skip
    return rho


def max_rouge_l(texts: Sequence[str], references: Sequence[str]) -> list[float]:
    """Each text's ROUGE-L F-measure with its most similar reference (rouge_score's tokens)."""
    from instructgen.novelty import rouge_l_fraction, tokenize

    reference_tokens = [tokenize(r) for r in references]
    scores = []
    for text in progress(texts, desc="max ROUGE-L", unit="instruction"):
        tokens = tokenize(text)
        best = max((rouge_l_fraction(tokens, ref) for ref in reference_tokens), default=0)
        scores.append(float(best))
    return scores


def main_rouge_histogram(
    dataset: str,
    reference_path: str,
    reference_field: str,
    reference_label: str,
    model: str,
    out_png: str,
    out_pdf: str,
) -> list[float]:
    """REFINE-AF Fig. 4/5: histogram of each generated instruction's max ROUGE-L with a
    reference instruction set."""
    from instructgen.plots import histogram

    instructions = read_instructions(dataset)
    references = read_instructions(reference_path, reference_field)
    if not references:
        raise InputError(reference_path, f"no '{reference_field}' values to compare with")
    scores = max_rouge_l(instructions, references)
    mean = sum(scores) / len(scores) if scores else math.nan
    histogram(
        scores,
        f"ROUGE-L with the most similar reference ({model})",
        f"max ROUGE-L F against {reference_label}",
        out_png,
        out_pdf,
        bins=[i / 20 for i in range(21)],  # fixed 0-1 range so backbones compare by eye
        ylabel="generated instructions",
        caption=(
            f"{len(instructions)} REFINE-AF instructions against {len(references)} distinct "
            f"reference instructions ({reference_label}); mean {mean:.3f}."
        ),
    )
    return scores


def main_lengths(dataset: str, label: str, out_png: str, out_pdf: str) -> dict[str, list[int]]:
    """REFINE-AF Fig. 3: length distributions of instructions, inputs and outputs (words);
    empty inputs are left out, as an instance without input has no input length."""
    from instructgen.plots import histogram_panels

    records = read_jsonl(dataset, required=["instruction", "input", "output"])
    lengths = {
        "instructions": [len(str(r["instruction"]).split()) for r in records],
        "non-empty inputs": [len(str(r["input"]).split()) for r in records if str(r["input"]).strip()],
        "outputs": [len(str(r["output"]).split()) for r in records],
    }  # fmt: skip
    histogram_panels(
        lengths,
        f"Lengths in the {label} dataset",
        "length (words)",
        out_png,
        out_pdf,
        bins=20,
        ylabel="instances",
        caption=f"{len(records)} instances; {len(lengths['non-empty inputs'])} have an input.",
    )
    return lengths


def main_size_curve(
    points: Sequence[Mapping[str, str]], out_png: str, out_pdf: str
) -> dict[str, list[tuple[int, float]]]:
    """REFINE-AF Fig. 7: Super-NI ROUGE-L against the number of instructions trained on.

    ``points`` are dicts with series (e.g. "base refine_af"), dataset and metrics paths; x is
    the number of distinct instructions actually in the dataset, so an 'all' set smaller than
    planned is drawn where it really is.
    """
    from instructgen.plots import line_plot

    series: dict[str, list[tuple[int, float]]] = {}
    for point in points:
        x = len(read_instructions(point["dataset"]))
        series.setdefault(point["series"], []).append((x, superni_rouge_l(point["metrics"])))
    for values in series.values():
        values.sort()
    line_plot(
        [],
        {name: [y for _, y in values] for name, values in series.items()},
        "Super-NI score against number of instructions",
        "instructions in the training set",
        "Super-NI ROUGE-L",
        out_png,
        out_pdf,
        xs={name: [x for x, _ in values] for name, values in series.items()},
    )
    return series


# --------------------------------------------------------------------------------------------
# Paper 1: extraction strategies; both papers: training loss
# --------------------------------------------------------------------------------------------


def main_strategy_bars(
    points: Sequence[Mapping[str, str]], out_png: str, out_pdf: str
) -> dict[str, dict[str, float]]:
    """Paper 1 Fig. 3: Super-NI ROUGE-L per extraction strategy, one bar per generator/filter.

    ``points`` are dicts with strategy, variant (the rest of the dataset name) and metrics.
    """
    from instructgen.plots import grouped_bar

    strategies: list[str] = []
    scores: dict[str, dict[str, float]] = {}
    for point in points:
        if point["strategy"] not in strategies:
            strategies.append(point["strategy"])
        scores.setdefault(point["variant"], {})[point["strategy"]] = superni_rouge_l(
            point["metrics"]
        )
    grouped_bar(
        [s.replace("_", " ") for s in strategies],
        {variant: [v.get(s, math.nan) for s in strategies] for variant, v in scores.items()},
        "Super-NI score per extraction strategy",
        "Super-NI ROUGE-L",
        out_png,
        out_pdf,
        xlabel="fragments the instructions were generated for",
    )
    return scores


def main_training_loss(
    models: Mapping[str, str], title: str, out_png: str, out_pdf: str
) -> dict[str, tuple[list[int], list[float]]]:
    """Training loss per optimizer step of each SFT checkpoint (its model folder's
    training_log.csv), one small panel each."""
    from instructgen.plots import small_multiples

    logs = {name: str(Path(folder) / "training_log.csv") for name, folder in models.items()}
    curves = {name: read_loss_log(path) for name, path in logs.items()}
    for name, (steps, _) in curves.items():
        if not steps:
            raise InputError(logs[name], "no training steps logged")
    small_multiples(curves, title, "step", "loss", out_png, out_pdf)
    return curves


# --------------------------------------------------------------------------------------------
# Tables for the report
# --------------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tables</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }}
th, td {{ border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }}
th {{ background: #eee; }}
nav li {{ margin: 0.1em 0; }}
.source {{ color: #666; font-size: 0.8em; }}
</style></head><body>
<h1>Tables</h1>
{toc}
{body}
</body></html>
"""


def render_markdown(text: str) -> str:
    """Markdown (with pipe tables) to HTML; raw HTML in the source is escaped."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def main_tables_index(tables: Sequence[str], out_html: str) -> int:
    """Every table's Markdown rendered into one HTML page (the report shows HTML inline, while
    CSV and Markdown would only be offered as downloads)."""
    toc, body = [], []
    for index, path in enumerate(sorted(tables, key=lambda p: Path(p).name)):
        anchor = f"t{index}"
        name = Path(path).stem
        toc.append(f'<li><a href="#{anchor}">{html.escape(name)}</a></li>')
        body.append(
            f'<section id="{anchor}"><p class="source">{html.escape(path)}</p>'
            f"{render_markdown(read_text(path))}</section>"
        )
    if not tables:
        body.append("<p>No tables are configured.</p>")
    toc_html = f"<nav><ul>{''.join(toc)}</ul></nav>" if toc else ""
    write_text(out_html, _PAGE.format(toc=toc_html, body="\n".join(body)))
    return len(tables)
