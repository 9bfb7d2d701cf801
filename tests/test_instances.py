"""REFINE-AF stage 3: instance parsing, sharded resumable generation and Table II/V datasets."""

from __future__ import annotations

import json

import pytest

from instructgen.generation import load_generator
from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog
from instructgen.track_b import datasets
from instructgen.track_b.datasets import build_records, table_v_statistics
from instructgen.track_b.instances import generate_shard, parse_instances
from tests.tiny_track_b import build_models

SETTINGS = {"max_new_tokens": 6, "batch_size": 2, "shards": 1, "subset_sizes": [2]}
INSTRUCTIONS = [
    {"id": f"instr-{k:06d}", "instruction": text, "round": 0}
    for k, text in enumerate(
        [
            "Sort the list.",
            "Name a fruit.",
            "Say hi to the reader.",
            "Count to three.",
            "Add 2 and 3.",
        ]
    )
]


@pytest.mark.parametrize(
    ("text", "instances", "malformed"),
    [
        ("Output: 85 F = 29.44 C\n\nTask: Sort the list.", [("", "85 F = 29.44 C")], 0),
        (
            "Example 1\nList: [2, 1]\nOutput: [1, 2]\nExample 2\nInput 2 - List: [9, 3]\n"
            "Output: [3, 9]\n",
            [("List: [2, 1]", "[1, 2]"), ("List: [9, 3]", "[3, 9]")],
            0,
        ),
        ("Input: a cat\nOutput:\n- feline\n- pet", [("a cat", "- feline\n- pet")], 0),
        (
            "Example 1\nSentence: hi\nExample 2\nSentence: yo\nOutput: Yo.",
            [("Sentence: yo", "Yo.")],
            1,
        ),
        ("Example 1\nInput: x\nOutput:   \n", [], 1),
        ("just some text without markers", [], 1),
        ("", [], 1),
        ("Output: same\nExample 1\nOutput: same", [("", "same")], 0),
    ],
)
def test_parse_instances(text, instances, malformed) -> None:
    got, bad = parse_instances(text)
    assert [(i["input"], i["output"]) for i in got] == instances
    assert bad == malformed


def test_table_v_statistics() -> None:
    texts = {
        "a": "Example 1\nInput: one two\nOutput: three four five\nExample 2\nOutput: six",
        "b": "nothing",
        "c": "Output: seven eight",
    }
    instructions = [
        {"id": "a", "instruction": "Do it now"},
        {"id": "b", "instruction": "Never parsed"},
        {"id": "c", "instruction": "Do"},
    ]
    records, dropped = build_records(instructions, texts, "refine_af", "base", "p")
    assert dropped == {"malformed_blocks": 1, "instructions_without_instances": 1}
    stats = table_v_statistics(records, len(instructions))
    assert stats == {
        "instructions": 3,
        "instructions_with_instances": 2,
        "instances": 3,
        "empty_inputs": 2,
        "avg_instruction_length": 2.0,
        "avg_nonempty_input_length": 2.0,
        "avg_output_length": 2.0,
    }
    assert records[0]["provenance"]["instruction_id"] == "a"
    assert records[0]["id"] != records[1]["id"]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    paths = build_models(tmp_path_factory.mktemp("tiny"))
    return load_generator({"source": paths["base"]}, "cpu")


def test_shards_merge_to_the_unsharded_result(model, tmp_path) -> None:
    m, tok = model
    whole = generate_shard(m, tok, INSTRUCTIONS, SETTINGS, 5, 0, 1, tmp_path / "r1.jsonl")
    parts = []
    for shard in range(3):
        parts += generate_shard(m, tok, INSTRUCTIONS, SETTINGS, 5, shard, 3, tmp_path / f"s{shard}")
    assert sorted(parts, key=lambda r: r["index"]) == whole
    assert [r["id"] for r in whole] == [r["id"] for r in INSTRUCTIONS]


def test_resume_reuses_finished_items_and_ignores_a_torn_line(model, tmp_path) -> None:
    m, tok = model
    resume = tmp_path / "resume.jsonl"
    fresh = generate_shard(m, tok, INSTRUCTIONS, SETTINGS, 5, 0, 1, resume, key="k")
    assert len(resume.read_text().splitlines()) == 1 + len(INSTRUCTIONS)  # fingerprint + items
    # A finished item from "an earlier attempt" is reused, not regenerated; a torn line is not.
    resume.unlink()
    ResumeLog(resume, "k").append([(0, ["REUSED"])])
    with open(resume, "a") as handle:
        handle.write('{"index": 2, "va')
    resumed = generate_shard(m, tok, INSTRUCTIONS, SETTINGS, 5, 0, 1, resume, key="k")
    assert resumed[0]["text"] == "REUSED"
    assert [r["text"] for r in resumed[1:]] == [r["text"] for r in fresh[1:]]
    # A log written for other settings (another key) is discarded as a whole.
    stale = generate_shard(m, tok, INSTRUCTIONS, SETTINGS, 5, 0, 1, resume, key="other")
    assert stale == fresh


def test_datasets_subsets_and_cards(tmp_path) -> None:
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    shard0, shard1 = tmp_path / "s0.jsonl", tmp_path / "s1.jsonl"
    texts = [f"Example 1\nInput: x{k}\nOutput: y{k}" for k in range(len(INSTRUCTIONS))]
    texts[3] = "garbage"
    rows = [
        {"id": r["id"], "index": k, "text": t}
        for k, (r, t) in enumerate(zip(INSTRUCTIONS, texts, strict=True))
    ]
    write_jsonl(shard0, rows[::2])
    write_jsonl(shard1, rows[1::2])
    outs = [str(tmp_path / "2.jsonl"), str(tmp_path / "all.jsonl")]
    datasets.main(
        instructions_path=str(instructions),
        shard_paths=[str(shard0), str(shard1)],
        method="self_instruct",
        model_name="base",
        policy_spec={"source": "base"},
        sizes=["2", "all"],
        settings=SETTINGS,
        seed=5,
        out_paths=outs,
    )
    small, full = read_jsonl(outs[0]), read_jsonl(outs[1])
    assert [r["instruction"] for r in small] == ["Sort the list.", "Name a fruit."]
    assert len(full) == 4 and full[:2] == small
    assert set(full[0]) == {"id", "instruction", "input", "output", "provenance"}
    card = json.loads((tmp_path / "all.card.json").read_text())
    assert card["statistics"]["instructions"] == 5 and card["statistics"]["instances"] == 4
    assert card["dropped"]["instructions_without_instances"] == 1 and card["seed"] == 5
    write_jsonl(shard1, rows[1:2])
    with pytest.raises(ValueError, match="no generation for 1 instructions"):
        datasets.main(
            instructions_path=str(instructions),
            shard_paths=[str(shard0), str(shard1)],
            method="self_instruct",
            model_name="base",
            policy_spec={"source": "base"},
            sizes=["2", "all"],
            settings=SETTINGS,
            seed=5,
            out_paths=outs,
        )
