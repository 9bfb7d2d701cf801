"""FIDELITY.md covers every setting of configs/paper.yaml with the value the config holds."""

from __future__ import annotations

from pathlib import Path

import yaml

from instructgen import plan
from instructgen.config import validate_config
from instructgen.tables.ledger import parse_ledger, read_ledger
from instructgen.tables.specs import TABLES, table_spec

REPO = Path(__file__).resolve().parents[1]


def leaves(node, path=""):
    """(dotted key, value) of every setting; a list of mappings is walked by index."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        for index, value in enumerate(node):
            yield from leaves(value, f"{path}.{index}")
    else:
        yield path, node


def ledger() -> dict[str, tuple[object, str, str]]:
    return {k: (r["value"], r["status"], r["source"]) for k, r in read_ledger().items()}


def test_every_paper_setting_is_in_the_ledger_with_its_value():
    config = dict(leaves(yaml.safe_load((REPO / "configs/paper.yaml").read_text())))
    rows = ledger()
    missing = sorted(set(config) - set(rows))
    assert not missing, f"settings of configs/paper.yaml missing from FIDELITY.md: {missing}"
    extra = sorted(set(rows) - set(config))
    assert not extra, f"FIDELITY.md rows that configs/paper.yaml no longer has: {extra}"
    differ = {k: (config[k], rows[k][0]) for k in config if config[k] != rows[k][0]}
    assert not differ, f"the ledger's value differs from the config (config, ledger): {differ}"


def test_every_ledger_row_is_well_formed():
    assert parse_ledger()[1] == []


def test_a_prose_row_does_not_stop_planning(tmp_path):
    ledger = tmp_path / "FIDELITY.md"
    ledger.write_text(
        "| `seed` | `42` | not stated | A fixed seed for every random choice. |\n"
        "| `x` is mentioned in prose | but this is no setting row |\n"
    )
    rows, problems = parse_ledger(ledger)
    assert list(rows) == ["seed"]
    assert len(problems) == 1 and f"{ledger}:2:" in problems[0]
    assert read_ledger(ledger) == rows


def test_every_choice_says_why():
    for key, (_, status, source) in ledger().items():
        assert len(source.split()) >= 4, f"{key}: the source or choice says too little"
        if status == "paper":
            assert any(w in source for w in ("Paper 1", "REFINE-AF", "Table", "§")), key


def test_every_table_names_the_choices_it_depends_on():
    study = plan.Study(validate_config(yaml.safe_load((REPO / "configs/paper.yaml").read_text())))
    for table in TABLES:
        notes = [n for n in table_spec(table, study).footnotes if "FIDELITY.md" in n]
        assert len(notes) == 1, table
    note = next(n for n in table_spec("paper1_table5", study).footnotes if "FIDELITY.md" in n)
    assert "`track_a.candidates.k`" in note and "`track_a.candidates.batch_size`" not in note
