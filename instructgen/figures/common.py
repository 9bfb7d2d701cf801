"""Readers the figures share, each failing with the file and line of bad input."""

from __future__ import annotations

import csv

from instructgen.errors import InputError
from instructgen.io import read_json, read_jsonl, read_text


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
