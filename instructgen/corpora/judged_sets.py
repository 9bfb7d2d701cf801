"""A judged set's items (rule prepare_judged_set): what every evaluated model answers and the
judge grades.

- ``vicuna``: Vicuna's questions without the excluded categories. Paper 1 §4.2: "we remove
  evaluation instructions related to code and math and finally keep 70 instructions"; the
  benchmark's 80 questions hold 7 coding and 3 math ones (ids 61-70). An excluded category the
  file does not hold is an error, so a misspelt one cannot keep all 80.
- ``user_oriented``: every one of Self-Instruct's user-oriented instructions (REFINE-AF §V-B:
  "252 instructions with 1 instance per instructions") with its input, and its output as the
  reference the raters had ("referencing the golden outputs").

Each item: ``id``, ``category`` (Vicuna's category, or the instruction's motivating app),
``instruction``, ``input`` ("" when none) and ``reference`` ("" when none).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instructgen import loaders
from instructgen.errors import ConfigError, InputError
from instructgen.io import write_jsonl

ITEM_FIELDS = ("id", "category", "instruction", "input", "reference")
EXCLUDED_KEY = "evaluation.judged.vicuna.excluded_categories"


def vicuna_items(source: str, excluded: Sequence[str]) -> list[dict[str, Any]]:
    questions = loaders.load_vicuna_questions(source)
    categories = {q["category"] for q in questions}
    absent = [c for c in excluded if c not in categories]
    if absent:
        raise ConfigError(
            EXCLUDED_KEY,
            f"{absent} are not categories of {source} (it has {sorted(categories)})",
        )
    return [
        {
            "id": f"vicuna-{q['question_id']}",
            "category": q["category"],
            "instruction": q["turns"][0],
            "input": "",
            "reference": "",
        }
        for q in questions
        if q["category"] not in excluded
    ]


def user_oriented_items(source: str) -> list[dict[str, Any]]:
    items, seen = [], set()
    for record in loaders.load_user_oriented(source):
        if record["id"] in seen:
            raise InputError(source, f"duplicate id {record['id']!r}")
        seen.add(record["id"])
        instance = record["instances"][0]
        items.append(
            {
                "id": record["id"],
                "category": record.get("motivation_app", ""),
                "instruction": record["instruction"],
                "input": instance["input"],
                "reference": instance["output"],
            }
        )
    return items


def judged_items(judged_set: str, source: str, excluded: Sequence[str] = ()) -> list[dict]:
    if judged_set == "vicuna":
        return vicuna_items(source, excluded)
    if excluded:
        raise ValueError(f"only Vicuna's questions are filtered by category, not {judged_set}")
    return user_oriented_items(source)


def main(*, judged_set: str, source_dir: str, excluded: Sequence[str], out_path: str) -> int:
    return write_jsonl(out_path, judged_items(judged_set, source_dir, excluded))
