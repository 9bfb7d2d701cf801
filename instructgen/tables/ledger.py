"""FIDELITY.md, the paper configuration's ledger: every setting of configs/paper.yaml with its
value, whether a paper states it, and the source or the choice made."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from instructgen.errors import InputError

LEDGER = Path(__file__).resolve().parents[2] / "FIDELITY.md"
LEDGER_ROW = re.compile(r"^\| `([^`]+)` \| `(.*)` \| (paper|not stated) \| (.+) \|$")
# The config sections each table's rows depend on, for its ledger footnote.
_PAPER1 = ("models.base.", "corpora.", "instruction_data.", "unsupervised_corpus.",
           "supervised_corpus.", "fragments.", "track_a.", "sft.recipes.paper1.",
           "sft.max_seq_len", "sft.use_lora", "sft.load_in_4bit", "sft.baselines",
           "sft.mixtures.", "evaluation.")  # fmt: skip
_REFINE_AF = ("models.llama2", "models.mistral", "models.reward.", "models.unieval.",
              "corpora.self_instruct", "track_b.", "sft.recipes.refine_af.", "sft.max_seq_len",
              "sft.use_lora", "sft.load_in_4bit", "evaluation.superni.")  # fmt: skip
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
# The judged evaluations' own settings: only their table depends on them (the other tables'
# prefixes, "corpora." and "evaluation.", would take them in too).
JUDGED_ONLY = (
    "models.judge.",
    "corpora.vicuna_questions.",
    "corpora.user_oriented.",
    "evaluation.judged.",
)
TABLE_SETTINGS["judged_evaluations"] = JUDGED_ONLY


def parse_ledger(path: str | Path = LEDGER) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """FIDELITY.md's rows (key -> value, status "paper" or "not stated", and source), and one
    line per table row that is not a well-formed setting row or repeats a key."""
    rows: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("| `"):
            continue
        match = LEDGER_ROW.match(line)
        try:
            if not match:
                raise ValueError("a ledger row needs key, value, status, source")
            key, value, status, source = match.groups()
            if key in rows:
                raise ValueError(f"{key} is in the ledger twice")
            rows[key] = {"value": json.loads(value), "status": status, "source": source}
        except ValueError as error:
            problems.append(str(InputError(str(path), str(error), number)))
    return rows, problems


@functools.cache
def read_ledger(path: str | Path = LEDGER) -> dict[str, dict[str, Any]]:
    """The well-formed rows of FIDELITY.md. Planning reads them for footnotes and must not fail
    on a line of prose that happens to look like a row; tests/test_fidelity_ledger.py holds
    the ledger to its format (`parse_ledger`'s problems)."""
    return parse_ledger(path)[0]


def ledger_footnote(table: str) -> str | None:
    """The paper configuration's choices a table's rows depend on that the paper does not
    state (execution-only settings left out)."""
    keys = [
        key
        for key, row in read_ledger().items()
        if key.startswith(TABLE_SETTINGS[table])
        and (table == "judged_evaluations" or not key.startswith(JUDGED_ONLY))
        and row["status"] == "not stated"
        and not row["source"].startswith("Execution only")
    ]
    if not keys:
        return None
    listed = ", ".join(f"`{k}`" for k in keys)
    return f"Choices of configs/paper.yaml this table depends on that the paper does not state (FIDELITY.md): {listed}."
