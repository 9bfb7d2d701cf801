"""REFINE-AF stage 1: prompt rendering, parsing, filters and resume-after-interrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from instructgen.generation import load_generator
from instructgen.io import write_jsonl
from instructgen.templates import BOOTSTRAP_HEADER
from instructgen.track_b.bootstrap import (
    InstructionFilter,
    blacklist_pattern,
    bootstrap,
    main,
    parse_instruction,
    round_prompts,
    seed_instructions,
)
from tests.tiny_track_b import SEEDS, build_models, write_seeds

REAL_SEEDS = Path("/work/shared/data/self-instruct/seed_tasks.jsonl")
SHIPPED_SEEDS = Path("data/self_instruct/seed_tasks.jsonl")
SETTINGS = {
    "num_instructions": 6,
    "num_human_examples": 6,
    "num_machine_examples": 2,
    "batch_size": 2,
    "max_new_tokens": 12,
    "temperature": 1.0,
    "top_p": 1.0,
    "rouge_threshold": 0.7,
    "min_words": 1,
    "max_words": 150,
    "max_rounds": 30,
    "blacklist": ["image", "graph", "go to"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_models(tmp_path_factory.mktemp("tiny"))


def _examples(prompt: str) -> list[str]:
    body = prompt[len(BOOTSTRAP_HEADER) :]
    lines = body.split("\n")
    assert lines[-1] == "Task 9:"
    for number, line in enumerate(lines[:-1], start=1):
        assert line.startswith(f"Task {number}: ")
    return [line.split(": ", 1)[1] for line in lines[:-1]]


@pytest.mark.skipif(not REAL_SEEDS.exists(), reason="the real Self-Instruct seeds are not here")
def test_ix_c_prompt_with_the_real_175_seeds() -> None:
    seeds = seed_instructions(str(REAL_SEEDS))
    assert len(seeds) == 175
    machine = ["Name a fruit that is yellow.", "Count the vowels in the word.", "Define a noun."]
    prompts = round_prompts(0, seeds, machine, SETTINGS | {"batch_size": 4}, seed=1)
    assert len(prompts) == 4
    for prompt in prompts:
        assert prompt.startswith(BOOTSTRAP_HEADER)
        examples = _examples(prompt)
        assert len(examples) == 8
        assert sum(e in machine for e in examples) == 2
        assert sum(e in seeds for e in examples) == 6
    # Without machine instructions yet, only the 6 human ones (the prompt then ends at Task 7).
    first = round_prompts(0, seeds, [], SETTINGS, seed=1)[0]
    assert first.endswith("Task 7:") and first.count("\nTask ") == 7
    # Same seed and round -> same prompts; another round -> other examples.
    assert round_prompts(3, seeds, machine, SETTINGS, 1) == round_prompts(
        3, seeds, machine, SETTINGS, 1
    )
    assert round_prompts(3, seeds, machine, SETTINGS, 1) != round_prompts(
        4, seeds, machine, SETTINGS, 1
    )


def test_shipped_seeds_load() -> None:
    seeds = seed_instructions(str(SHIPPED_SEEDS))
    assert len(seeds) >= 8 and all(s == " ".join(s.split()) for s in seeds)


@pytest.mark.parametrize(
    ("continuation", "expected"),
    [
        (" Name three birds.\nTask 10: Sing.", "Name three birds."),
        (" Name three birds. Task 10: Sing.", "Name three birds."),
        ("  Rewrite the   text\nformally.", "Rewrite the text"),
        ("\n\nWhat is two plus two?\n", "What is two plus two?"),
        (" task 12: nothing of ours", ""),
        ("", ""),
    ],
)
def test_parse_instruction(continuation: str, expected: str) -> None:
    assert parse_instruction(continuation) == expected


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
    checker = InstructionFilter(SEEDS, SETTINGS | {"min_words": 3, "max_words": 8})
    assert checker.reason("") == "empty"
    assert checker.reason("Be brief.") == "too_short"
    assert checker.reason("one two three four five six seven eight nine") == "too_long"
    assert checker.reason("Describe the image in detail.") == "blacklisted"
    assert checker.reason("Write a short poem about the sea.") == "not_novel"
    assert checker.reason("Name the capital of Peru.") is None
    # A kept instruction joins the pool, so its repeat is no longer novel.
    assert checker.reason("Name the capital of Peru.") == "not_novel"


def _run(tiny, resume_dir: Path, out: Path, on_round=None) -> None:
    model, tokenizer = load_generator({"source": tiny["base"]}, "cpu")
    kept, _ = bootstrap(model, tokenizer, SEEDS, SETTINGS, 7, resume_dir, on_round=on_round)
    write_jsonl(out, kept)


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
    assert len((tmp_path / "a.jsonl").read_text().splitlines()) == SETTINGS["num_instructions"]


def test_too_few_instructions_fail_clearly(tiny, tmp_path) -> None:
    seeds = write_seeds(tmp_path / "seeds.jsonl")
    settings = SETTINGS | {"num_instructions": 500, "max_rounds": 1}
    with pytest.raises(RuntimeError, match="max_rounds"):
        main(
            seeds_path=str(seeds),
            model_name="base",
            model_spec={"source": tiny["base"]},
            settings=settings,
            device="cpu",
            seed=1,
            resume_dir=str(tmp_path / "resume"),
            out_path=str(tmp_path / "out.jsonl"),
            card_path=str(tmp_path / "out.card.json"),
        )
    assert not (tmp_path / "out.jsonl").exists()
