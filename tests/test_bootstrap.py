"""REFINE-AF stage 1: prompt rendering, reading every task of a continuation, the filters in
Self-Instruct's order, statistics, and resume-after-interrupt."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from instructgen.generation import load_generator
from instructgen.io import write_jsonl
from instructgen.settings import Bootstrap, Inference, ModelSpec
from instructgen.templates import BOOTSTRAP_HEADER
from instructgen.track_b.bootstrap import (
    COUNTS,
    REJECTIONS,
    InstructionFilter,
    TaskParser,
    blacklist_pattern,
    bootstrap,
    main,
    round_prompts,
    screen,
    seed_instructions,
    split_tasks,
)
from tests.tiny_track_b import SEEDS, build_models, write_seeds

REAL_SEEDS = Path("/work/shared/data/self-instruct/seed_tasks.jsonl")
SHIPPED_SEEDS = Path("data/self_instruct/seed_tasks.jsonl")
SETTINGS = Bootstrap(
    model=ModelSpec("tiny"),
    num_instructions=6,
    num_human_examples=6,
    num_machine_examples=2,
    fill_with_seeds=True,
    prompts_per_round=2,
    max_new_tokens=12,
    temperature=1.0,
    top_p=1.0,
    presence_penalty=0.0,
    rouge_threshold=0.7,
    min_words=1,
    max_words=150,
    max_rounds=30,
    blacklist=("image", "graph", "go to"),
    stop_sequences=("\n\n",),
    max_tasks_per_generation=7,
    join_lines=True,
    # The random tiny model fills all 12 tokens of every continuation with one "task".
    on_truncation="keep",
    banned_prefixes=("Write a program",),
    reject_punctuation_start=True,
    reject_non_ascii_start=True,
    seed=7,
)
# Self-Instruct's rules at a scale a short hand-written continuation can show each one at
# (16 words at most, a shorter blacklist, room for 20 tasks), with Alpaca's drop_last.
RULES = replace(
    SETTINGS,
    min_words=4,
    max_words=16,
    blacklist=("image", "images", "map", "draw", "go to"),
    max_tasks_per_generation=20,
    on_truncation="drop_last",
)


def at_limit(text: str) -> int:
    """A token count that says every continuation used all its tokens (cut unless stopped)."""
    return 10**6


def never_at_limit(text: str) -> int:
    return 0


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_models(tmp_path_factory.mktemp("tiny"))


def _examples(prompt: str) -> list[str]:
    body = prompt[len(BOOTSTRAP_HEADER) :]
    lines = body.split("\n")
    assert lines[-1] == f"Task {len(lines)}:"
    for number, line in enumerate(lines[:-1], start=1):
        assert line.startswith(f"Task {number}: ")
    return [line.split(": ", 1)[1] for line in lines[:-1]]


@pytest.mark.skipif(not REAL_SEEDS.exists(), reason="the real Self-Instruct seeds are not here")
def test_ix_c_prompt_with_the_real_175_seeds() -> None:
    seeds = seed_instructions(str(REAL_SEEDS))
    assert len(seeds) == 175
    machine = ["Name a fruit that is yellow.", "Count the vowels in the word.", "Define a noun."]
    settings = replace(SETTINGS, prompts_per_round=4, seed=1)
    prompts = round_prompts(0, seeds, machine, settings)
    assert len(prompts) == 4
    for prompt in prompts:
        assert prompt.startswith(BOOTSTRAP_HEADER)
        examples = _examples(prompt)
        assert len(examples) == 8
        assert sum(e in machine for e in examples) == 2
        assert sum(e in seeds for e in examples) == 6
    # Without machine instructions yet, seeds fill their slots (Self-Instruct's first round).
    first = round_prompts(0, seeds, [], settings)[0]
    assert first.endswith("Task 9:") and all(e in seeds for e in _examples(first))
    # Same seed and round -> same prompts; another round -> other examples.
    assert round_prompts(3, seeds, machine, settings) == round_prompts(3, seeds, machine, settings)
    assert round_prompts(3, seeds, machine, settings) != round_prompts(4, seeds, machine, settings)


@pytest.mark.parametrize(
    ("machine", "fill", "counts"),
    [
        (0, True, (8, 0)),  # Self-Instruct's first round: 8 seeds
        (1, True, (7, 1)),
        (2, True, (6, 2)),
        (5, True, (6, 2)),  # REFINE-AF II-B's 6 + 2 once 2 machine instructions exist
        (0, False, (6, 0)),  # without filling, the first prompts are shorter
        (1, False, (6, 1)),
    ],
)
def test_seeds_fill_the_machine_slots_until_there_are_machine_instructions(
    machine, fill, counts
) -> None:
    seeds = [f"Seed instruction number {k} about topic {k}." for k in range(20)]
    made = [f"Machine instruction number {k} about something." for k in range(machine)]
    settings = replace(SETTINGS, prompts_per_round=3, fill_with_seeds=fill)
    for prompt in round_prompts(0, seeds, made, settings):
        examples = _examples(prompt)
        assert (sum(e in seeds for e in examples), sum(e in made for e in examples)) == counts
        assert len(set(examples)) == len(examples)
        assert prompt.endswith(f"Task {sum(counts) + 1}:")


def test_shipped_seeds_load() -> None:
    seeds = seed_instructions(str(SHIPPED_SEEDS))
    assert len(seeds) >= 8 and all(s == " ".join(s.split()) for s in seeds)


@pytest.mark.parametrize(
    ("continuation", "expected", "stopped"),
    [
        (" Name three birds.\nTask 10: Sing a song.", ["Name three birds.", "Sing a song."], False),
        # A label mid-line starts the next task too.
        (" Name three birds. Task 10: Sing.", ["Name three birds.", "Sing."], False),
        (
            " Name birds.\ntask 10 : Sing.\nTASK 11. Dance.",
            ["Name birds.", "Sing.", "Dance."],
            False,
        ),
        # A task's further lines join it (Self-Instruct splits only at the next number).
        ("  Rewrite the   text\nformally.", ["Rewrite the text formally."], False),
        # A blank line stops the continuation.
        ("\nWhat is two plus two?\n\nTask 10: Ignored.", ["What is two plus two?"], True),
        ("\n\nWhat is two plus two?", [""], True),
        # A label straight away leaves Task 9 empty; a label at the end leaves an empty task.
        (" task 12: nothing of ours", ["", "nothing of ours"], False),
        (" One.\nTask 10:", ["One.", ""], False),
        ("", [""], False),
        # The task cap (3 here): a fourth label means the model went on, so it stopped.
        (" A.\nTask 10: B.\nTask 11: C.\nTask 12: D.", ["A.", "B.", "C."], True),
        (" A.\nTask 10: B.\nTask 11: C.", ["A.", "B.", "C."], False),
    ],
)
def test_split_tasks(continuation: str, expected: list[str], stopped: bool) -> None:
    assert split_tasks(continuation, ["\n\n"], max_tasks=3) == (expected, stopped)


def test_split_tasks_first_line_only() -> None:
    text = " Rewrite the text\nformally.\nTask 10: Sing a\nsong."
    assert split_tasks(text, join_lines=False) == (["Rewrite the text", "Sing a"], False)


def test_blacklist_is_whole_word_and_case_insensitive() -> None:
    pattern = blacklist_pattern(["image", "go to", "map"])
    assert pattern.search("Describe the Image below.")
    assert pattern.search("Tell me when to go   to bed.")
    assert pattern.search("Draw a map.")
    assert not pattern.search("Imagine a world without cars.")
    assert not pattern.search("Explain how a bitmap is stored.")
    assert not pattern.search("Where do you go today?")
    assert blacklist_pattern([]) is None


def test_filter_reasons() -> None:
    checker = InstructionFilter(SEEDS, replace(SETTINGS, min_words=3, max_words=8))
    assert checker.reason("") == "empty"
    assert checker.reason("Be brief.") == "too_short"
    assert checker.reason("one two three four five six seven eight nine") == "too_long"
    assert checker.reason("Describe the image in detail.") == "blacklisted"
    assert checker.reason("Write a program that adds numbers.") == "banned_prefix"
    assert checker.reason("WRITE A   PROGRAM that adds numbers.") == "banned_prefix"
    assert checker.reason('"Hello" means what in Spanish?') == "punctuation_start"
    assert checker.reason("¿Cuál es la capital de Perú?") == "non_ascii_start"
    assert checker.reason("Write a short poem about the sea.") == "not_novel"
    assert checker.reason("Name the capital of Peru.") is None
    # A kept instruction joins the pool, so its repeat is no longer novel.
    assert checker.reason("Name the capital of Peru.") == "not_novel"
    # The first rule broken names the rejection: the blacklist comes before the prefix.
    assert checker.reason("Write a program to draw an image.") == "blacklisted"
    # Each start rule can be switched off, and the prefix list emptied.
    lenient = InstructionFilter(
        SEEDS,
        replace(
            SETTINGS,
            banned_prefixes=(),
            reject_punctuation_start=False,
            reject_non_ascii_start=False,
        ),
    )
    assert lenient.reason("Write a program that adds numbers.") is None
    assert lenient.reason('"Hello" means what in Spanish?') is None
    assert lenient.reason("¿Cuál es la capital de Perú?") is None


def test_min_words_means_more_than_three_with_self_instruct_values() -> None:
    checker = InstructionFilter(SEEDS, RULES)
    assert checker.reason("Name three rivers.") == "too_short"  # 3 words: Self-Instruct drops
    assert checker.reason("Name three long rivers.") is None  # 4 words: kept
    assert checker.text_reason(" ".join(["word"] * 16)) is None
    assert checker.text_reason(" ".join(["word"] * 17)) == "too_long"


# Written by hand as the model's continuation of a prompt that ends at "Task 9:": every task
# after it is a candidate, one per rejection kind, in the order the rules apply, and kept ones.
HAND_WRITTEN = (
    " Name the largest planet in the solar system.\n"  # 0 kept
    "Task 10: Be brief please.\n"  # 1 too_short (3 words)
    "Task 11: Describe the image below in two sentences.\n"  # 2 blacklisted
    "Task 12: Write a program that prints the prime numbers below 100.\n"  # 3 banned_prefix
    "Task 13: write a Program to sort a list of words.\n"  # 4 banned_prefix, any case
    'Task 14: "Carpe diem" means what in English?\n'  # 5 punctuation_start
    "Task 15: ¿Cuál es la capital de Perú?\n"  # 6 non_ascii_start
    "Task 16: Write a short poem about the sea.\n"  # 7 not_novel: a seed
    "Task 17:\n"  # 8 empty
    "Task 18: List every country in Europe together with its capital city, its official"
    " language, its currency and its population.\n"  # 9 too_long (21 words)
    "Task 19: Name the largest planet in the solar system!\n"  # 10 not_novel: task 9 above
    "Task 20: Suggest three names for a pet goldfish. "  # 11 kept
    "Task 21: Convert ten miles to kilometres and\nshow your working.\n"  # 12 kept, lines joined
    "Task 22: Write a program to draw a map of the town.\n"  # 13 blacklisted before prefix
    "Task 23: Explain why the"  # 14 cut by the token limit: dropped (drop_last)
)
HAND_KEPT = [
    (0, "Name the largest planet in the solar system."),
    (11, "Suggest three names for a pet goldfish."),
    (12, "Convert ten miles to kilometres and show your working."),
]
HAND_COUNTS = {
    "candidates": 15,
    "kept": 3,
    "truncated": 1,
    "empty": 1,
    "too_short": 1,
    "too_long": 1,
    "blacklisted": 2,
    "banned_prefix": 2,
    "punctuation_start": 1,
    "non_ascii_start": 1,
    "not_novel": 2,
}


def _screen(text: str, rules: Bootstrap, count_tokens=at_limit, room: int = 100):
    kept, counts = screen(
        text, TaskParser(rules, count_tokens), InstructionFilter(SEEDS, rules), room
    )
    return kept, {k: v for k, v in counts.items() if v}


def test_every_task_of_a_hand_written_continuation_is_read_and_filtered() -> None:
    kept, counts = _screen(HAND_WRITTEN, RULES)
    assert kept == HAND_KEPT
    assert counts == HAND_COUNTS
    assert counts["candidates"] == counts["kept"] + sum(counts.get(r, 0) for r in REJECTIONS)


def test_truncation_rules_on_the_hand_written_continuation() -> None:
    # Ended by itself (fewer tokens than the limit): the last task is read too.
    kept, counts = _screen(HAND_WRITTEN, RULES, never_at_limit)
    assert kept == HAND_KEPT and "truncated" not in counts and counts["too_short"] == 2
    # Self-Instruct: a continuation cut by the limit is dropped whole.
    kept, counts = _screen(HAND_WRITTEN, replace(RULES, on_truncation="discard_generation"))
    assert kept == [] and counts == {"candidates": 15, "truncated": 15}
    # "keep" reads the cut task as any other.
    kept, counts = _screen(HAND_WRITTEN, replace(RULES, on_truncation="keep"))
    assert counts["too_short"] == 2 and "truncated" not in counts
    # A blank line stopped it: not cut, whatever the token count, and nothing after it is read.
    stopped = HAND_WRITTEN.replace("Task 20:", "\nTask 20:")
    kept, counts = _screen(stopped, replace(RULES, on_truncation="discard_generation"))
    assert kept == HAND_KEPT[:1] and counts["candidates"] == 11
    # So did the task cap: 12 tasks read, the 13th label means the model went on.
    kept, counts = _screen(HAND_WRITTEN, replace(RULES, max_tasks_per_generation=12))
    assert kept == HAND_KEPT[:2] and counts["candidates"] == 12 and "truncated" not in counts


def test_first_line_only_on_the_hand_written_continuation() -> None:
    first_lines = replace(RULES, join_lines=False)
    kept, counts = _screen(HAND_WRITTEN, first_lines)
    assert kept[-1] == (12, "Convert ten miles to kilometres and")
    assert counts["truncated"] == 1
    # The cut came after the last task's first line ended: that line is whole, and read.
    kept, counts = _screen(HAND_WRITTEN + " of it.\nOutput: the sky scatters", first_lines)
    assert "truncated" not in counts and counts["candidates"] == 15
    assert kept[-1] == (14, "Explain why the of it.")
    # Joined lines run to the cut, so there the last task is dropped.
    _, counts = _screen(HAND_WRITTEN + " of it.\nOutput: the sky scatters", RULES)
    assert counts["truncated"] == 1


def test_target_reached_mid_continuation_leaves_the_rest_unfiltered() -> None:
    kept, counts = _screen(HAND_WRITTEN, RULES, room=2)
    assert kept == HAND_KEPT[:2]
    # Tasks 12 to 13 (indices 12, 13) are past the target; the cut task 14 was dropped first.
    assert counts["past_target"] == 2 and counts["truncated"] == 1
    kept, counts = _screen(HAND_WRITTEN, RULES, room=0)
    assert kept == [] and counts == {"candidates": 15, "past_target": 15}


def _run(tiny, resume_dir: Path, out: Path, on_round=None) -> dict:
    settings = replace(SETTINGS, model=ModelSpec(tiny["base"]))
    model, tokenizer = load_generator(settings.model, "cpu")
    kept, stats = bootstrap(model, tokenizer, SEEDS, settings, resume_dir, on_round=on_round)
    write_jsonl(out, kept)
    return stats


def _word(key: str) -> str:
    """A made-up word of its own for each prompt, so each prompt's tasks are novel."""
    return "".join(chr(97 + b % 26) for b in hashlib.sha256(key.encode()).digest()[:8])


def test_round_loop_keeps_several_tasks_per_call_and_stops_at_the_target(monkeypatch, tmp_path):
    def fake_generate(model, tokenizer, prompts, params, *, keys, **kwargs):
        assert params.stop_strings == ("\n\n",)
        return {
            i: [
                f" Define {_word(key + 'a')} {_word(key + 'b')} {_word(key + 'c')}.\n"
                "Task 10: Be brief please.\n"
                f"Task 11: Compare {_word(key + 'd')} {_word(key + 'e')} with {_word(key)}.\n"
                "Task 12: Explain"
            ]
            for i, key in enumerate(keys)
        }

    def every_text_at_the_limit(text, add_special_tokens):
        return {"input_ids": range(10**6)}

    monkeypatch.setattr("instructgen.track_b.bootstrap.generate", fake_generate)
    settings = replace(RULES, num_instructions=7, prompts_per_round=4)
    kept, stats = bootstrap(None, every_text_at_the_limit, SEEDS, settings, tmp_path)
    # Two kept per call; the target is reached at the 4th call's first task, whose other two
    # tasks are left unfiltered. Each call's cut last task ("Explain") is dropped.
    assert [(r["round"], r["prompt_index"], r["task_index"]) for r in kept] == [
        (0, 0, 0), (0, 0, 2), (0, 1, 0), (0, 1, 2), (0, 2, 0), (0, 2, 2), (0, 3, 0)
    ]  # fmt: skip
    assert stats == {
        "rounds": 1,
        "generation_calls": 4,
        "candidates": 16,
        "kept": 7,
        **dict.fromkeys(REJECTIONS, 0),
        "truncated": 4,
        "too_short": 3,
        "past_target": 2,
        "kept_per_call": 1.75,
        "calls_per_kept": 0.5714,
    }


def test_statistics_account_for_every_call_and_candidate(tiny, tmp_path) -> None:
    stats = _run(tiny, tmp_path / "r", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == stats["kept"] == SETTINGS.num_instructions
    assert stats["generation_calls"] == stats["rounds"] * SETTINGS.prompts_per_round
    assert stats["candidates"] == (
        stats["kept"] + sum(stats[r] for r in REJECTIONS) + stats["past_target"]
    )
    assert stats["kept_per_call"] == round(stats["kept"] / stats["generation_calls"], 4)
    assert set(stats) == {"rounds", *COUNTS, "kept_per_call", "calls_per_kept"}
    assert [r["id"] for r in records] == [f"instr-{i:06d}" for i in range(len(records))]
    assert all(r["task_index"] >= 0 for r in records)
    # Records keep (round, prompt, task) order.
    order = [(r["round"], r["prompt_index"], r["task_index"]) for r in records]
    assert order == sorted(order)


def test_resume_after_interrupt_is_byte_identical(tiny, tmp_path) -> None:
    _run(tiny, tmp_path / "a", tmp_path / "a.jsonl")

    class Killed(Exception):
        pass

    def die(round_index, kept):
        if round_index == 1:
            raise Killed

    with pytest.raises(Killed):
        _run(tiny, tmp_path / "b", tmp_path / "b.jsonl", on_round=die)
    rounds = []
    _run(tiny, tmp_path / "b", tmp_path / "b.jsonl", on_round=lambda r, k: rounds.append(r))
    assert rounds and rounds[0] == 2  # resumed after the checkpointed round 1
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert len((tmp_path / "a.jsonl").read_text().splitlines()) == SETTINGS.num_instructions


def test_too_few_instructions_fail_clearly(tiny, tmp_path) -> None:
    seeds = write_seeds(tmp_path / "seeds.jsonl")
    settings = replace(
        SETTINGS, model=ModelSpec(tiny["base"]), num_instructions=500, max_rounds=1, seed=1
    )
    with pytest.raises(RuntimeError, match="max_rounds"):
        main(
            seeds_path=str(seeds),
            model_name="base",
            settings=settings,
            execution=Inference("cpu", 2),
            resume_dir=str(tmp_path / "resume"),
            out_path=str(tmp_path / "out.jsonl"),
            card_path=str(tmp_path / "out.card.json"),
        )
    assert not (tmp_path / "out.jsonl").exists()
