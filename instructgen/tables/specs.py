"""Each of the papers' tables planned from the configured grid into a ``TableSpec``: its rows'
cells (literals, or reads of metric files and cards), the files they read, the published
numbers beside them and the footnotes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from instructgen import plan, published
from instructgen.tables.ledger import ledger_footnote

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
    "judged_evaluations",
)
SUPERNI, LONGFORM = "SUPERNI", "LongForm"
RISKS = {True: "yes", False: "no"}
BASELINE_LABELS = {
    "self_instruct_gpt3": "+SELF-INSTRUCT",
    "self_instruct_seeds": "+Self-Instruct seed tasks",
    "longform": "+LongForm",
    "dolly": "+Dolly",
    "superni_train": "+SUPERNI",
    "supervised_manual": "+SUPERNI (manual annotation of the supervised corpus)",
}
# Table 2's baseline rows, in the paper's order (supervised_manual is Table 4's).
TABLE2_BASELINES = (
    "self_instruct_gpt3",
    "self_instruct_seeds",
    "longform",
    "dolly",
    "superni_train",
)
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


def tasks_better(
    refine: str, baseline: str, *, exclude_ties: bool = False, counts: bool = False
) -> dict[str, Any]:
    """REFINE-AF's % of test tasks where the first model's ROUGE-L beats the second's: out of
    every task, or of the untied ones (`exclude_ties`); `counts`: "better / tied / tasks"."""
    return {
        "tasks_better": [
            plan.SUPERNI_METRICS.format(dataset=refine),
            plan.SUPERNI_METRICS.format(dataset=baseline),
        ],
        "exclude_ties": exclude_ties,
        "counts": counts,
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
    for name in TABLE2_BASELINES:
        if name in config["sft"]["baselines"]:
            label = BASELINE_LABELS[name]
            known = label in published.PAPER1_TABLE2
            add(
                label,
                name,
                label if known else None,
                published.PAPER1_TABLE2_RISKY.get(label, False),
            )
    mixture_notes = []
    for mixture in study.mixtures():
        parts = study.mixture_parts(mixture.mixture)
        labels = [BASELINE_LABELS[part] for part in parts]
        label = "+" + "+".join(part.removeprefix("+") for part in labels)
        risky = any(published.PAPER1_TABLE2_RISKY.get(part, False) for part in labels)
        known = label in published.PAPER1_TABLE2
        add(
            label,
            mixture.name,
            label if known else None,
            published.PAPER1_TABLE2_RISKY.get(label, risky),
        )
        drawn = " and ".join(
            f"{size:,} records of {BASELINE_LABELS[p]}" for p, size in parts.items()
        )
        mixture_notes.append(f"{label} ({mixture.name}): {drawn}, drawn at random")
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
        "train split, whose instructions text-davinci-003 wrote; +SELF-INSTRUCT is "
        "Self-Instruct's released GPT-3 data, all_instances_82K.jsonl).",
        "Not rebuilt (their data is not among this workflow's sources): "
        + ", ".join(published.PAPER1_TABLE2_NOT_REBUILT)
        + ".",
    ]
    if mixture_notes:
        footnotes.append(
            "; ".join(mixture_notes) + ". Paper 1 gives only the size of +SUPERNI+LongForm "
            "(28K), not how it splits between the two; the split is the configuration's "
            "choice (sft.mixtures)."
        )
    built = {row.cells["Method"] for row in rows}
    unbuilt = [
        label
        for label in published.PAPER1_TABLE2
        if label not in built
        and label != "LLaMA-7B"
        and label not in published.PAPER1_TABLE2_NOT_REBUILT
        and not label.startswith("+Ours")
    ]
    if unbuilt:
        footnotes.append(
            "Rebuildable but not configured (sft.baselines, sft.mixtures): "
            + ", ".join(unbuilt)
            + "."
        )
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
    if rows and "supervised_manual" in config["sft"]["baselines"]:
        manual = plan.Baseline("supervised_manual")
        rows.append(
            _metric_row(
                {
                    "Section": "manual annotation",
                    "Training Data Source": "-",
                    "Training Data Size": "-",
                    "Filter": "-",
                    "Generated Data Size": data_size(manual),
                },
                manual.name,
                _table4_published(("manual annotation", "-", None, 13500)),
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
        "Instructions generated for supervised outputs (Super-NI training tasks). Manual "
        "annotation: the supervised corpus's own instances with Super-NI's human-written "
        "instructions (task definition and instance input; its size is the corpus's, 13,500 at "
        "paper scale), then the whole Super-NI training split (at most 100 instances a task, "
        '75,317). Paper 1 says only "the original SUPERNI manual annotation"; that its 13,500 '
        "row annotates the same outputs as the generated rows is the configuration's reading "
        "(sft.baselines).",
        "Published values are matched at the paper's generated size 13,500 (manual: 13,500 and "
        "75,317); the 73,256-example and 175-example SUPERNI generator rows are not configured.",
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


TASKS_BETTER = "% Tasks Better"
TASKS_BETTER_UNTIED = "% Tasks Better (ties excluded)"
TASKS_COUNTS = "Better / Tied / Tasks"


def _tasks_better_fit_note() -> str:
    """Which denominator reproduces each published "% Task Better" value (with the fewest
    ties), from published.tasks_better_fractions over REFINE-AF's 119 test tasks."""
    tasks = published.REFINE_AF_SUPERNI_TASKS
    values = [row[TASKS_BETTER] for row in published.REFINE_AF_TABLE2.values()]
    fits = {value: published.tasks_better_fractions(value, tasks) for value in values}

    def listed(values: list[float], key: str) -> str:
        parts = []
        for value in values:
            k, n = fits[value][key][0]
            ties = f", {tasks - n} ties" if n != tasks else ""
            parts.append(f"{value:.2f} = {k}/{n}{ties}")
        return "; ".join(parts)

    over_all = [v for v in values if fits[v]["all"]]
    untied = [v for v in values if fits[v]["untied"]]
    neither = [f"{v:.2f}" for v in values if not fits[v]["untied"]]
    return (
        f"Published % Task Better against REFINE-AF's {tasks} test tasks (rounded to two "
        f"decimals): k/{tasks} reproduces {len(over_all)} of the {len(values)} values "
        f"({listed(over_all, 'all')}); k/({tasks} - ties) reproduces {len(untied)} "
        f"({listed(untied, 'untied')}); {', '.join(neither)} fit neither. The published values "
        f"are shown beside {TASKS_BETTER_UNTIED}, the reading more of them fit."
    )


def plan_refine_af_table2(study: plan.Study) -> TableSpec:
    config = study.config
    rows = []
    for model in study.track_b_models():
        label = _backbone_label(config, model)
        for size in study.track_b_sizes():
            si = plan.TrackBDataset(model, "self_instruct", size).name
            ra = plan.TrackBDataset(model, "refine_af", size).name
            count = _instruction_count(config, size)
            pub = dict(published.REFINE_AF_TABLE2.get((label, count), {}))
            if TASKS_BETTER in pub:
                pub[TASKS_BETTER_UNTIED] = pub.pop(TASKS_BETTER)
            rows.append(
                Row(
                    {
                        "Model": label,
                        "Instruction Count": count,
                        "SELF-INSTRUCT": rouge(si),
                        "REFINE-AF": rouge(ra),
                        TASKS_BETTER: tasks_better(ra, si),
                        TASKS_BETTER_UNTIED: tasks_better(ra, si, exclude_ties=True),
                        TASKS_COUNTS: tasks_better(ra, si, counts=True),
                    },
                    [
                        plan.SUPERNI_METRICS.format(dataset=si),
                        plan.SUPERNI_METRICS.format(dataset=ra),
                    ],
                    pub,
                )
            )
    footnotes = [
        "Super-NI ROUGE-L of the backbone fine-tuned on each method's instructions. REFINE-AF "
        'does not define its "% Task Better"; both readings are reported: the tasks where '
        "REFINE-AF's per-task ROUGE-L is strictly higher out of every test task scored "
        f"({TASKS_BETTER}, k/n; ties count as not better), and out of the tasks where the two "
        f"differ ({TASKS_BETTER_UNTIED}, k/(n - ties)). {TASKS_COUNTS} gives k, ties and n.",
    ]
    if config["analysis"]["show_published"]:
        footnotes.append(_tasks_better_fit_note())
    return TableSpec(
        "refine_af_table2",
        "REFINE-AF Table II: Super-NI ROUGE-L by method and instruction count",
        [
            "Model",
            "Instruction Count",
            "SELF-INSTRUCT",
            "REFINE-AF",
            TASKS_BETTER,
            TASKS_BETTER_UNTIED,
            TASKS_COUNTS,
        ],
        ["SELF-INSTRUCT", "REFINE-AF", TASKS_BETTER_UNTIED],
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


# The columns of the judged evaluations: (column, judged set, keys of its scores file under the
# model's entry).
JUDGED_COLUMNS = (
    ("Vicuna mean score (1-10)", "vicuna", ("mean",)),
    ("% ungraded (Vicuna)", "vicuna", ("% ungraded",)),
    *((f"% RATING-{g}", "user_oriented", ("shares", g)) for g in ("A", "B", "C", "D")),
    ("% ungraded (user-oriented)", "user_oriented", ("% ungraded",)),
)


def judged_label(study: plan.Study) -> str:
    """What every judged number is labelled with."""
    return (
        f"judged by {study.judge_label()}, not the paper's GPT-4 (paper 1 Fig. 4) or human "
        "(REFINE-AF Fig. 6) ratings"
    )


def plan_judged_evaluations(study: plan.Study) -> TableSpec:
    """Paper 1 Fig. 4's and REFINE-AF Fig. 6's questions, answered by every evaluated model and
    graded by the configured open judge."""
    scores = {s: plan.JUDGED_SCORES.format(judged_set=s) for s in plan.JUDGED_SETS}
    rows = [
        Row(
            {
                "Model": name,
                **{
                    column: read(scores[judged_set], "models", name, *keys)
                    for column, judged_set, keys in JUDGED_COLUMNS
                },
            },
            list(scores.values()),
        )
        for name in study.evaluated()
    ]
    label = judged_label(study)
    footnotes = [
        f"All grades here are {label}: the papers' questions, answered by every evaluated model "
        "and graded by an open model asked this project's own grading prompts "
        "(instructgen/evaluation/judge.py). The papers print no numbers for either figure.",
        "Vicuna: Vicuna's questions less the code and math ones (paper 1 §4.2: 70 of 80), each "
        "answer scored 1-10 on its own; the mean is over the answers the judge graded. Paper 1's "
        "Fig. 4 scores answers relative to ChatGPT's, which are not rebuilt. User-oriented: "
        "Self-Instruct's 252 user-oriented instructions rated RATING-A (valid and satisfying) "
        "to RATING-D (irrelevant or invalid) with the reference output at hand (REFINE-AF §V-B); "
        "each rating's share of all items. % ungraded: answers whose grade the judge's text did "
        "not give on the scale (counted, never guessed).",
    ]
    judge = plan.ModelRef.parse(study.judge_ref())
    if judge.model and study.config["models"][judge.model]["source"] == plan.BUILD:
        footnotes.append(
            "The judge is a tiny model this workflow trains: its grades exercise the pipeline "
            "and mean nothing about answer quality."
        )
    return TableSpec(
        "judged_evaluations",
        f"Judged evaluations ({label})",
        ["Model", *(column for column, _, _ in JUDGED_COLUMNS)],
        [],
        rows,
        footnotes,
        study.config["analysis"]["show_published"],
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
    "judged_evaluations": plan_judged_evaluations,
}


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
