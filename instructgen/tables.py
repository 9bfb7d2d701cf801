"""The papers' tables, rebuilt from metric files with the papers' row and column layout.

A table is planned from the configured grid (``instructgen.plan.Study``) into a ``TableSpec``:
plain data naming each row's cells, the files they are read from and the published numbers
beside them. The table rule takes that spec as its only parameter, so a table reruns exactly
when its rows, inputs or labels change, and ``table_inputs`` lists the files its cells read.

With ``analysis.show_published`` a "<column> (published)" column follows each reproduced column
(numbers from instructgen.published); published values belong to the papers' backbones.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from instructgen import plan, published
from instructgen.errors import InputError
from instructgen.io import csv_text, read_jsonl, write_text
from instructgen.metrics import group_scores, percent_tasks_better

TABLES = (
    "paper1_table1",
    "paper1_table2",
    "paper1_table3",
    "paper1_table4",
    "paper1_table5",
    "paper1_table6",
    "refine_af_table2",
    "refine_af_table3",
    "refine_af_table5",
)
SUPERNI, LONGFORM = "SUPERNI", "LongForm"
RISKS = {True: "yes", False: "no"}
BASELINE_LABELS = {
    "self_instruct_seeds": "+Self-Instruct seed tasks",
    "longform": "+LongForm",
    "dolly": "+Dolly",
    "superni_train": "+SUPERNI",
}
SOURCE_LABELS = {
    "seed": "Seed Instruction",
    "dolly": "Dolly",
    "superni": "SUPERNI",
    "dolly_superni": "Dolly+SUPERNI",
}
# Filter models as Table 5 names them (an SFT filter is the base model tuned on a dataset).
FILTER_DATASET_LABELS = {
    "dolly": "+Dolly",
    "superni_train": "+SUPERNI",
    "self_instruct_seeds": "+Seed Instruction",
    "longform": "+LongForm",
}
# REFINE-AF Table III's category order; categories not listed there follow alphabetically.
CATEGORY_ORDER = tuple(published.REFINE_AF_TABLE3)
# Rows of REFINE-AF Table V and their keys under "statistics" in the Track B dataset card
# (instructgen.track_b.datasets).
TABLE5_STATS = (
    ("# of instructions", "instructions"),
    ("# of instances", "instances"),
    ("# of instances with empty input", "empty_inputs"),
    ("average instruction length", "avg_instruction_length"),
    ("average non-empty input length", "avg_nonempty_input_length"),
    ("average output length", "avg_output_length"),
)


# -- cells: what a table reads, as data -------------------------------------------------------


def read(path: str, *keys: str) -> dict[str, Any]:
    """A value of a JSON file; several keys read nested objects (card["statistics"]["instances"])."""
    return {"read": path, "keys": list(keys)}


def rouge(name: str) -> dict[str, str]:
    return read(plan.SUPERNI_METRICS.format(dataset=name), "rougeL")


def meteor(name: str) -> dict[str, str]:
    return read(plan.LONGFORM_METRICS.format(dataset=name), "meteor")


def data_size(dataset: plan.Dataset) -> dict[str, str]:
    return read(f"{dataset.checkpoint}/card.json", "examples")


def tasks_better(refine: str, baseline: str) -> dict[str, list[str]]:
    """REFINE-AF's % of test tasks where the first model's ROUGE-L beats the second's."""
    return {
        "tasks_better": [
            plan.SUPERNI_METRICS.format(dataset=refine),
            plan.SUPERNI_METRICS.format(dataset=baseline),
        ]
    }


def evaluated_inputs(name: str) -> list[str]:
    """Both metric files, plus the checkpoint folder whose card gives the training-set size."""
    inputs = [
        plan.SUPERNI_METRICS.format(dataset=name),
        plan.LONGFORM_METRICS.format(dataset=name),
    ]
    if checkpoint := plan.trained_checkpoint(name):
        inputs.append(checkpoint)
    return inputs


@dataclass
class Row:
    cells: dict[str, Any]  # column -> literal value or a cell read at build time
    inputs: list[str] = field(default_factory=list)
    published: dict[str, Any] = field(default_factory=dict)


@dataclass
class TableSpec:
    """Everything a table needs, as plain data (the table rule's only parameter)."""

    table: str
    title: str
    columns: list[str]
    published_columns: list[str]
    rows: list[Row]
    footnotes: list[str]
    show_published: bool
    digits: int = 2
    # Tables whose rows are the categories found in the data (REFINE-AF Table III): one entry
    # per column with the metrics file and the published (backbone, method) key.
    per_category: list[dict[str, str]] = field(default_factory=list)

    @property
    def inputs(self) -> list[str]:
        """Every file the table's rows read (deduplicated, in row order)."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for path in row.inputs:
                seen.setdefault(path, None)
        for column in self.per_category:
            seen.setdefault(column["metrics"], None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TableSpec:
        return cls(**{**data, "rows": [Row(**row) for row in data["rows"]]})


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    footnotes: list[str]
    digits: int = 2


# -- planning each table ----------------------------------------------------------------------


def _base_label(config: Mapping[str, Any]) -> str:
    source = config["models"][plan.BASE]["source"]
    return "LLaMA-7B" if source == "huggyllama/llama-7b" else f"base model ({source})"


def _published_backbone_note(config: Mapping[str, Any]) -> str:
    return f"Published numbers are the paper's (LLaMA-7B); reproduced: {_base_label(config)}."


def _metric_row(cells: dict[str, Any], name: str, published_values: dict[str, Any]) -> Row:
    return Row(
        {**cells, SUPERNI: rouge(name), LONGFORM: meteor(name)},
        evaluated_inputs(name),
        published_values,
    )


# Paper 1 Table 1: each benchmark's test file, the fields its instructions and golden outputs
# are read from, and its task type.
BENCHMARKS = (
    ("SUPERNI", plan.SUPERNI_TEST, ["definition", "input"], ["references"],
     "Classification&Generation"),
    ("LongForm", plan.LONGFORM_TEST, ["instruction"], ["reference"], "Long Text Generation"),
)  # fmt: skip


def plan_paper1_table1(study: plan.Study) -> TableSpec:
    rows = []
    for name, path, instruction, output, task_type in BENCHMARKS:
        rows.append(
            Row(
                {
                    "Dataset": name,
                    "Number": {"count": path},
                    "Avg. Ins. Len.": {"mean_words": path, "fields": instruction},
                    "Avg. Out. Len.": {"mean_words": path, "fields": output},
                    "Task Type": task_type,
                },
                [path],
                published.PAPER1_TABLE1[name],
            )
        )
    return TableSpec(
        "paper1_table1",
        "Paper 1 Table 1: statistics of the SUPERNI and LongForm test sets",
        ["Dataset", "Number", "Avg. Ins. Len.", "Avg. Out. Len.", "Task Type"],
        ["Number", "Avg. Ins. Len.", "Avg. Out. Len."],
        rows,
        [
            "Counted on the test files this run evaluates on (config evaluation.*); lengths are "
            "whitespace words: a Super-NI instruction is its task definition and instance input, "
            "its golden output the first reference (paper 1 does not state its unit).",
        ],
        study.config["analysis"]["show_published"],
    )


def _metric_table(
    study: plan.Study,
    table: str,
    title: str,
    labels: list[str],
    rows: list[Row],
    footnotes: list[str],
    published_sizes: str | None = None,
) -> TableSpec:
    """A table of label columns followed by Super-NI ROUGE-L and LongForm METEOR; the size
    column named by `published_sizes` gets a published column too."""
    return TableSpec(
        table,
        title,
        [*labels, SUPERNI, LONGFORM],
        [*([published_sizes] if published_sizes else []), SUPERNI, LONGFORM],
        rows,
        footnotes,
        study.config["analysis"]["show_published"],
    )


def plan_paper1_table2(study: plan.Study) -> TableSpec:
    config = study.config
    rows: list[Row] = []

    def add(label: str, name: str, published_key: str | None, risky: bool) -> None:
        size = "-" if name == plan.BASE else data_size(plan.parse_dataset(name))
        rows.append(
            _metric_row(
                {"Method": label, "Potential Risks": RISKS[risky], "Data Size": size},
                name,
                published.PAPER1_TABLE2.get(published_key, {}) if published_key else {},
            )
        )

    add(_base_label(config), plan.BASE, "LLaMA-7B", False)
    for name in ("self_instruct_seeds", "longform", "dolly", "superni_train"):
        if name in config["sft"]["baselines"]:
            label = BASELINE_LABELS[name]
            known = label in published.PAPER1_TABLE2
            add(
                label,
                name,
                label if known else None,
                published.PAPER1_TABLE2_RISKY.get(label, False),
            )
    combined = study.combined()
    for union in combined:
        suffix = f" [{union.combined}]" if len(combined) > 1 else ""
        parts = sorted(
            study.combined_parts(union.combined), key=lambda d: d.corpus != "unsupervised"
        )
        corpora = []
        for part in parts:
            corpus = part.corpus.capitalize()
            corpora.append(corpus)
            label = f"+Ours (Generated from {corpus} Corpus)"
            add(label + suffix, part.name, label, False)
        label = f"+Ours (Generated from {' + '.join(corpora)} Corpus)"
        add(label + suffix, union.name, label, False)
    footnotes = [
        "SUPERNI: ROUGE-L on the Super-NI test split (definition-only, zero-shot); "
        "LongForm: METEOR. Data Size: training examples. Potential Risks: whether the data was "
        "generated with a closed-source model (the +LongForm baseline trains on LongForm's "
        "train split, whose instructions text-davinci-003 wrote).",
        "Not rebuilt (their data is not among this workflow's sources): "
        + ", ".join(published.PAPER1_TABLE2_NOT_REBUILT)
        + ".",
    ]
    if not combined:
        footnotes.append("No generated rows: track_a.combined is empty.")
    if config["analysis"]["show_published"]:
        footnotes.append(_published_backbone_note(config))
    return _metric_table(
        study,
        "paper1_table2",
        "Paper 1 Table 2: instruction datasets on SUPERNI and LongForm",
        ["Method", "Potential Risks", "Data Size"],
        rows,
        footnotes,
        published_sizes="Data Size",
    )


def _generator_label(generator: plan.Generator) -> tuple[str, str]:
    strategy = "Instruction Following" if generator.format == "alpaca" else "Instruction Generation"
    if generator.format not in ("alpaca", "instruction"):
        strategy += f" ({generator.format})"
    return strategy, SOURCE_LABELS.get(generator.source, generator.source)


def _filter_label(config: Mapping[str, Any], filt: plan.ModelRef | None) -> str:
    if filt is None:
        return "-"
    if filt.dataset:
        return FILTER_DATASET_LABELS.get(filt.dataset.name, f"+{filt.dataset.name}")
    if filt.model == plan.BASE:
        return _base_label(config)
    return filt.ref


def plan_paper1_table3(study: plan.Study) -> TableSpec:
    config = study.config
    datasets = study.track_a_datasets()
    rows = []
    for generator in study.generators():
        candidates = [
            d
            for d in datasets
            if (d.corpus, d.strategy, d.generator, d.size)
            == ("unsupervised", "whole", generator, "all")
        ]
        if not candidates:
            continue
        # Table 3 is about generators without filtering; a filtered set stands in when no
        # unfiltered one is configured, and the Filter column says so.
        dataset = next((d for d in candidates if d.filter is None), candidates[0])
        strategy, source = _generator_label(generator)
        rows.append(
            _metric_row(
                {
                    "Training Strategy": strategy,
                    "Training Data Source": source,
                    "Training Data Size": config["track_a"]["source_sizes"][generator.source],
                    "Filter": _filter_label(config, dataset.filter),
                },
                dataset.name,
                published.PAPER1_TABLE3.get((strategy, source), {})
                if dataset.filter is None
                else {},
            )
        )
    footnotes = [
        "Instructions generated for the unsupervised passages (whole strategy), one dataset per "
        "configured generator.",
        "Not rebuilt: the closed-source generator row (text-davinci-003).",
    ]
    missing = [
        g.name
        for g in study.generators()
        if not any(d.generator == g and d.corpus == "unsupervised" for d in datasets)
    ]
    if missing:
        footnotes.append(
            "Generators with no unsupervised/whole dataset configured: " + ", ".join(missing) + "."
        )
    return _metric_table(
        study,
        "paper1_table3",
        "Paper 1 Table 3: instruction generator training source and format",
        ["Training Strategy", "Training Data Source", "Training Data Size", "Filter"],
        rows,
        footnotes,
    )


def _table4_published(key: tuple) -> dict[str, Any]:
    """A Table 4 row's published scores with the generated data size it was measured at."""
    values = published.PAPER1_TABLE4.get(key)
    return {**values, "Generated Data Size": key[3]} if values else {}


def plan_paper1_table4(study: plan.Study) -> TableSpec:
    config = study.config
    datasets = [
        d for d in study.track_a_datasets() if d.corpus == "supervised" and d.strategy == "whole"
    ]
    rows = []
    ordered = [d for d in datasets if d.filter is None] + [d for d in datasets if d.filter]
    for dataset in ordered:
        source = dataset.generator.source
        section = "with filtering" if dataset.filter else "without filtering"
        train_size = config["track_a"]["source_sizes"][source]
        source_label = SOURCE_LABELS.get(source, source)
        rows.append(
            _metric_row(
                {
                    "Section": section,
                    "Training Data Source": source_label,
                    "Training Data Size": train_size,
                    "Filter": _filter_label(config, dataset.filter),
                    "Generated Data Size": data_size(dataset),
                },
                dataset.name,
                _table4_published((section, source_label, train_size, 13500)),
            )
        )
    if rows and "superni_train" in config["sft"]["baselines"]:
        rows.append(
            _metric_row(
                {
                    "Section": "manual annotation",
                    "Training Data Source": "-",
                    "Training Data Size": "-",
                    "Filter": "-",
                    "Generated Data Size": data_size(plan.Baseline("superni_train")),
                },
                "superni_train",
                _table4_published(("manual annotation", "-", None, 75317)),
            )
        )
    footnotes = [
        "Instructions generated for supervised outputs (Super-NI training tasks); the manual "
        "annotation row is the Super-NI training split itself.",
        "Published values are matched at the paper's generated size 13,500 (manual: 75,317); the "
        "73,256-example and 175-example SUPERNI generator rows are not configured.",
    ]
    return _metric_table(
        study,
        "paper1_table4",
        "Paper 1 Table 4: instructions for the supervised corpus, with and without filtering",
        ["Section", "Training Data Source", "Training Data Size", "Filter", "Generated Data Size"],
        rows,
        footnotes,
        published_sizes="Generated Data Size",
    )


def _table5_datasets(study: plan.Study) -> tuple[str | None, list[plan.TrackADataset]]:
    """The generator with the most filter variants on unsupervised/whole passages."""
    groups: dict[str, list[plan.TrackADataset]] = {}
    for d in study.track_a_datasets():
        if (d.corpus, d.strategy, d.size) == ("unsupervised", "whole", "all"):
            groups.setdefault(d.generator.name, []).append(d)
    if not groups:
        return None, []
    generator = max(groups, key=lambda g: (len(groups[g]), g == "seed-instruction"))
    return generator, groups[generator]


def plan_paper1_table5(study: plan.Study) -> TableSpec:
    config = study.config
    generator, datasets = _table5_datasets(study)
    rows = []
    for dataset in datasets:
        label = _filter_label(config, dataset.filter)
        key = "LLaMA-7B" if dataset.filter == plan.ModelRef(model=plan.BASE) else label
        rows.append(
            _metric_row(
                {"Filtering": "yes" if dataset.filter else "no", "Filtering Model": label},
                dataset.name,
                published.PAPER1_TABLE5.get(key, {}),
            )
        )
    footnotes = [f"Generator: {generator}; unsupervised passages, whole strategy."]
    labels = {_filter_label(config, d.filter) for d in datasets}
    absent = [k for k in published.PAPER1_TABLE5 if k not in labels and k != "LLaMA-7B"]
    if absent:
        footnotes.append("Filter rows not configured: " + ", ".join(absent) + ".")
    return _metric_table(
        study,
        "paper1_table5",
        "Paper 1 Table 5: filtering models",
        ["Filtering", "Filtering Model"],
        rows if len(rows) > 1 else [],
        footnotes,
    )


def _table6_label(dataset: plan.Dataset) -> str:
    """A dataset's row label as Table 6 prints it."""
    if isinstance(dataset, plan.Baseline):
        return BASELINE_LABELS[dataset.name]
    if isinstance(dataset, plan.CombinedDataset):
        return "+Ours (Wikipedia&C4+SUPERNI Source)"
    if isinstance(dataset, plan.TrackADataset):
        source = "Wikipedia&C4" if dataset.corpus == "unsupervised" else "SUPERNI"
        return f"+Ours ({source} Source)"
    return f"+{dataset.name}"


def plan_paper1_table6(study: plan.Study) -> TableSpec:
    """The SFT datasets of sft.seq2seq_datasets tuned into each encoder-decoder backbone."""
    config = study.config
    rows = []
    for model in study.seq2seq_backbones():
        source = config["models"][model]["source"]
        backbone = published.PAPER1_TABLE6_BACKBONES.get(source)
        label = backbone or f"{model} ({source})"
        rows.append(
            _metric_row(
                {"Method": label, "Backbone": model},
                model,
                published.PAPER1_TABLE6.get((backbone, backbone), {}),
            )
        )
        for name in config["sft"]["seq2seq_datasets"]:
            tuned = plan.OnBackbone(plan.parse_dataset(name), model)
            row = _table6_label(tuned.dataset)
            rows.append(
                _metric_row(
                    {"Method": row, "Backbone": model},
                    tuned.name,
                    published.PAPER1_TABLE6.get((backbone, row), {}),
                )
            )
    footnotes = [
        "Each backbone as it is, then fine-tuned on each dataset of sft.seq2seq_datasets with "
        "paper 1's recipe; ROUGE-L on SUPERNI, METEOR on LongForm.",
        "Not rebuilt: the +Alpaca, +DYNASAUR and +Dromedary rows (their data is not among this "
        "workflow's sources).",
    ]
    if not rows:
        footnotes.append("No encoder-decoder backbone is configured (sft.seq2seq_backbones).")
    return _metric_table(
        study,
        "paper1_table6",
        "Paper 1 Table 6: T5-XL and Flan-T5-XL backbones",
        ["Method", "Backbone"],
        rows,
        footnotes,
    )


def _backbone_label(config: Mapping[str, Any], model: str) -> str:
    source = config["models"][model]["source"]
    return published.REFINE_AF_BACKBONES.get(source, model)


def _instruction_count(config: Mapping[str, Any], size: str) -> int:
    return config["track_b"]["bootstrap"]["num_instructions"] if size == "all" else int(size)


def plan_refine_af_table2(study: plan.Study) -> TableSpec:
    config = study.config
    rows = []
    for model in study.track_b_models():
        label = _backbone_label(config, model)
        for size in study.track_b_sizes():
            si = plan.TrackBDataset(model, "self_instruct", size).name
            ra = plan.TrackBDataset(model, "refine_af", size).name
            count = _instruction_count(config, size)
            rows.append(
                Row(
                    {
                        "Model": label,
                        "Instruction Count": count,
                        "SELF-INSTRUCT": rouge(si),
                        "REFINE-AF": rouge(ra),
                        "% Tasks Better": tasks_better(ra, si),
                    },
                    [
                        plan.SUPERNI_METRICS.format(dataset=si),
                        plan.SUPERNI_METRICS.format(dataset=ra),
                    ],
                    published.REFINE_AF_TABLE2.get((label, count), {}),
                )
            )
    footnotes = [
        "Super-NI ROUGE-L of the backbone fine-tuned on each method's instructions; % Tasks "
        "Better: share of test tasks where REFINE-AF's per-task ROUGE-L is strictly higher.",
    ]
    return TableSpec(
        "refine_af_table2",
        "REFINE-AF Table II: Super-NI ROUGE-L by method and instruction count",
        ["Model", "Instruction Count", "SELF-INSTRUCT", "REFINE-AF", "% Tasks Better"],
        ["SELF-INSTRUCT", "REFINE-AF", "% Tasks Better"],
        rows,
        footnotes,
        config["analysis"]["show_published"],
        digits=4,
    )


def plan_refine_af_table3(study: plan.Study) -> TableSpec:
    config = study.config
    columns = ["Task Category"]
    per_category = []
    for model in study.track_b_models():
        label = _backbone_label(config, model)
        for method, title in (("self_instruct", "SELF-INSTRUCT"), ("refine_af", "REFINE-AF")):
            column = f"{label} {title}"
            columns.append(column)
            name = plan.TrackBDataset(model, method, "all").name
            per_category.append(
                {
                    "column": column,
                    "metrics": plan.SUPERNI_METRICS.format(dataset=name),
                    "backbone": label,
                    "method": title,
                }
            )
    return TableSpec(
        "refine_af_table3",
        "REFINE-AF Table III: per-category ROUGE-L, SELF-INSTRUCT vs REFINE-AF",
        columns,
        [c["column"] for c in per_category],
        [],
        ["Super-NI ROUGE-L per task category, full instruction set (size 'all')."],
        config["analysis"]["show_published"],
        digits=4,
        per_category=per_category,
    )


def plan_refine_af_table5(study: plan.Study) -> TableSpec:
    config = study.config
    models = study.track_b_models()
    labels = {m: _backbone_label(config, m) for m in models}
    cards = {m: plan.TrackBDataset(m, "refine_af", "all").card for m in models}
    rows = []
    for title, key in TABLE5_STATS:
        cells: dict[str, Any] = {"Statistics": title}
        pub: dict[str, Any] = {}
        for model in models:
            cells[labels[model]] = read(cards[model], "statistics", key)
            value = published.REFINE_AF_TABLE5[title].get(labels[model])
            if value is not None:
                pub[labels[model]] = value
        rows.append(Row(cells, list(cards.values()), pub))
    return TableSpec(
        "refine_af_table5",
        "REFINE-AF Table V: statistics of the generated data",
        ["Statistics", *labels.values()],
        list(labels.values()),
        rows if models else [],
        ["From the REFINE-AF dataset cards (full instruction set); lengths in words."],
        config["analysis"]["show_published"],
    )


PLANNERS: dict[str, Callable[[plan.Study], TableSpec]] = {
    "paper1_table1": plan_paper1_table1,
    "paper1_table2": plan_paper1_table2,
    "paper1_table3": plan_paper1_table3,
    "paper1_table4": plan_paper1_table4,
    "paper1_table5": plan_paper1_table5,
    "paper1_table6": plan_paper1_table6,
    "refine_af_table2": plan_refine_af_table2,
    "refine_af_table3": plan_refine_af_table3,
    "refine_af_table5": plan_refine_af_table5,
}


LEDGER = Path(__file__).resolve().parent.parent / "FIDELITY.md"
LEDGER_ROW = re.compile(r"^\| `([^`]+)` \| `(.*)` \| (paper|not stated) \| (.+) \|$")
# The config sections each table's rows depend on, for its ledger footnote.
_PAPER1 = ("models.base.", "corpora.", "instruction_data.", "unsupervised_corpus.",
           "supervised_corpus.", "fragments.", "track_a.", "sft.recipes.paper1.",
           "sft.max_seq_len", "evaluation.")  # fmt: skip
_REFINE_AF = ("models.llama2", "models.mistral", "models.reward.", "models.unieval.",
              "corpora.self_instruct", "track_b.", "sft.recipes.refine_af.", "sft.max_seq_len",
              "evaluation.superni.")  # fmt: skip
TABLE_SETTINGS = {
    "paper1_table1": ("evaluation.",),
    "paper1_table2": _PAPER1,
    "paper1_table3": _PAPER1,
    "paper1_table4": _PAPER1,
    "paper1_table5": _PAPER1,
    "paper1_table6": (*_PAPER1, "models.t5_xl.", "models.flan_t5_xl.", "sft.seq2seq"),
    "refine_af_table2": _REFINE_AF,
    "refine_af_table3": _REFINE_AF,
    "refine_af_table5": _REFINE_AF,
}


@functools.cache
def read_ledger(path: str | Path = LEDGER) -> dict[str, dict[str, Any]]:
    """FIDELITY.md's rows: key -> value, status ("paper" or "not stated") and source."""
    rows: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("| `"):
            continue
        match = LEDGER_ROW.match(line)
        if not match:
            raise InputError(str(path), "a ledger row needs key, value, status, source", number)
        key, value, status, source = match.groups()
        if key in rows:
            raise InputError(str(path), f"{key} is in the ledger twice", number)
        rows[key] = {"value": json.loads(value), "status": status, "source": source}
    return rows


def ledger_footnote(table: str) -> str | None:
    """The paper configuration's choices a table's rows depend on that the paper does not
    state (execution-only settings left out)."""
    keys = [
        key
        for key, row in read_ledger().items()
        if key.startswith(TABLE_SETTINGS[table])
        and row["status"] == "not stated"
        and not row["source"].startswith("Execution only")
    ]
    if not keys:
        return None
    listed = ", ".join(f"`{k}`" for k in keys)
    return f"Choices of configs/paper.yaml this table depends on that the paper does not state (FIDELITY.md): {listed}."


def table_spec(table: str, study: plan.Study) -> TableSpec:
    try:
        planner = PLANNERS[table]
    except KeyError:
        raise ValueError(f"unknown table {table!r}; known: {TABLES}") from None
    spec = planner(study)
    if note := ledger_footnote(table):
        spec.footnotes.append(note)
    return spec


def configured_tables(study: plan.Study) -> list[str]:
    """Tables with at least one row the grid fills."""
    return [
        table for table in TABLES if (spec := table_spec(table, study)).rows or spec.per_category
    ]


# -- building a table from its spec -----------------------------------------------------------


class Reader:
    """Reads (and caches) JSON files under `root`, failing with the path when one is missing."""

    def __init__(self, root: str | Path = ".") -> None:
        self.root = Path(root)
        self._cache: dict[str, Any] = {}

    def json(self, path: str) -> Any:
        if path not in self._cache:
            full = self.root / path
            if not full.is_file():
                raise InputError(str(full), "missing: the table needs this file")
            self._cache[path] = json.loads(full.read_text(encoding="utf-8"))
        return self._cache[path]

    def jsonl(self, path: str) -> list[dict[str, Any]]:
        if path not in self._cache:
            full = self.root / path
            if not full.is_file():
                raise InputError(str(full), "missing: the table needs this file")
            self._cache[path] = read_jsonl(full)
        return self._cache[path]

    def key(self, path: str, keys: list[str]) -> Any:
        data = self.json(path)
        for key in keys:
            if not isinstance(data, dict) or key not in data:
                raise InputError(str(self.root / path), f"has no key {'/'.join(keys)!r}")
            data = data[key]
        return data

    def cell(self, cell: Any) -> Any:
        """A literal as it is; a read or a % tasks better computed from its files."""
        if not isinstance(cell, dict):
            return cell
        if "read" in cell:
            return self.key(cell["read"], cell["keys"])
        if "count" in cell:
            return len(self.jsonl(cell["count"]))
        if "mean_words" in cell:
            records = self.jsonl(cell["mean_words"])
            return sum(_words(r, cell["fields"]) for r in records) / max(len(records), 1)
        method, baseline = cell["tasks_better"]
        return percent_tasks_better(
            group_scores(self.json(method), "rougeL", "task"),
            group_scores(self.json(baseline), "rougeL", "task"),
        )


def _words(record: dict[str, Any], fields: list[str]) -> int:
    """Whitespace words of the record's fields together (a list field counts its first item)."""
    texts = [record[f][0] if isinstance(record[f], list) else record[f] for f in fields]
    return sum(len(str(text).split()) for text in texts)


def _category_order(categories: set[str]) -> list[str]:
    known = [c for c in CATEGORY_ORDER if c in categories]
    return known + sorted(categories - set(CATEGORY_ORDER))


def _category_rows(spec: TableSpec, reader: Reader) -> list[Row]:
    scores = {
        c["column"]: group_scores(reader.json(c["metrics"]), "rougeL", "category")
        for c in spec.per_category
    }
    categories = set().union(*(s.keys() for s in scores.values())) if scores else set()
    rows = []
    for category in _category_order(categories):
        cells: dict[str, Any] = {"Task Category": category}
        pub: dict[str, Any] = {}
        for column in spec.per_category:
            cells[column["column"]] = scores[column["column"]].get(category, "")
            key = (column["backbone"], column["method"])
            value = published.REFINE_AF_TABLE3.get(category, {}).get(key)
            if value is not None:
                pub[column["column"]] = value
        rows.append(Row(cells, [], pub))
    return rows


def build_table(spec: TableSpec, root: str | Path = ".") -> Table:
    reader = Reader(root)
    rows = _category_rows(spec, reader) if spec.per_category else spec.rows
    show = spec.show_published
    columns: list[str] = []
    for column in spec.columns:
        columns.append(column)
        if show and column in spec.published_columns:
            columns.append(f"{column} (published)")
    out = []
    for row in rows:
        values = {}
        for column in spec.columns:
            values[column] = reader.cell(row.cells.get(column, ""))
            if show and column in spec.published_columns:
                values[f"{column} (published)"] = row.published.get(column, "")
        out.append(values)
    return Table(spec.table, spec.title, columns, out, spec.footnotes, spec.digits)


def _format(value: Any, digits: int, column: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if column.startswith("% "):
            return f"{value:.2f}%"  # shares are printed as REFINE-AF prints them
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def to_markdown(table: Table) -> str:
    lines = [f"# {table.title}", ""]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for row in table.rows:
        cells = [_format(row[c], table.digits, c).replace("|", "\\|") for c in table.columns]
        lines.append("| " + " | ".join(cells) + " |")
    if table.footnotes:
        lines.append("")
        lines += [f"- {note}" for note in table.footnotes]
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    return csv_text(
        table.columns,
        (
            [round(v, 4) if isinstance(v, float) else v for v in (row[c] for c in table.columns)]
            for row in table.rows
        ),
    )


def main(*, spec: Mapping[str, Any], out_md: str, out_csv: str) -> Table:
    built = build_table(TableSpec.from_dict(spec))
    write_text(out_md, to_markdown(built))
    write_text(out_csv, to_csv(built))
    return built
