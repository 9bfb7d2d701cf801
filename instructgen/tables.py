"""The papers' tables, rebuilt from metric files with the papers' row and column layout.

Rows come from the configured grid (instructgen.plan), never from whatever files exist, so a
table lists exactly the experiments the config asked for; a row whose model is not configured
(or not built by this workflow) is left out and a footnote says so. `table_inputs` and
`build_table` use the same row plans, so a table's rule depends on every file its rows read.

With `analysis.show_published` a "<column> (published)" column follows each reproduced column
(numbers from instructgen.published); published values belong to the papers' backbones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instructgen import plan, published
from instructgen.errors import InputError
from instructgen.io import write_text
from instructgen.metrics import group_scores, percent_tasks_better

TABLES = (
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
# Table V rows and the Track B dataset card keys they are read from.
# Rows of REFINE-AF Table V and where the Track B dataset card (instructgen.instances) keeps them.
TABLE5_STATS = (
    ("# of instructions", "statistics.instructions"),
    ("# of instances", "statistics.instances"),
    ("# of instances with empty input", "statistics.empty_inputs"),
    ("average instruction length", "statistics.avg_instruction_length"),
    ("average non-empty input length", "statistics.avg_nonempty_input_length"),
    ("average output length", "statistics.avg_output_length"),
)


def superni_metrics_path(name: str) -> str:
    return f"results/evaluation/superni/{name}/metrics.json"


def longform_metrics_path(name: str) -> str:
    return f"results/evaluation/longform/{name}/metrics.json"


def sft_model_dir(name: str) -> str:
    return f"results/sft/{name}/model"


def track_b_card(model: str, method: str, size: str) -> str:
    """The card the instance stage writes beside each Track B dataset."""
    return plan.track_b_dataset_path(model, method, size).removesuffix(".jsonl") + ".card.json"


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

    def key(self, path: str, key: str) -> Any:
        """A value of a JSON file; a dotted key ("statistics.instances") reads nested objects."""
        data = self.json(path)
        for part in key.split("."):
            if not isinstance(data, dict) or part not in data:
                raise InputError(str(self.root / path), f"has no key {key!r}")
            data = data[part]
        return data


Cell = Callable[[Reader], Any]


def rouge(name: str) -> Cell:
    return lambda r: r.key(superni_metrics_path(name), "rougeL")


def meteor(name: str) -> Cell:
    return lambda r: r.key(longform_metrics_path(name), "meteor")


def data_size(name: str) -> Cell:
    return lambda r: r.key(f"{sft_model_dir(name)}/card.json", "examples")


def evaluated_inputs(name: str) -> list[str]:
    """Both metric files, plus the checkpoint folder whose card gives the training-set size."""
    inputs = [superni_metrics_path(name), longform_metrics_path(name)]
    if name != "base":
        inputs.append(sft_model_dir(name))
    return inputs


@dataclass
class Row:
    cells: dict[str, Any]  # column -> value, or a Cell read at build time
    inputs: list[str]
    published: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    title: str
    columns: list[str]
    published_columns: list[str]
    rows: list[Row]
    footnotes: list[str]
    digits: int = 2
    # Tables whose rows depend on the data (per-category) build them from the reader.
    dynamic: Callable[[Reader], list[Row]] | None = None


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    footnotes: list[str]
    digits: int = 2


def _base_label(config: dict[str, Any]) -> str:
    source = config["models"]["base"]["source"]
    return "LLaMA-7B" if source == "huggyllama/llama-7b" else f"base model ({source})"


def _left_out(names: Sequence[str], available: set[str]) -> list[str]:
    return [n for n in names if n not in available]


def _left_out_note(left: Sequence[str]) -> list[str]:
    if not left:
        return []
    return [f"Left out (configured but not built by this workflow): {', '.join(left)}."]


def _published_backbone_note(config: dict[str, Any]) -> str:
    return f"Published numbers are the paper's (LLaMA-7B); reproduced: {_base_label(config)}."


def _dataset(dataset_id: str) -> plan.TrackADataset:
    return plan.parse_dataset_id(dataset_id)


def plan_paper1_table2(config: dict[str, Any], available: set[str]) -> Plan:
    rows: list[Row] = []
    wanted: list[str] = []

    def add(label: str, name: str, published_key: str | None) -> None:
        wanted.append(name)
        if name not in available:
            return
        rows.append(
            Row(
                {
                    "Method": label,
                    "Data Size": "-" if name == "base" else data_size(name),
                    SUPERNI: rouge(name),
                    LONGFORM: meteor(name),
                },
                evaluated_inputs(name),
                published.PAPER1_TABLE2.get(published_key, {}) if published_key else {},
            )
        )

    add(_base_label(config), "base", "LLaMA-7B")
    for name in ("self_instruct_seeds", "longform", "dolly", "superni_train"):
        if name in config["sft"]["baselines"]:
            label = BASELINE_LABELS[name]
            add(label, name, label if label in published.PAPER1_TABLE2 else None)
    combined = config["track_a"]["combined"]
    for entry in combined:
        suffix = f" [{entry['name']}]" if len(combined) > 1 else ""
        parts = sorted(
            (_dataset(p) for p in entry["parts"]), key=lambda d: d.corpus != "unsupervised"
        )
        corpora = []
        for part in parts:
            corpus = part.corpus.capitalize()
            corpora.append(corpus)
            label = f"+Ours (Generated from {corpus} Corpus)"
            add(label + suffix, part.name, label)
        label = f"+Ours (Generated from {' + '.join(corpora)} Corpus)"
        add(label + suffix, f"a.combined.{entry['name']}", label)
    footnotes = [
        "SUPERNI: ROUGE-L on the Super-NI test split (definition-only, zero-shot); "
        "LongForm: METEOR. Data Size: training examples.",
        "Not rebuilt (their data comes from closed-source models): "
        + ", ".join(published.PAPER1_TABLE2_CLOSED)
        + ".",
    ]
    if not combined:
        footnotes.append("No generated rows: track_a.combined is empty.")
    footnotes += _left_out_note(_left_out(wanted, available))
    if config["analysis"]["show_published"]:
        footnotes.append(_published_backbone_note(config))
    return Plan(
        "Paper 1 Table 2: instruction datasets on SUPERNI and LongForm",
        ["Method", "Data Size", SUPERNI, LONGFORM],
        [SUPERNI, LONGFORM],
        rows,
        footnotes,
    )


def _generator_label(source: str, fmt: str) -> tuple[str, str]:
    strategy = "Instruction Following" if fmt == "alpaca" else "Instruction Generation"
    if fmt not in ("alpaca", "instruction"):
        strategy += f" ({fmt})"
    return strategy, SOURCE_LABELS.get(source, source)


def _filter_label(config: dict[str, Any], filt: str) -> str:
    if filt == "none":
        return "-"
    if filt == "base":
        return _base_label(config)
    if filt.startswith("sft:"):
        return FILTER_DATASET_LABELS.get(filt[4:], f"+{filt[4:]}")
    return filt


def _metric_row(cells: dict[str, Any], name: str, published_values: dict[str, Any]) -> Row:
    return Row(
        {**cells, SUPERNI: rouge(name), LONGFORM: meteor(name)},
        evaluated_inputs(name),
        published_values,
    )


def plan_paper1_table3(config: dict[str, Any], available: set[str]) -> Plan:
    datasets = plan.track_a_datasets(config)
    rows, wanted = [], []
    for generator in config["track_a"]["generators"]:
        gid = f"{generator['source']}-{generator['format']}"
        candidates = [
            d
            for d in datasets
            if (d.corpus, d.strategy, d.generator, d.size) == ("unsupervised", "whole", gid, "all")
        ]
        if not candidates:
            continue
        # Table 3 is about generators without filtering; a filtered set stands in when no
        # unfiltered one is configured, and the Filter column says so.
        dataset = next((d for d in candidates if d.filter == "none"), candidates[0])
        wanted.append(dataset.name)
        if dataset.name not in available:
            continue
        strategy, source = _generator_label(generator["source"], generator["format"])
        key = (strategy, source)
        rows.append(
            _metric_row(
                {
                    "Training Strategy": strategy,
                    "Training Data Source": source,
                    "Training Data Size": config["track_a"]["source_sizes"][generator["source"]],
                    "Filter": _filter_label(config, dataset.filter),
                },
                dataset.name,
                published.PAPER1_TABLE3.get(key, {}) if dataset.filter == "none" else {},
            )
        )
    footnotes = [
        "Instructions generated for the unsupervised passages (whole strategy), one dataset per "
        "configured generator.",
        "Not rebuilt: the closed-source generator row (text-davinci-003).",
    ]
    missing = [
        g
        for g in plan.generator_ids(config)
        if not any(d.generator == g and d.corpus == "unsupervised" for d in datasets)
    ]
    if missing:
        footnotes.append(
            "Generators with no unsupervised/whole dataset configured: " + ", ".join(missing) + "."
        )
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "Paper 1 Table 3: instruction generator training source and format",
        [
            "Training Strategy",
            "Training Data Source",
            "Training Data Size",
            "Filter",
            SUPERNI,
            LONGFORM,
        ],
        [SUPERNI, LONGFORM],
        rows,
        footnotes,
    )


def plan_paper1_table4(config: dict[str, Any], available: set[str]) -> Plan:
    datasets = [
        d
        for d in plan.track_a_datasets(config)
        if d.corpus == "supervised" and d.strategy == "whole"
    ]
    sources = {f"{g['source']}-{g['format']}": g["source"] for g in config["track_a"]["generators"]}
    rows, wanted = [], []
    ordered = [d for d in datasets if d.filter == "none"] + [
        d for d in datasets if d.filter != "none"
    ]
    for dataset in ordered:
        wanted.append(dataset.name)
        if dataset.name not in available:
            continue
        source = sources[dataset.generator]
        section = "without filtering" if dataset.filter == "none" else "with filtering"
        train_size = config["track_a"]["source_sizes"][source]
        source_label = SOURCE_LABELS.get(source, source)
        rows.append(
            _metric_row(
                {
                    "Section": section,
                    "Training Data Source": source_label,
                    "Training Data Size": train_size,
                    "Filter": _filter_label(config, dataset.filter),
                    "Generated Data Size": data_size(dataset.name),
                },
                dataset.name,
                published.PAPER1_TABLE4.get((section, source_label, train_size, 13500), {}),
            )
        )
    if "superni_train" in config["sft"]["baselines"]:
        wanted.append("superni_train")
        if "superni_train" in available:
            rows.append(
                _metric_row(
                    {
                        "Section": "manual annotation",
                        "Training Data Source": "-",
                        "Training Data Size": "-",
                        "Filter": "-",
                        "Generated Data Size": data_size("superni_train"),
                    },
                    "superni_train",
                    published.PAPER1_TABLE4[("manual annotation", "-", None, 75317)],
                )
            )
    footnotes = [
        "Instructions generated for supervised outputs (Super-NI training tasks); the manual "
        "annotation row is the Super-NI training split itself.",
        "Published values are matched at the paper's generated size 13,500 (manual: 75,317); the "
        "73,256-example and 175-example SUPERNI generator rows are not configured.",
    ]
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "Paper 1 Table 4: instructions for the supervised corpus, with and without filtering",
        [
            "Section",
            "Training Data Source",
            "Training Data Size",
            "Filter",
            "Generated Data Size",
            SUPERNI,
            LONGFORM,
        ],
        [SUPERNI, LONGFORM],
        rows if any(r.cells["Section"] != "manual annotation" for r in rows) else [],
        footnotes,
    )


def _table5_generator(config: dict[str, Any]) -> tuple[str | None, list[plan.TrackADataset]]:
    """The generator with the most filter variants on unsupervised/whole passages."""
    groups: dict[str, list[plan.TrackADataset]] = {}
    for d in plan.track_a_datasets(config):
        if (d.corpus, d.strategy, d.size) == ("unsupervised", "whole", "all"):
            groups.setdefault(d.generator, []).append(d)
    if not groups:
        return None, []
    generator = max(groups, key=lambda g: (len(groups[g]), g == "seed-instruction"))
    return generator, groups[generator]


def plan_paper1_table5(config: dict[str, Any], available: set[str]) -> Plan:
    generator, datasets = _table5_generator(config)
    rows, wanted = [], []
    for dataset in datasets:
        wanted.append(dataset.name)
        if dataset.name not in available:
            continue
        label = _filter_label(config, dataset.filter)
        key = "LLaMA-7B" if dataset.filter == "base" else label
        rows.append(
            _metric_row(
                {
                    "Filtering": "no" if dataset.filter == "none" else "yes",
                    "Filtering Model": label,
                },
                dataset.name,
                published.PAPER1_TABLE5.get(key, {}),
            )
        )
    footnotes = [f"Generator: {generator}; unsupervised passages, whole strategy."]
    labels = {_filter_label(config, d.filter) for d in datasets}
    absent = [k for k in published.PAPER1_TABLE5 if k not in labels and k != "LLaMA-7B"]
    if absent:
        footnotes.append("Filter rows not configured: " + ", ".join(absent) + ".")
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "Paper 1 Table 5: filtering models",
        ["Filtering", "Filtering Model", SUPERNI, LONGFORM],
        [SUPERNI, LONGFORM],
        rows if len(rows) > 1 else [],
        footnotes,
    )


def plan_paper1_table6(config: dict[str, Any], available: set[str]) -> Plan:
    rows = []
    for backbone in ("T5-XL", "Flan-T5-XL"):
        rows.append(
            Row(
                {
                    "Method": f"{backbone}: not configured (the SFT stage fine-tunes causal LMs "
                    "from models.base; no T5 backbone is configured)",
                    SUPERNI: "",
                    LONGFORM: "",
                },
                [],
            )
        )
        if config["analysis"]["show_published"]:
            for (bb, label), values in published.PAPER1_TABLE6.items():
                if bb == backbone:
                    rows.append(Row({"Method": label, SUPERNI: "", LONGFORM: ""}, [], values))
    return Plan(
        "Paper 1 Table 6: T5-XL and Flan-T5-XL backbones",
        ["Method", SUPERNI, LONGFORM],
        [SUPERNI, LONGFORM],
        rows,
        ["T5 backbone rows are not rebuilt by this workflow; see the note rows."],
    )


def _backbone_label(config: dict[str, Any], model: str) -> str:
    source = config["models"][model]["source"]
    return published.REFINE_AF_BACKBONES.get(source, model)


def _instruction_count(config: dict[str, Any], size: str) -> int:
    return config["track_b"]["bootstrap"]["num_instructions"] if size == "all" else int(size)


def _track_b_name(model: str, method: str, size: str) -> str:
    return f"b.{model}.{method}.{size}"


def _tasks_better(refine: str, baseline: str) -> Cell:
    def cell(r: Reader) -> float:
        return percent_tasks_better(
            group_scores(r.json(superni_metrics_path(refine)), "rougeL", "task"),
            group_scores(r.json(superni_metrics_path(baseline)), "rougeL", "task"),
        )

    return cell


def plan_refine_af_table2(config: dict[str, Any], available: set[str]) -> Plan:
    rows, wanted = [], []
    for model in config["track_b"]["base_models"]:
        label = _backbone_label(config, model)
        for size in plan.track_b_sizes(config):
            si = _track_b_name(model, "self_instruct", size)
            ra = _track_b_name(model, "refine_af", size)
            wanted += [si, ra]
            if si not in available or ra not in available:
                continue
            count = _instruction_count(config, size)
            rows.append(
                Row(
                    {
                        "Model": label,
                        "Instruction Count": count,
                        "SELF-INSTRUCT": rouge(si),
                        "REFINE-AF": rouge(ra),
                        "% Tasks Better": _tasks_better(ra, si),
                    },
                    [superni_metrics_path(si), superni_metrics_path(ra)],
                    published.REFINE_AF_TABLE2.get((label, count), {}),
                )
            )
    footnotes = [
        "Super-NI ROUGE-L of the backbone fine-tuned on each method's instructions; % Tasks "
        "Better: share of test tasks where REFINE-AF's per-task ROUGE-L is strictly higher.",
    ]
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "REFINE-AF Table II: Super-NI ROUGE-L by method and instruction count",
        ["Model", "Instruction Count", "SELF-INSTRUCT", "REFINE-AF", "% Tasks Better"],
        ["SELF-INSTRUCT", "REFINE-AF", "% Tasks Better"],
        rows,
        footnotes,
        digits=4,
    )


def _category_order(categories: set[str]) -> list[str]:
    known = [c for c in CATEGORY_ORDER if c in categories]
    return known + sorted(categories - set(CATEGORY_ORDER))


def plan_refine_af_table3(config: dict[str, Any], available: set[str]) -> Plan:
    models, wanted, inputs = [], [], []
    for model in config["track_b"]["base_models"]:
        names = {m: _track_b_name(model, m, "all") for m in ("self_instruct", "refine_af")}
        wanted += names.values()
        if all(n in available for n in names.values()):
            models.append((model, names))
            inputs += [superni_metrics_path(n) for n in names.values()]
    columns = ["Task Category"]
    keys: list[tuple[str, str, str]] = []  # (column, name, published key)
    for model, names in models:
        label = _backbone_label(config, model)
        for method, title in (("self_instruct", "SELF-INSTRUCT"), ("refine_af", "REFINE-AF")):
            column = f"{label} {title}"
            columns.append(column)
            keys.append((column, names[method], title))

    def rows(r: Reader) -> list[Row]:
        scores = {
            column: group_scores(r.json(superni_metrics_path(name)), "rougeL", "category")
            for column, name, _ in keys
        }
        categories = set().union(*(s.keys() for s in scores.values())) if scores else set()
        out = []
        for category in _category_order(categories):
            cells: dict[str, Any] = {"Task Category": category}
            pub: dict[str, Any] = {}
            for column, _, title in keys:
                cells[column] = scores[column].get(category, "")
                label = column[: -len(title) - 1]
                value = published.REFINE_AF_TABLE3.get(category, {}).get((label, title))
                if value is not None:
                    pub[column] = value
            out.append(Row(cells, [], pub))
        return out

    footnotes = ["Super-NI ROUGE-L per task category, full instruction set (size 'all')."]
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "REFINE-AF Table III: per-category ROUGE-L, SELF-INSTRUCT vs REFINE-AF",
        columns,
        [c for c, _, _ in keys],
        [Row({}, inputs)] if models else [],
        footnotes,
        digits=4,
        dynamic=rows,
    )


def plan_refine_af_table5(config: dict[str, Any], available: set[str]) -> Plan:
    models, wanted = [], []
    for model in config["track_b"]["base_models"]:
        name = _track_b_name(model, "refine_af", "all")
        wanted.append(name)
        if name in available:
            models.append(model)
    labels = {m: _backbone_label(config, m) for m in models}
    cards = {m: track_b_card(m, "refine_af", "all") for m in models}
    rows = []
    for title, key in TABLE5_STATS:
        cells: dict[str, Any] = {"Statistics": title}
        pub: dict[str, Any] = {}
        for model in models:
            cells[labels[model]] = (lambda path, k: lambda r: r.key(path, k))(cards[model], key)
            value = published.REFINE_AF_TABLE5[title].get(labels[model])
            if value is not None:
                pub[labels[model]] = value
        rows.append(Row(cells, list(cards.values()), pub))
    footnotes = ["From the REFINE-AF dataset cards (full instruction set); lengths in words."]
    footnotes += _left_out_note(_left_out(wanted, available))
    return Plan(
        "REFINE-AF Table V: statistics of the generated data",
        ["Statistics", *labels.values()],
        list(labels.values()),
        rows if models else [],
        footnotes,
    )


PLANNERS: dict[str, Callable[[dict[str, Any], set[str]], Plan]] = {
    "paper1_table2": plan_paper1_table2,
    "paper1_table3": plan_paper1_table3,
    "paper1_table4": plan_paper1_table4,
    "paper1_table5": plan_paper1_table5,
    "paper1_table6": plan_paper1_table6,
    "refine_af_table2": plan_refine_af_table2,
    "refine_af_table3": plan_refine_af_table3,
    "refine_af_table5": plan_refine_af_table5,
}


def table_plan(table: str, config: dict[str, Any], available: Sequence[str]) -> Plan:
    try:
        planner = PLANNERS[table]
    except KeyError:
        raise ValueError(f"unknown table {table!r}; known: {TABLES}") from None
    return planner(config, set(available))


def table_inputs(table: str, config: dict[str, Any], available: Sequence[str]) -> list[str]:
    """Every file the table's rows read (deduplicated, in row order)."""
    seen: dict[str, None] = {}
    for row in table_plan(table, config, available).rows:
        for path in row.inputs:
            seen.setdefault(path, None)
    return list(seen)


def configured_tables(config: dict[str, Any], available: Sequence[str]) -> list[str]:
    """Tables with at least one row the grid fills (Table 6 always: its note rows)."""
    return [t for t in TABLES if t == "paper1_table6" or table_plan(t, config, available).rows]


def build_table(
    table: str, config: dict[str, Any], available: Sequence[str], root: str | Path = "."
) -> Table:
    spec = table_plan(table, config, available)
    reader = Reader(root)
    rows = spec.dynamic(reader) if spec.dynamic else spec.rows
    show = config["analysis"]["show_published"]
    columns: list[str] = []
    for column in spec.columns:
        columns.append(column)
        if show and column in spec.published_columns:
            columns.append(f"{column} (published)")
    out = []
    for row in rows:
        values = {}
        for column in spec.columns:
            cell = row.cells.get(column, "")
            values[column] = cell(reader) if callable(cell) else cell
            if show and column in spec.published_columns:
                values[f"{column} (published)"] = row.published.get(column, "")
        out.append(values)
    return Table(table, spec.title, columns, out, spec.footnotes, spec.digits)


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [round(v, 4) if isinstance(v, float) else v for v in (row[c] for c in table.columns)]
        )
    return buffer.getvalue()


def main(
    table: str, config: dict[str, Any], available: Sequence[str], out_md: str, out_csv: str
) -> Table:
    built = build_table(table, config, available)
    write_text(out_md, to_markdown(built))
    write_text(out_csv, to_csv(built))
    return built
