"""Judged evaluations (paper 1 Fig. 4, REFINE-AF Fig. 6): preparing the two sets, every model's
answers to them, the judge's grade reading, and the label that says whose grades they are."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from instructgen import jobs, plan
from instructgen.config import validate_config
from instructgen.corpora.judged_sets import judged_items
from instructgen.corpora.judged_sets import main as prepare
from instructgen.errors import ConfigError, InputError
from instructgen.evaluation import judge as judging
from instructgen.evaluation import judged_responses
from instructgen.evaluation import shard as evaluation_shard
from instructgen.evaluation.judge import (
    CONFLICTING,
    MISSING,
    OFF_SCALE,
    Answer,
    Judgement,
    RatingScale,
    ScoreScale,
    summarize,
)
from instructgen.io import read_json, read_jsonl
from instructgen.settings import Inference, JudgedResponses, Judging, ModelSpec
from instructgen.tables.render import build_table, to_markdown
from instructgen.tables.specs import TABLES, table_spec
from tests.conftest import REPO, SHARED_DATA

# Vicuna's 80 questions by category, in the benchmark file's order (ids 1-80; coding 61-67,
# math 68-70): the real layout, with placeholder texts.
VICUNA_LAYOUT = [
    *["generic"] * 10,
    *["knowledge"] * 10,
    *["roleplay"] * 10,
    *["common-sense"] * 10,
    *["fermi"] * 10,
    *["counterfactual"] * 10,
    *["coding"] * 7,
    *["math"] * 3,
    *["writing"] * 10,
]
PAPER1_EXCLUDED = ("coding", "math")
EXECUTION = Inference("cpu", 4)


def _config(path: str) -> dict:
    return validate_config(yaml.safe_load((REPO / path).read_text()))


def _write_lines(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


# -- preparing the sets -----------------------------------------------------------------------


def test_the_vicuna_filter_keeps_70_of_the_real_layout(tmp_path):
    source = _write_lines(
        tmp_path / "question.jsonl",
        [
            {"question_id": i, "category": c, "turns": [f"Question {i}?"]}
            for i, c in enumerate(VICUNA_LAYOUT, start=1)
        ],
    )
    items = judged_items("vicuna", source, PAPER1_EXCLUDED)
    assert len(items) == 70
    assert {item["category"] for item in items}.isdisjoint(PAPER1_EXCLUDED)
    kept = [int(item["id"].removeprefix("vicuna-")) for item in items]
    assert kept == [*range(1, 61), *range(71, 81)]
    assert items[0] == {
        "id": "vicuna-1",
        "category": "generic",
        "instruction": "Question 1?",
        "input": "",
        "reference": "",
    }
    # Without the filter, all 80 (the filter is what makes 70).
    assert len(judged_items("vicuna", source, ())) == 80


def test_a_misspelt_excluded_category_is_a_config_error(tmp_path):
    source = _write_lines(
        tmp_path / "question.jsonl",
        [{"question_id": 1, "category": "coding", "turns": ["Write code."]}],
    )
    with pytest.raises(ConfigError, match="evaluation.judged.vicuna.excluded_categories"):
        judged_items("vicuna", source, ("code",))


def test_a_question_with_two_turns_names_its_line(tmp_path):
    source = _write_lines(
        tmp_path / "question.jsonl",
        [
            {"question_id": 1, "category": "generic", "turns": ["One?"]},
            {"question_id": 2, "category": "generic", "turns": ["One?", "Two?"]},
        ],
    )
    with pytest.raises(InputError, match=r"question.jsonl:2: 'turns' must hold one question"):
        judged_items("vicuna", source, ())


def test_the_shipped_sets_have_the_real_layouts():
    vicuna = REPO / "data/vicuna/question.jsonl"
    records = read_jsonl(vicuna)
    assert all(list(r) == ["question_id", "category", "turns"] for r in records)
    assert {"coding", "math"} <= {r["category"] for r in records}
    items = judged_items("vicuna", str(vicuna), PAPER1_EXCLUDED)
    assert len(items) == sum(r["category"] not in PAPER1_EXCLUDED for r in records) > 0
    shipped = REPO / "data/self_instruct/user_oriented_instructions.jsonl"
    records = read_jsonl(shipped)
    assert all(list(r) == ["id", "motivation_app", "instruction", "instances"] for r in records)
    items = judged_items("user_oriented", str(shipped))
    assert len(items) == len(records)
    assert any(not item["input"] for item in items) and all(item["reference"] for item in items)


def test_the_real_user_oriented_file_gives_252_items(shared_data):
    path = shared_data / "self-instruct" / "user_oriented_instructions.jsonl"
    if not path.exists():
        pytest.skip(f"Self-Instruct's user-oriented instructions not present at {path}")
    items = judged_items("user_oriented", str(path))
    assert len(items) == 252
    assert len({item["id"] for item in items}) == 252
    assert sum(not item["input"] for item in items) == 44  # as the file has them
    assert all(item["reference"] for item in items)


def test_the_real_vicuna_file_gives_70_items():
    path = SHARED_DATA / "vicuna" / "question.jsonl"
    if not path.exists():
        pytest.skip(f"FastChat's Vicuna questions not present at {path}")
    assert len(judged_items("vicuna", str(path), PAPER1_EXCLUDED)) == 70


def test_the_configs_exclude_code_and_math_and_prepare_both_sets(tmp_path):
    from instructgen.settings import JudgedSet

    for path in ("config.yaml", "configs/paper.yaml"):
        settings = JudgedSet.from_config(_config(path), judged_set="vicuna")
        assert settings.excluded_categories == PAPER1_EXCLUDED
    # fetch_source's folder of the source, as the rule reads it.
    fetched = tmp_path / "resources/sources/user_oriented"
    fetched.mkdir(parents=True)
    shipped = REPO / "data/self_instruct/user_oriented_instructions.jsonl"
    shutil.copy(shipped, fetched)
    out = tmp_path / "user_oriented.jsonl"
    count = prepare(
        judged_set="user_oriented", source_dir=str(fetched), excluded=(), out_path=str(out)
    )
    assert count == len(read_jsonl(shipped)) == len(read_jsonl(out))


# -- answers ----------------------------------------------------------------------------------


@pytest.fixture()
def judged_sets(tmp_path):
    """Both sets from the shipped files, as prepare_judged_set writes them (a few items each)."""
    sets = {}
    for name, source, excluded in (
        ("vicuna", "data/vicuna/question.jsonl", PAPER1_EXCLUDED),
        ("user_oriented", "data/self_instruct/user_oriented_instructions.jsonl", ()),
    ):
        items = judged_items(name, str(REPO / source), excluded)[:5]
        sets[name] = _write_lines(tmp_path / f"{name}.jsonl", items)
    return sets


def _responses(model: str, judged_set: str) -> JudgedResponses:
    return JudgedResponses(judged_set, ModelSpec(model), "alpaca", 6, 0.0, ("###",), None)


def _answer(items: str, settings: JudgedResponses, out: Path, shards: int) -> list[str]:
    paths = []
    for shard in range(shards):
        path = out / f"{shard}-of-{shards}.jsonl"
        evaluation_shard.main(
            items_path=items,
            settings=settings,
            execution=EXECUTION,
            shard=shard,
            num_shards=shards,
            out_path=str(path),
        )
        paths.append(str(path))
    return paths


def test_every_checkpoint_answers_every_item_once_and_the_judge_grades_each(
    judged_sets, toy_causal_lm, tmp_path, monkeypatch
):
    """Two checkpoints (the tiny model and a copy under another name) answer both sets in two
    shards each; the merge holds one answer per item per checkpoint, in order, the same
    answers as one shard gives; the judge (the same tiny model: its grades mean nothing) gives
    one judgement per answer."""
    monkeypatch.setattr(jobs, "UNIT", 2)  # five items in units of two: both shards work
    copy = tmp_path / "copy"
    shutil.copytree(toy_causal_lm, copy)
    models = {"first": toy_causal_lm, "second": str(copy)}
    for judged_set, items_path in judged_sets.items():
        items = read_jsonl(items_path)
        shards = []
        for name, folder in models.items():
            out = tmp_path / judged_set / name
            out.mkdir(parents=True)
            shards += _answer(items_path, _responses(folder, judged_set), out, 2)
        assert all(read_jsonl(path) for path in shards)
        merged = tmp_path / judged_set / "responses.jsonl"
        count = judged_responses.main(
            items_path=items_path,
            models=["first", "second"],
            shard_paths=shards,
            out_path=str(merged),
        )
        rows = read_jsonl(merged)
        assert count == len(rows) == 2 * len(items)
        assert [(r["model"], r["id"]) for r in rows] == [
            (m, item["id"]) for m in ("first", "second") for item in items
        ]
        assert all(isinstance(r["response"], str) for r in rows)
        # Sharding does not change an answer: one shard and two give the same texts.
        (alone,) = _answer(items_path, _responses(toy_causal_lm, judged_set), tmp_path, 1)
        assert {r["id"]: r["response"] for r in rows if r["model"] == "first"} == {
            r["id"]: r["prediction"] for r in read_jsonl(alone)
        }
        card = read_json(plan.card(str(merged)))
        assert card["items"] == len(items) and set(card["generation"]) == {"first", "second"}

        settings = Judging(judged_set, ModelSpec(toy_causal_lm), "the toy model", "{prompt}", 8)
        scores = judging.main(
            responses_path=str(merged),
            settings=settings,
            execution=EXECUTION,
            out_judgements=str(tmp_path / judged_set / "judgements.jsonl"),
            out_scores=str(tmp_path / judged_set / "scores.json"),
        )
        judgements = read_jsonl(tmp_path / judged_set / "judgements.jsonl")
        assert [(j["model"], j["id"]) for j in judgements] == [(r["model"], r["id"]) for r in rows]
        for model in ("first", "second"):
            summary = scores["models"][model]
            assert summary["items"] == len(items)
            assert summary["graded"] + sum(summary["problems"].values()) == len(items)
        assert "not the papers' ratings" in scores["note"] and "the toy model" in scores["note"]


def test_a_shard_of_a_set_that_is_missing_an_answer_is_refused(
    judged_sets, toy_causal_lm, tmp_path
):
    items_path = judged_sets["vicuna"]
    (shard,) = _answer(items_path, _responses(toy_causal_lm, "vicuna"), tmp_path, 1)
    lines = Path(shard).read_text().splitlines()
    Path(shard).write_text("\n".join(lines[1:]) + "\n")
    with pytest.raises(InputError, match="shards cover"):
        judged_responses.main(
            items_path=items_path,
            models=["first"],
            shard_paths=[shard],
            out_path=str(tmp_path / "responses.jsonl"),
        )


def test_answers_are_asked_in_the_configured_prompt_with_the_input():
    from instructgen.evaluation.common import benchmark_of
    from instructgen.templates import alpaca_prompt

    item = {"instruction": "Sort these.", "input": "b, a"}
    _, alpaca = benchmark_of(_responses("m", "user_oriented"))
    assert alpaca(item) == alpaca_prompt("Sort these.", "b, a")
    assert "### Input:\nb, a" in alpaca(item)
    bare = JudgedResponses("vicuna", ModelSpec("m"), "bare", 6, 0.0, ("###",), None)
    _, bare_prompt = benchmark_of(bare)
    assert bare_prompt(item) == "Sort these.\n\nb, a\n\n"
    assert bare_prompt({"instruction": "Name a colour.", "input": ""}) == "Name a colour.\n\n"


# -- reading the judge's grade ----------------------------------------------------------------

SCORES = [
    ("The answer is accurate and complete.\nScore: 8", 8, None),
    ("Helpful but thin.\n**Score:** 6/10", 6, None),
    ("Rating: [[9]]", 9, None),
    ("It covers the basics. Score: 7\nFinal verdict: [[7]]", 7, None),
    ("A fine answer.\nScore: 11", None, OFF_SCALE),
    ("Score: 0", None, OFF_SCALE),
    ("Score: 7.5", None, OFF_SCALE),
    ("Score: 7.0", 7, None),
    ("The answer is wrong, I would give it a three.", None, MISSING),
    ("Score: <grade>", None, MISSING),
    ("", None, MISSING),
    ("First thought Score: 3. On reflection Score: 8.", None, CONFLICTING),
]

RATINGS = [
    ("The response follows the instruction.\nRating: RATING-A", "A", None),
    ("Minor slips.\nRating: B", "B", None),
    ("Some errors.\n**RATING-C**", "C", None),
    ("rating = RATING-D.", "D", None),
    ("Not on the list.\nRating: RATING-E", None, OFF_SCALE),
    ("RATING-A: the response is valid and satisfies the instruction.", None, MISSING),
    ("Rating: RATING-<letter>", None, MISSING),
    ("Rating: excellent", None, MISSING),
    ("I would say it deserves a B.", None, MISSING),
    ("Rating: RATING-A\nOn second thought, Rating: RATING-D", None, CONFLICTING),
]


@pytest.mark.parametrize(("text", "grade", "problem"), SCORES)
def test_score_grades_are_read_only_from_a_marked_line(text, grade, problem):
    judgement = ScoreScale(1, 10).parse(text)
    assert (judgement.grade, judgement.problem) == (grade, problem)
    assert judgement.rationale == text


@pytest.mark.parametrize(("text", "grade", "problem"), RATINGS)
def test_ratings_are_read_only_from_a_marked_line(text, grade, problem):
    judgement = RatingScale().parse(text)
    assert (judgement.grade, judgement.problem) == (grade, problem)


def test_summaries_count_ungraded_answers_and_never_average_them():
    scale = ScoreScale(1, 10)
    judgements = [scale.parse(t) for t in ("Score: 8", "Score: 4", "no grade", "Score: 12")]
    summary = summarize(judgements, scale)
    assert summary["mean"] == 6.0
    assert (summary["graded"], summary["ungraded"]) == (2, 2)
    assert summary["problems"] == {MISSING: 1, OFF_SCALE: 1, CONFLICTING: 0}
    assert summary["% ungraded"] == 50.0
    ratings = summarize([Judgement("A", None, ""), Judgement(None, MISSING, "")], RatingScale())
    assert ratings["shares"] == {"A": 50.0, "B": 0.0, "C": 0.0, "D": 0.0}
    assert ratings["shares"]["A"] + ratings["% ungraded"] == 100.0
    assert "mean" not in ratings


def test_the_grading_prompts_carry_the_answer_and_the_reference_where_there_is_one():
    answer = Answer("Sort the words.", "pear, apple", "apple, pear", "apple, pear")
    rating = RatingScale().prompt(answer)
    assert "[Reference answer]\napple, pear" in rating and "Rating: RATING-<letter>" in rating
    assert all(f"RATING-{g}:" in rating for g in "ABCD")
    score = ScoreScale().prompt(Answer("Name a colour.", "", "Blue."))
    assert "[Input]" not in score and "[Answer]\nBlue." in score and "Score: <grade>" in score
    wrapped = judging.judge_prompt(ScoreScale(), answer, "[INST] {prompt} [/INST]")
    assert wrapped.startswith("[INST] You are reviewing") and wrapped.endswith(" [/INST]")


def test_a_wrapper_without_its_slot_is_refused():
    config = _config("config.yaml")
    config["evaluation"]["judged"]["judge"]["prompt_wrapper"] = "{prompt} and {prompt}"
    from instructgen.config import check_semantics

    with pytest.raises(ConfigError, match="evaluation.judged.judge.prompt_wrapper"):
        check_semantics(config, REPO)


# -- the label --------------------------------------------------------------------------------


def _scores_files(root: Path, names: list[str]) -> None:
    for judged_set, summary in (
        ("vicuna", {"mean": 6.5, "% ungraded": 10.0}),
        ("user_oriented", {"shares": {g: 22.5 for g in "ABCD"}, "% ungraded": 10.0}),
    ):
        path = root / plan.JUDGED_SCORES.format(judged_set=judged_set)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"models": {name: summary for name in names}}))


@pytest.mark.parametrize(
    ("config_path", "judge"),
    [
        ("config.yaml", "the tiny 'base' model this workflow builds"),
        (
            "configs/paper.yaml",
            "mistralai/Mistral-7B-Instruct-v0.2 at commit 63a8b081895390a26e140280378bc85ec8bce07a",
        ),
    ],
)
def test_the_table_says_who_judged_and_that_it_is_not_the_papers(config_path, judge, tmp_path):
    study = plan.Study(_config(config_path))
    names = study.evaluated()
    _scores_files(tmp_path, names)
    table = build_table(table_spec("judged_evaluations", study), tmp_path)
    markdown = to_markdown(table)
    label = f"judged by {judge}, not the paper's GPT-4 (paper 1 Fig. 4) or human"
    assert label in markdown.splitlines()[0]  # the title
    assert any(label in note for note in table.footnotes)
    assert [row["Model"] for row in table.rows] == names
    assert table.rows[0]["Vicuna mean score (1-10)"] == 6.5
    assert "| 22.50% |" in markdown
    meaningless = any("mean nothing" in note for note in table.footnotes)
    assert meaningless == (config_path == "config.yaml")


def test_only_the_judged_table_names_the_judged_choices():
    study = plan.Study(_config("configs/paper.yaml"))
    for table in TABLES:
        notes = " ".join(table_spec(table, study).footnotes)
        judged = ("`models.judge.", "`evaluation.judged.", "`corpora.vicuna_questions.")
        if table == "judged_evaluations":
            assert all(key in notes for key in judged), notes
        else:
            assert not any(key in notes for key in judged), table
