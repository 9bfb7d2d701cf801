"""REFINE-AF stage 3: Self-Instruct's classification branch (the identification question, the
output-first or input-first prompt, each format's parsing), sharded resumable generation and
Table II/V datasets."""

from __future__ import annotations

import json

import pytest

from instructgen.generation import load_generator
from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog
from instructgen.settings import Classification, Inference, Instances, ModelSpec, TrackBDatasets
from instructgen.templates import (
    CLASSIFICATION_INSTANCE_PROMPT,
    INSTANCE_PROMPT,
    instance_prompt,
    is_classification_prompt,
)
from instructgen.track_b import classification, datasets, instances
from instructgen.track_b.datasets import build_records, table_v_statistics
from instructgen.track_b.instances import (
    generate_shard,
    instance_job,
    instance_prompts,
    parse_class_label_instances,
    parse_instances,
)
from tests.tiny_track_b import build_models

BATCH = 2


def instance_settings(policy: str = "base") -> Instances:
    return Instances(ModelSpec(policy), max_new_tokens=6)


def shard_of(m, tok, classification, shard=0, shards=1, resume=None, settings=None):
    """generate_shard on one shard's job (`resume`: a ResumeLog in place of the job's own)."""
    settings = settings or instance_settings()
    job = instance_job(INSTRUCTIONS, classification, settings, shard, shards)
    job.log = resume
    return generate_shard(
        m, tok, INSTRUCTIONS, classification, settings, Inference("cpu", BATCH), job
    )


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
NONE_CLF = {r["id"]: False for r in INSTRUCTIONS}
# "Add 2 and 3." stands in for a classification task: the branch is chosen by the answer alone.
MIXED_CLF = {**NONE_CLF, INSTRUCTIONS[4]["id"]: True}


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
    flags = {"a": False, "b": False, "c": False}
    records, dropped = build_records(instructions, texts, flags, "refine_af", "base", "p")
    assert dropped == {"malformed_blocks": 1, "instructions_without_instances": 1}
    stats = table_v_statistics(records, len(instructions), 1)
    assert stats == {
        "instructions": 3,
        "classification_instructions": 1,
        "non_classification_instructions": 2,
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
def tiny(tmp_path_factory):
    return build_models(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def model(tiny):
    return load_generator(ModelSpec(tiny["base"]), "cpu")


def test_shards_merge_to_the_unsharded_result(model, tmp_path) -> None:
    m, tok = model
    whole = shard_of(m, tok, MIXED_CLF)
    parts = []
    for shard in range(3):
        parts += shard_of(m, tok, MIXED_CLF, shard, 3)
    assert sorted(parts, key=lambda r: r["index"]) == whole
    assert [r["id"] for r in whole] == [r["id"] for r in INSTRUCTIONS]
    assert [r["is_classification"] for r in whole] == [False, False, False, False, True]


def test_resume_reuses_finished_items_and_ignores_a_torn_line(model, tmp_path) -> None:
    m, tok = model
    resume = tmp_path / "resume.jsonl"
    fresh = shard_of(m, tok, NONE_CLF, resume=ResumeLog(resume, "k"))
    assert len(resume.read_text().splitlines()) == 1 + len(INSTRUCTIONS)  # fingerprint + items
    # A finished item from "an earlier attempt" is reused, not regenerated; a torn line is not.
    resume.unlink()
    ResumeLog(resume, "k").append([(0, ["REUSED"])])
    with open(resume, "a") as handle:
        handle.write('{"index": 2, "va')
    resumed = shard_of(m, tok, NONE_CLF, resume=ResumeLog(resume, "k"))
    assert resumed[0]["text"] == "REUSED"
    assert [r["text"] for r in resumed[1:]] == [r["text"] for r in fresh[1:]]
    # A log written for other settings (another key) is discarded as a whole.
    stale = shard_of(m, tok, NONE_CLF, resume=ResumeLog(resume, "other"))
    assert stale == fresh


def test_datasets_subsets_and_cards(tmp_path) -> None:
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    shard0, shard1 = tmp_path / "s0.jsonl", tmp_path / "s1.jsonl"
    texts = [f"Example 1\nInput: x{k}\nOutput: y{k}" for k in range(len(INSTRUCTIONS))]
    texts[3] = "garbage"
    # The classification task's output-first text: two (class label, input) pairs.
    texts[4] = "Class label: Odd\nNumber: 5\nClass label: Even\nNumber: 6\n\nTask: Next."
    rows = [
        {"id": r["id"], "index": k, "is_classification": MIXED_CLF[r["id"]], "text": t}
        for k, (r, t) in enumerate(zip(INSTRUCTIONS, texts, strict=True))
    ]
    write_jsonl(shard0, rows[::2])
    write_jsonl(shard1, rows[1::2])
    outs = [str(tmp_path / "2.jsonl"), str(tmp_path / "all.jsonl")]
    settings = TrackBDatasets(sizes=("2", "all"), policy="base", max_new_tokens=6, seed=5)
    datasets.main(
        instructions_path=str(instructions),
        shard_paths=[str(shard0), str(shard1)],
        method="self_instruct",
        model_name="base",
        settings=settings,
        out_paths=outs,
    )
    small, full = read_jsonl(outs[0]), read_jsonl(outs[1])
    assert [r["instruction"] for r in small] == ["Sort the list.", "Name a fruit."]
    assert len(full) == 5 and full[:2] == small
    assert set(full[0]) == {"id", "instruction", "input", "output", "provenance"}
    assert [(r["input"], r["output"]) for r in full[3:]] == [
        ("Number: 5", "Odd"),
        ("Number: 6", "Even"),
    ]
    assert (
        full[3]["provenance"]["is_classification"]
        and not full[0]["provenance"]["is_classification"]
    )
    card = json.loads((tmp_path / "all.card.json").read_text())
    assert card["statistics"]["instructions"] == 5 and card["statistics"]["instances"] == 5
    assert card["statistics"]["classification_instructions"] == 1
    assert card["statistics"]["non_classification_instructions"] == 4
    assert card["dropped"]["instructions_without_instances"] == 1 and card["seed"] == 5
    small_card = json.loads((tmp_path / "2.card.json").read_text())
    assert small_card["statistics"]["classification_instructions"] == 0
    write_jsonl(shard1, rows[1:2])
    with pytest.raises(ValueError, match="shards cover 4 items, expected 5"):
        datasets.main(
            instructions_path=str(instructions),
            shard_paths=[str(shard0), str(shard1)],
            method="self_instruct",
            model_name="base",
            settings=settings,
            out_paths=outs,
        )


# -- the classification branch (Self-Instruct's identification, then one of two prompts) -------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (" Yes", True),
        ("Yes.", True),
        (" yes, it is", True),
        (" YES", True),
        (" No", False),
        (" no.", False),
        ("", False),
        ("   ", False),
        (" Yesterday", False),
        (" Maybe yes", False),
    ],
)
def test_identification_answer_parsing(answer, expected) -> None:
    assert classification.parse_answer(answer) is expected


def test_prompts_follow_self_instructs_structure() -> None:
    question = is_classification_prompt("  Tell me   if the review is positive. ")
    assert question.endswith("\n\nTask: Tell me if the review is positive.\nIs it classification?")
    demos = question.split("\n\nTask: ")[1:-1]
    assert len(demos) == 31  # Self-Instruct's number of demonstrations
    answers = [d.rsplit("Is it classification? ", 1)[1] for d in demos]
    assert set(answers) == {"Yes", "No"} and answers.count("Yes") == 12
    # Output-first: every demonstration starts with a class label right after its task line.
    demos = CLASSIFICATION_INSTANCE_PROMPT.split("\n\nTask: ")[1:]
    assert len(demos) == 16
    assert all(d.split("\n")[1].startswith("Class label: ") for d in demos)
    # Input-first: REFINE-AF's printed IX-D demonstrations first, then the rest to eleven.
    assert INSTANCE_PROMPT.startswith("Come up with examples for the following tasks.")
    assert INSTANCE_PROMPT.count("\nTask: ") == 11
    assert INSTANCE_PROMPT.index("Converting 85 F to Celsius.") < INSTANCE_PROMPT.index(
        "Pick the city with the largest population"
    )


def test_a_classification_instruction_gets_the_output_first_prompt() -> None:
    flags = {INSTRUCTIONS[0]["id"]: True, INSTRUCTIONS[1]["id"]: False}
    clf, gen = instance_prompts(INSTRUCTIONS[:2], flags)
    assert clf == instance_prompt("Sort the list.", classification=True)
    assert clf.startswith(CLASSIFICATION_INSTANCE_PROMPT) and clf.endswith("Task: Sort the list.\n")
    assert gen == instance_prompt("Name a fruit.")
    assert gen.startswith(INSTANCE_PROMPT) and gen.endswith("Task: Name a fruit.\n")
    with pytest.raises(ValueError, match="no classification answer for 1 instructions"):
        instance_prompts(INSTRUCTIONS[:3], flags)


@pytest.mark.parametrize(
    ("text", "expected", "malformed"),
    [
        (
            "Class label: Positive\nSentence: I loved the soup.\n"
            "Class label: Negative\nSentence: The soup was cold.\n\nTask: Sort the list.\n"
            "Class label: Ignored\nSentence: after the next task",
            [
                ("Sentence: I loved the soup.", "Positive"),
                ("Sentence: The soup was cold.", "Negative"),
            ],
            0,
        ),
        (
            "Class label: Solved\nConversation:\n- Customer: It works.\n- Agent: Good.\n"
            "Class label: Not solved\nInput: Still broken.",
            [
                ("Conversation:\n- Customer: It works.\n- Agent: Good.", "Solved"),
                ("Still broken.", "Not solved"),
            ],
            0,
        ),
        ("Class label: Amazon\n", [("", "Amazon")], 0),
        ("class label 2: (d)", [("", "(d)")], 0),
        ("Sure, here they are.\nClass label: A\nQuestion: 1?", [("Question: 1?", "A")], 1),
        ("Class label:\nSentence: hi\nClass label: B\nSentence: yo", [("Sentence: yo", "B")], 1),
        ("Class label: A\nX: 1\nClass label: A\nX: 1", [("X: 1", "A")], 0),
        ("Example 1\nInput: x\nOutput: y", [], 1),
        ("", [], 1),
    ],
)
def test_parse_output_first_generation(text, expected, malformed) -> None:
    got, bad = parse_class_label_instances(text)
    assert [(i["input"], i["output"]) for i in got] == expected
    assert bad == malformed


def test_records_parse_each_text_with_its_prompts_format() -> None:
    instructions = [
        {"id": "clf", "instruction": "Is the number odd or even?"},
        {"id": "gen", "instruction": "Write a number."},
    ]
    text = "Class label: Odd\nNumber: 3\nClass label: Even\nNumber: 4"
    texts = {"clf": text, "gen": text}
    records, dropped = build_records(
        instructions, texts, {"clf": True, "gen": False}, "self_instruct", "base", "p"
    )
    # The label is the output and the input follows it; the same text read as an input-first
    # continuation has no "Output:" and is dropped.
    assert [(r["instruction"], r["input"], r["output"]) for r in records] == [
        ("Is the number odd or even?", "Number: 3", "Odd"),
        ("Is the number odd or even?", "Number: 4", "Even"),
    ]
    assert dropped == {"malformed_blocks": 1, "instructions_without_instances": 1}


def test_classification_then_instances_with_a_tiny_model(tiny, tmp_path, monkeypatch) -> None:
    """The identification step asks its question of the policy and records the answers (and
    resumes); the instance step then gives each instruction the prompt its answer picks."""
    policy = ModelSpec(tiny["base"])
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    labels, resume = tmp_path / "classification.jsonl", tmp_path / "resume" / "c.jsonl"

    def run_classification() -> list[dict]:
        classification.main(
            instructions_path=str(instructions),
            settings=Classification(policy, max_new_tokens=3),
            execution=Inference("cpu", BATCH),
            resume_file=str(resume),
            out_path=str(labels),
        )
        return read_jsonl(labels)

    first = run_classification()
    assert [r["id"] for r in first] == [r["id"] for r in INSTRUCTIONS]
    assert all(isinstance(r["is_classification"], bool) for r in first)
    assert not resume.exists()  # the log goes once the answers are written
    assert run_classification() == first  # greedy: the same answers again
    card = json.loads((tmp_path / "classification.card.json").read_text())
    counts = card["counts"]
    assert counts["instructions"] == 5
    assert counts["classification"] + counts["non_classification"] == 5

    # A random model's answers are noise: give canned ones to the same path instead.
    seen: dict[str, list[str]] = {}

    def answering(model, tokenizer, prompts, params, **kwargs):
        seen["questions"] = list(prompts)
        assert params.stop_strings == ("\n", "Task") and not params.do_sample
        answers = [" Yes", " No", " no", " Nope", " Yes."]
        return {i: [answers[i]] for i in range(len(prompts))}

    monkeypatch.setattr(classification, "generate", answering)
    records = run_classification()
    assert seen["questions"] == [is_classification_prompt(r["instruction"]) for r in INSTRUCTIONS]
    assert [r["is_classification"] for r in records] == [True, False, False, False, True]
    assert json.loads((tmp_path / "classification.card.json").read_text())["counts"] == {
        "instructions": 5,
        "classification": 2,
        "non_classification": 3,
    }

    real_instances = instances.generate

    def spying(model, tokenizer, prompts, params, **kwargs):
        seen["instances"] = list(prompts)
        return real_instances(model, tokenizer, prompts, params, **kwargs)

    monkeypatch.setattr(instances, "generate", spying)
    out = tmp_path / "shard.jsonl"
    instances.main(
        instructions_path=str(instructions),
        classification_path=str(labels),
        settings=Instances(policy, max_new_tokens=6),
        execution=Inference("cpu", BATCH),
        shard=0,
        num_shards=1,
        resume_file=str(tmp_path / "resume" / "i.jsonl"),
        out_path=str(out),
    )
    flags = [True, False, False, False, True]
    assert seen["instances"] == [
        instance_prompt(r["instruction"], classification=f)
        for r, f in zip(INSTRUCTIONS, flags, strict=True)
    ]
    assert [r["is_classification"] for r in read_jsonl(out)] == flags
    # An instruction without an answer stops the step, naming the file.
    write_jsonl(labels, records[:4])
    with pytest.raises(ValueError, match="no answer for 1 instructions"):
        instances.main(
            instructions_path=str(instructions),
            classification_path=str(labels),
            settings=Instances(policy, max_new_tokens=6),
            execution=Inference("cpu", BATCH),
            shard=0,
            num_shards=1,
            resume_file=str(tmp_path / "resume" / "i.jsonl"),
            out_path=str(out),
        )
