"""A table built from its spec: every cell read from its file, then written as Markdown and
CSV (rule make_table)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from instructgen import published
from instructgen.errors import InputError
from instructgen.io import csv_text, read_jsonl, write_text
from instructgen.metrics import group_scores, percent_tasks_better, tasks_better_counts
from instructgen.tables.specs import CATEGORY_ORDER, Row, Table, TableSpec


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
        scores = (
            group_scores(self.json(method), "rougeL", "task"),
            group_scores(self.json(baseline), "rougeL", "task"),
        )
        if cell.get("counts"):
            return "{} / {} / {}".format(*tasks_better_counts(*scores))
        return percent_tasks_better(*scores, exclude_ties=cell.get("exclude_ties", False))


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
        if math.isnan(value):
            return "n/a"
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
