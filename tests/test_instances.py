"""REFINE-AF stage 3: its one pair per instruction (one_pair mode), Self-Instruct's pipeline
(self_instruct mode: the identification question, the output-first or input-first prompt, each
format's parsing, Self-Instruct's post-processing), sharded resumable generation, Table II/V
datasets, and which steps each mode plans."""

from __future__ import annotations

import json

import pytest

from instructgen import generation
from instructgen.generation import load_generator
from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog
from instructgen.settings import (
    Classification,
    Inference,
    InstancePostprocessing,
    Instances,
    ModelSpec,
    TrackBDatasets,
)
from instructgen.templates import (
    CLASSIFICATION_INSTANCE_PROMPT,
    INSTANCE_PROMPT,
    PROJECT_PROMPTS,
)
from instructgen.track_b import classification, datasets, instances, postprocess
from instructgen.track_b.datasets import build_records, one_pair_instances, table_v_statistics
from instructgen.track_b.instances import (
    first_pair,
    generate_shard,
    instance_job,
    instance_prompts,
    parse_class_label_instances,
    parse_instances,
)
from tests.tiny_track_b import build_models, write_project_prompts

BATCH = 2


def instance_settings(policy: str = "base", mode: str = "self_instruct", **changes) -> Instances:
    values = {
        "max_new_tokens": 6,
        "max_new_tokens_classification": 5 if mode == "self_instruct" else None,
        "presence_penalty": 0.0,
        "stop_sequences": ("Task:",),
    }
    return Instances(ModelSpec(policy), mode, **(values | changes))


def shard_of(m, tok, classification, shard=0, shards=1, resume=None, settings=None):
    """generate_shard on one shard's job (`resume`: a ResumeLog in place of the job's own)."""
    settings = settings or instance_settings()
    job = instance_job(INSTRUCTIONS, classification, PROJECT_PROMPTS, settings, shard, shards)
    job.log = resume
    return generate_shard(
        m,
        tok,
        INSTRUCTIONS,
        classification,
        PROJECT_PROMPTS,
        settings,
        Inference("cpu", BATCH),
        job,
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
        ("Example 1\nInput: x\nOutput:   \n", [("x", "")], 0),
        ("just some text without markers", [], 1),
        ("", [], 1),
        # Duplicates and empty outputs are left to the caller (one_pair, or post-processing).
        ("Output: same\nExample 1\nOutput: same", [("", "same"), ("", "same")], 0),
    ],
)
def test_parse_instances(text, instances, malformed) -> None:
    got, bad = parse_instances(text)
    assert [(i["input"], i["output"]) for i in got] == instances
    assert bad == malformed


@pytest.mark.parametrize(
    ("text", "pair", "last"),
    [
        # Two examples: the first is the instruction's pair.
        ("Example 1\nInput: a\nOutput: b\nExample 2\nInput: c\nOutput: d", ("a", "b"), False),
        # A block without "Output:" is not parseable: the next one is the first pair.
        (
            "Example 1\nSentence: hi\nExample 2\nSentence: yo\nOutput: Yo.",
            ("Sentence: yo", "Yo."),
            True,
        ),
        # An empty output is no pair either.
        ("Example 1\nInput: x\nOutput:\nExample 2\nOutput: z", ("", "z"), True),
        ("Output: 29.44 C", ("", "29.44 C"), True),
        ("Sure! Here is an answer without any marker.", None, False),
        ("Example 1\nInput: x\nOutput:", None, False),
        ("", None, False),
    ],
)
def test_first_pair(text, pair, last) -> None:
    got, is_last = first_pair(text)
    assert (None if got is None else (got["input"], got["output"])) == pair
    assert is_last is last


def test_one_pair_counts_instructions_without_a_pair() -> None:
    generations = [
        {
            "id": "a",
            "truncated": False,
            "text": "Example 1\nInput: one two\nOutput: three four five\nExample 2\nOutput: six",
        },
        {"id": "b", "truncated": False, "text": "nothing parseable here"},
        {"id": "c", "truncated": True, "text": "Output: seven eight"},
        {"id": "d", "truncated": True, "text": "Example 1\nOutput: nine\nExample 2\nInput: ten"},
        {"id": "e", "truncated": False, "text": "Example 1\nInput: x\nOutput:"},
    ]
    chosen, counts = one_pair_instances(generations)
    assert {k: [(i["input"], i["output"]) for i in v] for k, v in chosen.items()} == {
        "a": [("one two", "three four five")],
        "b": [],
        "c": [("", "seven eight")],
        "d": [("", "nine")],
        "e": [],
    }
    assert sum(c["instructions_without_pair"] for c in counts.values()) == 2
    # c's only pair ends a text cut by the token limit; d's pair was followed by another block.
    assert [k for k, c in counts.items() if c["pairs_ending_a_truncated_generation"]] == ["c"]
    instructions = [
        {"id": "a", "instruction": "Do it now"},
        {"id": "b", "instruction": "Never parsed"},
        {"id": "c", "instruction": "Do"},
    ]
    records = build_records(instructions, chosen, dict.fromkeys(chosen), "refine_af", "base", "p")
    stats = table_v_statistics(records, len(instructions), None)
    assert stats == {
        "instructions": 3,
        "instructions_with_instances": 2,
        "instances": 2,
        "empty_inputs": 1,
        "avg_instruction_length": 2.0,
        "avg_nonempty_input_length": 2.0,
        "avg_output_length": 2.5,
    }
    assert records[0]["provenance"]["instruction_id"] == "a"
    assert records[0]["provenance"]["is_classification"] is None
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


def _write_shards(tmp_path, texts, flags, truncated=()):
    rows = [
        {
            "id": r["id"],
            "index": k,
            "is_classification": flags[r["id"]] if flags else None,
            "truncated": k in truncated,
            "text": t,
        }
        for k, (r, t) in enumerate(zip(INSTRUCTIONS, texts, strict=True))
    ]
    shard0, shard1 = tmp_path / "s0.jsonl", tmp_path / "s1.jsonl"
    write_jsonl(shard0, rows[::2])
    write_jsonl(shard1, rows[1::2])
    return [str(shard0), str(shard1)], rows


def test_self_instruct_mode_datasets_subsets_and_cards(tmp_path) -> None:
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    texts = [f"Example 1\nInput: x{k}\nOutput: y{k}" for k in range(len(INSTRUCTIONS))]
    texts[1] = "Example 1\nInput: a\nOutput: b\nExample 2\nInput: c\nOutput: d\nExample 3\nInput: e"
    texts[3] = "garbage"
    # The classification task's output-first text: two (class label, input) pairs.
    texts[4] = "Class label: Odd\nNumber: 5\nClass label: Even\nNumber: 6\n\nTask: Next."
    shards, rows = _write_shards(tmp_path, texts, MIXED_CLF, truncated={1})
    processed = tmp_path / "postprocessed.jsonl"
    postprocess.main(
        instructions_path=str(instructions),
        shard_paths=shards,
        settings=InstancePostprocessing(max_instances_per_task=5, seed=5),
        out_path=str(processed),
    )
    totals = json.loads((tmp_path / "postprocessed.card.json").read_text())["counts"]
    assert totals["instances"] == 6 and totals["instructions_without_instances"] == 1
    assert totals["truncated_last"] == 1 and totals["malformed_blocks"] == 1
    outs = [str(tmp_path / "2.jsonl"), str(tmp_path / "all.jsonl")]
    settings = TrackBDatasets(
        sizes=("2", "all"), policy="base", mode="self_instruct", max_new_tokens=6, seed=5
    )
    datasets.main(
        instructions_path=str(instructions),
        instance_paths=[str(processed)],
        method="self_instruct",
        model_name="base",
        settings=settings,
        out_paths=outs,
    )
    small, full = read_jsonl(outs[0]), read_jsonl(outs[1])
    # The truncated text lost its last, cut instance ("Input: e" had no output anyway).
    assert [(r["instruction"], r["output"]) for r in small] == [
        ("Sort the list.", "y0"),
        ("Name a fruit.", "b"),
        ("Name a fruit.", "d"),
    ]
    assert len(full) == 6 and full[:3] == small
    assert set(full[0]) == {"id", "instruction", "input", "output", "provenance"}
    assert [(r["input"], r["output"]) for r in full[4:]] == [
        ("Number: 5", "Odd"),
        ("Number: 6", "Even"),
    ]
    assert (
        full[4]["provenance"]["is_classification"]
        and not full[0]["provenance"]["is_classification"]
    )
    card = json.loads((tmp_path / "all.card.json").read_text())
    assert card["statistics"]["instructions"] == 5 and card["statistics"]["instances"] == 6
    assert card["statistics"]["classification_instructions"] == 1
    assert card["statistics"]["non_classification_instructions"] == 4
    assert card["mode"] == "self_instruct" and card["seed"] == 5
    assert set(card["dropped"]) == set(postprocess.DROPS)
    assert card["dropped"]["malformed_blocks"] == 1 and card["dropped"]["truncated_last"] == 1
    small_card = json.loads((tmp_path / "2.card.json").read_text())
    assert small_card["statistics"]["classification_instructions"] == 0
    assert small_card["dropped"]["malformed_blocks"] == 0
    write_jsonl(shards[1], rows[1:2])
    with pytest.raises(ValueError, match="shards cover 4 items, expected 5"):
        postprocess.main(
            instructions_path=str(instructions),
            shard_paths=shards,
            settings=InstancePostprocessing(max_instances_per_task=5, seed=5),
            out_path=str(processed),
        )


def test_one_pair_mode_datasets_keep_one_pair_per_instruction(tmp_path) -> None:
    """REFINE-AF II-D on hand-written generations: one pair per instruction, the first
    parseable one; the card counts the instructions that have none."""
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    texts = [
        "Example 1\nList: [2, 1]\nOutput: [1, 2]\nExample 2\nList: [3, 1]\nOutput: [1, 3]",
        "Output: An apple.",
        "I cannot think of anything.",
        "Example 1\nNumber: 3\nExample 2\nNumber: 4\nOutput: 1, 2, 3, 4",
        "Example 1\nInput: 2 and 3\nOutput:",
    ]
    shards, _ = _write_shards(tmp_path, texts, None, truncated={1})
    outs = [str(tmp_path / "2.jsonl"), str(tmp_path / "all.jsonl")]
    settings = TrackBDatasets(
        sizes=("2", "all"), policy="base", mode="one_pair", max_new_tokens=6, seed=5
    )
    datasets.main(
        instructions_path=str(instructions),
        instance_paths=shards,
        method="refine_af",
        model_name="base",
        settings=settings,
        out_paths=outs,
    )
    full = read_jsonl(outs[1])
    assert [(r["instruction"], r["input"], r["output"]) for r in full] == [
        ("Sort the list.", "List: [2, 1]", "[1, 2]"),
        ("Name a fruit.", "", "An apple."),
        ("Count to three.", "Number: 4", "1, 2, 3, 4"),
    ]
    card = json.loads((tmp_path / "all.card.json").read_text())
    assert card["dropped"] == {
        "instructions_without_pair": 2,
        "pairs_ending_a_truncated_generation": 1,
    }
    assert card["statistics"]["instances"] == 3 and card["statistics"]["instructions"] == 5
    assert "classification_instructions" not in card["statistics"]
    assert json.loads((tmp_path / "2.card.json").read_text())["dropped"] == {
        "instructions_without_pair": 0,
        "pairs_ending_a_truncated_generation": 1,
    }


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
    # Filled as Self-Instruct's script fills it: the instruction stripped, nothing else changed.
    question = PROJECT_PROMPTS.classification_question("  Tell me   if the review is positive. ")
    assert question.endswith(
        "\n\nTask: Tell me   if the review is positive.\nIs it classification?"
    )
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
    clf, gen = instance_prompts(INSTRUCTIONS[:2], flags, PROJECT_PROMPTS)
    assert clf == PROJECT_PROMPTS.output_first + " Sort the list.\n"
    assert clf.startswith(CLASSIFICATION_INSTANCE_PROMPT) and clf.endswith("Task: Sort the list.\n")
    assert gen == PROJECT_PROMPTS.input_first + " Name a fruit.\n"
    assert gen.startswith(INSTANCE_PROMPT) and gen.endswith("Task: Name a fruit.\n")
    with pytest.raises(ValueError, match="no classification answer for 1 instructions"):
        instance_prompts(INSTRUCTIONS[:3], flags, PROJECT_PROMPTS)
    # The one_pair mode asks no question: every instruction gets the input-first prompt.
    assert instance_prompts(INSTRUCTIONS[:2], None, PROJECT_PROMPTS) == [
        PROJECT_PROMPTS.input_first + " Sort the list.\n",
        gen,
    ]


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
        # Empty labels and duplicates are left to Self-Instruct's post-processing.
        (
            "Class label:\nSentence: hi\nClass label: B\nSentence: yo",
            [("Sentence: hi", ""), ("Sentence: yo", "B")],
            0,
        ),
        ("Class label: A\nX: 1\nClass label: A\nX: 1", [("X: 1", "A"), ("X: 1", "A")], 0),
        ("Example 1\nInput: x\nOutput: y", [], 1),
        ("", [], 1),
    ],
)
def test_parse_output_first_generation(text, expected, malformed) -> None:
    got, bad = parse_class_label_instances(text)
    assert [(i["input"], i["output"]) for i in got] == expected
    assert bad == malformed


def test_each_text_is_parsed_with_its_prompts_format() -> None:
    text = "Class label: Odd\nNumber: 3\nClass label: Even\nNumber: 4"
    generations = [
        {"id": "clf", "is_classification": True, "truncated": False, "text": text},
        {"id": "gen", "is_classification": False, "truncated": False, "text": text},
    ]
    clf, gen = postprocess.process_texts(generations, InstancePostprocessing(5, seed=1))
    # The label is the output and the input follows it; the same text read as an input-first
    # continuation has no "Output:", so no instance.
    assert [(i["input"], i["output"]) for i in clf["instances"]] == [
        ("Number: 3", "Odd"),
        ("Number: 4", "Even"),
    ]
    assert gen["instances"] == [] and gen["dropped"]["malformed_blocks"] == 1
    assert clf["is_classification"] is True and gen["is_classification"] is False


# -- Self-Instruct's post-processing (prepare_for_finetuning), rule by rule, on hand-written
# instances --------------------------------------------------------------------------------


def pairs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"input": i, "output": o} for i, o in items]


def kept_and_drops(blocks, truncated=False, max_instances=5, seed=0):
    kept, dropped = postprocess.postprocess(blocks, truncated, max_instances, seed)
    return [(i["input"], i["output"]) for i in kept], {k: v for k, v in dropped.items() if v}


def test_a_truncated_generation_loses_its_last_block() -> None:
    blocks = pairs(("a", "1"), ("b", "2"), ("c", "3 and then the limit cut"))
    assert kept_and_drops(blocks, truncated=True) == (
        [("a", "1"), ("b", "2")],
        {"truncated_last": 1},
    )
    assert kept_and_drops(blocks, truncated=False)[0] == [
        ("a", "1"),
        ("b", "2"),
        ("c", "3 and then the limit cut"),
    ]
    # A cut block the parser could not read is the one that goes, not the instance before it.
    assert kept_and_drops([*pairs(("a", "1")), None], truncated=True) == (
        [("a", "1")],
        {"truncated_last": 1},
    )
    assert kept_and_drops([*pairs(("a", "1")), None]) == ([("a", "1")], {"malformed_blocks": 1})


@pytest.mark.parametrize(
    ("instance", "reason"),
    [
        (("same", "same"), "input_equals_output"),
        (("", ""), "input_equals_output"),  # Self-Instruct checks equality first
        (("an input", ""), "empty_output"),
        (("Sentence:", "Positive"), "ends_with_colon"),
        (("A sentence.", "The answer is:"), "ends_with_colon"),
        (("A sentence.", "The answer is:  "), "ends_with_colon"),
        (("A: sentence.", "B: answer."), None),
        (("", "Output without input"), None),
    ],
)
def test_invalid_instances(instance, reason) -> None:
    assert postprocess.invalid_reason({"input": instance[0], "output": instance[1]}) == reason
    kept, drops = kept_and_drops(pairs(instance, ("x", "y")))
    assert kept == ([("x", "y")] if reason else [instance, ("x", "y")])
    assert drops == ({reason: 1} if reason else {})


def test_one_input_with_two_outputs_drops_the_whole_task() -> None:
    blocks = pairs(("2 + 2", "4"), ("3 + 3", "6"), ("2 + 2", "5"))
    assert kept_and_drops(blocks) == ([], {"conflicting_outputs": 3})
    # Empty inputs may have different outputs (tasks without input).
    blocks = pairs(("", "A poem."), ("", "Another poem."), ("2 + 2", "4"), ("2 + 2", "4"))
    assert kept_and_drops(blocks) == (
        [("", "A poem."), ("", "Another poem."), ("2 + 2", "4")],
        {"duplicates": 1},
    )
    # Invalid instances go first and cannot cause a conflict.
    assert kept_and_drops(pairs(("2 + 2", "4"), ("2 + 2", "")))[0] == [("2 + 2", "4")]


def test_at_most_five_instances_drawn_by_a_seeded_sample_in_their_order() -> None:
    blocks = pairs(*((f"in {k}", f"out {k}") for k in range(8)))
    kept, drops = kept_and_drops(blocks, seed=11)
    assert len(kept) == 5 and drops == {"over_limit": 3}
    assert kept == sorted(kept, key=lambda pair: int(pair[0].split()[1]))  # generated order
    assert kept_and_drops(blocks, seed=11)[0] == kept  # the same draw for the same seed
    others = {tuple(kept_and_drops(blocks, seed=s)[0]) for s in range(12)}
    assert len(others) > 1  # the draw depends on the seed
    assert kept_and_drops(blocks, max_instances=8) == (
        [(i["input"], i["output"]) for i in blocks],
        {},
    )
    # The seed is the instruction's own: a record's draw does not depend on its neighbours.
    many = "\n".join(f"Example {k}\nInput: in {k}\nOutput: out {k}" for k in range(1, 9))
    records = [
        {"id": name, "is_classification": False, "truncated": False, "text": many}
        for name in ("x", "y")
    ]
    alone = postprocess.process_texts(records[1:], InstancePostprocessing(5, seed=3))
    together = postprocess.process_texts(records, InstancePostprocessing(5, seed=3))
    assert together[1] == alone[0]


def test_rules_apply_in_self_instructs_order() -> None:
    # Truncation first, then invalid ones, then the conflict check (the cut "2 + 2" -> "5" and
    # the colon-ended one would otherwise have conflicted), then duplicates, then the limit.
    blocks = pairs(
        ("2 + 2", "4"),
        ("2 + 2", "4"),
        ("2 + 2", "The answer is:"),
        ("1 + 1", "2"),
        ("3 + 3", "6"),
        ("4 + 4", "8"),
        ("5 + 5", "10"),
        ("6 + 6", "12"),
        ("2 + 2", "5"),
    )
    kept, drops = kept_and_drops(blocks, truncated=True, max_instances=5)
    assert drops == {
        "truncated_last": 1,
        "ends_with_colon": 1,
        "duplicates": 1,
        "over_limit": 1,
    }
    assert len(kept) == 5 and set(kept) <= {
        ("2 + 2", "4"),
        ("1 + 1", "2"),
        ("3 + 3", "6"),
        ("4 + 4", "8"),
        ("5 + 5", "10"),
        ("6 + 6", "12"),
    }


def test_classification_then_instances_with_a_tiny_model(tiny, tmp_path, monkeypatch) -> None:
    """The identification step asks its question of the policy and records the answers (and
    resumes); the instance step then gives each instruction the prompt its answer picks."""
    policy = ModelSpec(tiny["base"])
    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(instructions, INSTRUCTIONS)
    labels, resume = tmp_path / "classification.jsonl", tmp_path / "resume" / "c.jsonl"
    prompts = write_project_prompts(tmp_path)

    def run_classification() -> list[dict]:
        classification.main(
            instructions_path=str(instructions),
            prompts_path=prompts,
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

    real_generate = generation.generate  # both steps decode through it: restored below
    monkeypatch.setattr(generation, "generate", answering)
    records = run_classification()
    assert seen["questions"] == [
        PROJECT_PROMPTS.classification_question(r["instruction"]) for r in INSTRUCTIONS
    ]
    assert [r["is_classification"] for r in records] == [True, False, False, False, True]
    assert json.loads((tmp_path / "classification.card.json").read_text())["counts"] == {
        "instructions": 5,
        "classification": 2,
        "non_classification": 3,
    }

    def spying(model, tokenizer, prompts, params, **kwargs):
        seen["instances"] = list(prompts)
        limit = params.max_new_tokens
        seen[limit] = sorted(i for unit in kwargs["units"] for i in unit)
        assert params.stop_strings == ("Task:",) and params.presence_penalty == 1.5
        return real_generate(model, tokenizer, prompts, params, **kwargs)

    monkeypatch.setattr(generation, "generate", spying)
    out = tmp_path / "shard.jsonl"
    settings = instance_settings(tiny["base"], presence_penalty=1.5)
    instances.main(
        instructions_path=str(instructions),
        prompts_path=prompts,
        classification_path=str(labels),
        settings=settings,
        execution=Inference("cpu", BATCH),
        shard=0,
        num_shards=1,
        resume_file=str(tmp_path / "resume" / "i.jsonl"),
        out_path=str(out),
    )
    flags = [True, False, False, False, True]
    assert seen["instances"] == [
        PROJECT_PROMPTS.instance(r["instruction"], classification=f)
        for r, f in zip(INSTRUCTIONS, flags, strict=True)
    ]
    written = read_jsonl(out)
    assert [r["is_classification"] for r in written] == flags
    # Classification tasks ran with their own token limit (Self-Instruct's 300 of 350).
    assert seen[5] == [0, 4] and seen[6] == [1, 2, 3]
    assert all(isinstance(r["truncated"], bool) for r in written)
    card = json.loads((tmp_path / "shard.card.json").read_text())
    assert card["counts"]["truncated"] == sum(r["truncated"] for r in written)
    # An instruction without an answer stops the step, naming the file.
    write_jsonl(labels, records[:4])
    with pytest.raises(ValueError, match="no answer for 1 instructions"):
        instances.main(
            instructions_path=str(instructions),
            prompts_path=prompts,
            classification_path=str(labels),
            settings=settings,
            execution=Inference("cpu", BATCH),
            shard=0,
            num_shards=1,
            resume_file=str(tmp_path / "resume" / "i.jsonl"),
            out_path=str(out),
        )
