"""Super-NI metrics against hand-computed values and the real task files' gold outputs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from instructgen.metrics import (
    category_key,
    group_scores,
    normalize_answer,
    percent_tasks_better,
    superni_metrics,
    tasks_better_counts,
)

SUPERNI_SAMPLE = Path("/work/shared/data/superni-sample")


def score_one(prediction: str, references: list[str]) -> dict[str, float]:
    """Metrics of a single instance in task ``task1_x`` / category ``Cat``."""
    return superni_metrics([prediction], [references], ["task1_x"], ["Cat"])


def test_normalisation_lowercases_strips_ascii_punctuation_and_keeps_articles() -> None:
    assert normalize_answer("  The  Answer, is: 'A'!\n") == "the answer is a"
    # Only string.punctuation is removed, as in the official scorer: a curly apostrophe stays.
    assert normalize_answer("Don’t") == "don’t"


@pytest.mark.parametrize(
    ("prediction", "reference", "expected"),
    [
        ("Hello, World!", "hello world", 100.0),
        ("new   york\n", "New York", 100.0),
        ("Yes.", "yes", 100.0),
        # Articles are kept, unlike SQuAD's normalisation.
        ("the answer", "answer", 0.0),
        # Unicode punctuation is not stripped.
        ("don’t", "dont", 0.0),
        ("", "yes", 0.0),
        # An empty prediction matches a punctuation-only reference: both normalise to "".
        ("", ".", 100.0),
    ],
)
def test_exact_match_cases(prediction: str, reference: str, expected: float) -> None:
    assert score_one(prediction, [reference])["exact_match"] == expected


def test_rouge_l_of_partial_overlap() -> None:
    # [the, answer] vs [answer]: LCS 1, P 1/2, R 1 -> F 2/3.
    assert score_one("the answer", ["answer"])["rougeL"] == 66.6667
    # [the, cat] vs [the, cat, sat]: LCS 2, P 1, R 2/3 -> F 0.8.
    assert score_one("the cat", ["the cat sat"])["rougeL"] == 80.0


def test_empty_prediction_scores_zero_rouge() -> None:
    assert score_one("", ["some answer"])["rougeL"] == 0.0


def test_maximum_over_references_is_taken() -> None:
    result = score_one("the cat", ["a dog", "the cat sat", "dog"])
    assert result["rougeL"] == 80.0
    assert result["exact_match"] == 0.0
    result = score_one("The cat.", ["a dog", "the cat"])
    assert result == {
        "exact_match": 100.0,
        "rougeL": 100.0,
        "exact_match_for_cat": 100.0,
        "rougeL_for_cat": 100.0,
        "exact_match_for_task1_x": 100.0,
        "rougeL_for_task1_x": 100.0,
    }


def test_rouge_l_uses_the_porter_stemmer() -> None:
    assert score_one("running", ["runs"])["rougeL"] == 100.0
    assert score_one("running", ["runs"])["exact_match"] == 0.0
    unstemmed = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    assert unstemmed.score("runs", "running")["rougeL"].fmeasure == 0.0


def test_grouping_key_names_and_rounding() -> None:
    predictions = ["yes", "no", "the answer", "Chipped Tooth"]
    references = [["yes"], ["yes"], ["answer"], ["chipped tooth"]]
    tasks = ["task001_a", "task001_a", "task002_b", "task219_rocstories_title"]
    categories = [
        "Textual  Entailment",
        "Textual  Entailment",
        "Textual Entailment",
        "Title Generation",
    ]
    result = superni_metrics(predictions, references, tasks, categories)
    assert set(result) == {
        "exact_match",
        "rougeL",
        "exact_match_for_textual_entailment",
        "rougeL_for_textual_entailment",
        "exact_match_for_title_generation",
        "rougeL_for_title_generation",
        "exact_match_for_task001_a",
        "rougeL_for_task001_a",
        "exact_match_for_task002_b",
        "rougeL_for_task002_b",
        "exact_match_for_task219_rocstories_title",
        "rougeL_for_task219_rocstories_title",
    }
    assert result["exact_match"] == 50.0  # 2 of 4
    # Instance ROUGE-L: 1, 0, 2/3, 1 -> mean 2/3 overall; 5/9 over the entailment category.
    assert result["rougeL"] == 66.6667
    assert result["rougeL_for_textual_entailment"] == 55.5556
    assert result["exact_match_for_textual_entailment"] == 33.3333
    assert result["exact_match_for_task001_a"] == 50.0
    assert result["rougeL_for_task002_b"] == 66.6667
    assert result["exact_match_for_title_generation"] == 100.0


def test_category_key() -> None:
    assert category_key("Title Generation") == "title_generation"
    assert category_key(" Cause  Effect\tClassification ") == "cause_effect_classification"


@pytest.mark.parametrize(
    ("predictions", "references", "tasks", "categories", "message"),
    [
        (["a", "b"], [["a"]], ["t", "t"], ["c", "c"], "differ in length"),
        ([], [], [], [], "no predictions"),
        (["a"], ["a"], ["t"], ["c"], "non-empty list"),
        (["a"], [[]], ["t"], ["c"], "non-empty list"),
        (["a"], [["a"]], ["task1_x"], ["task1_x"], "collide"),
    ],
)
def test_invalid_inputs_raise(predictions, references, tasks, categories, message) -> None:
    with pytest.raises(ValueError, match=message):
        superni_metrics(predictions, references, tasks, categories)


def test_group_scores_separates_tasks_from_categories() -> None:
    result = superni_metrics(
        ["yes", "no"], [["yes"], ["yes"]], ["task001_a", "task002_b"], ["Cat One", "Cat One"]
    )
    assert group_scores(result, "rougeL", "task") == {"task001_a": 100.0, "task002_b": 0.0}
    assert group_scores(result, "exact_match", "category") == {"cat_one": 50.0}
    with pytest.raises(ValueError, match="unknown metric"):
        group_scores(result, "bleu")


def test_percent_tasks_better_counts_strict_wins_over_common_tasks() -> None:
    method = {"task1_a": 50.0, "task2_b": 40.0, "task3_c": 30.0, "task9_only_method": 99.0}
    baseline = {"task1_a": 40.0, "task2_b": 40.0, "task3_c": 35.0, "task8_only_base": 0.0}
    # Common: 1, 2, 3; only task1 strictly better (task2 is a tie).
    assert percent_tasks_better(method, baseline) == pytest.approx(100.0 / 3)
    assert percent_tasks_better(baseline, method) == pytest.approx(100.0 / 3)
    with pytest.raises(ValueError, match="share no task"):
        percent_tasks_better({"task1_a": 1.0}, {"task2_b": 1.0})
    # Both denominators REFINE-AF's undefined "% Task Better" may have used: 1 of 3 tasks, or
    # 1 of the 2 untied ones; and the counts behind them.
    assert tasks_better_counts(method, baseline) == (1, 1, 3)
    assert percent_tasks_better(method, baseline, exclude_ties=True) == pytest.approx(50.0)
    tied = {"task1_a": 1.0, "task2_b": 2.0}
    assert math.isnan(percent_tasks_better(tied, tied, exclude_ties=True))
    assert percent_tasks_better(tied, tied) == 0.0


def load_sample_instances() -> tuple[list[str], list[list[str]], list[str], list[str]]:
    predictions, references, tasks, categories = [], [], [], []
    for path in sorted((SUPERNI_SAMPLE / "tasks").glob("*.json")):
        task = json.loads(path.read_text(encoding="utf-8"))
        for instance in task["Instances"]:
            # Every gold output must score 100, not just the first one.
            for output in instance["output"]:
                predictions.append(output)
                references.append(instance["output"])
                tasks.append(path.stem)
                categories.append(task["Categories"][0])
    return predictions, references, tasks, categories


@pytest.mark.skipif(
    not (SUPERNI_SAMPLE / "tasks").is_dir(),
    reason=f"real Super-NI sample not present at {SUPERNI_SAMPLE}",
)
def test_gold_outputs_of_real_tasks_score_100() -> None:
    predictions, references, tasks, categories = load_sample_instances()
    result = superni_metrics(predictions, references, tasks, categories)
    assert len(group_scores(result, "rougeL", "task")) == len(set(tasks))
    assert len(group_scores(result, "rougeL", "category")) == len(set(categories))
    assert all(value == 100.0 for value in result.values()), result

    # Shifting predictions by one instance must drop the scores, so the check above can fail.
    shifted = predictions[1:] + predictions[:1]
    wrong = superni_metrics(shifted, references, tasks, categories)
    assert wrong["rougeL"] < 100.0
    assert wrong["exact_match"] < 100.0
