"""Super-NaturalInstructions metrics, computed the way the official Super-NI scorer does.

The official scorer (allenai/natural-instructions, ``eval/automatic/evaluation.py``) defines:

* exact match: SQuAD-v1.1 normalisation *without* article removal, i.e. lower-case, drop every
  character of ``string.punctuation`` (ASCII only) and collapse whitespace;
* ROUGE-L: the F-measure of ``rouge_score``'s ``rougeL`` with ``use_stemmer=True`` and the
  default (English) tokenizer;
* both taken as the maximum over an instance's reference outputs, averaged over instances,
  multiplied by 100 and rounded to 4 decimals (per overall set, per category, per task);
* category keys: the category lower-cased with whitespace runs joined by ``_``.

Only the default (English) track is reproduced; the cross-lingual track's GPT-2 tokenizer is
not, because every task used by the two papers is in the default track.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Literal

METRIC_NAMES: tuple[str, ...] = ("exact_match", "rougeL")

# The official scorer rounds every reported number to 4 decimals.
_ROUND_DIGITS = 4

# Every Super-NI task id starts like "task1388_..."; categories never do. This is what lets us
# tell per-task keys from per-category keys, since the official scorer puts both in one dict.
_TASK_ID = re.compile(r"task\d+_")

_PUNCTUATION = frozenset(string.punctuation)


@cache
def _rouge():
    """One scorer per process (building it loads the Porter stemmer). Imported lazily: the
    workflow imports this module at start-up, and rouge_score pulls in NLTK and absl logging."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)


def normalize_answer(text: str) -> str:
    """Lower-case, remove ASCII punctuation and collapse whitespace; articles are kept."""
    lowered = text.lower()
    no_punct = "".join(ch for ch in lowered if ch not in _PUNCTUATION)
    return " ".join(no_punct.split())


def exact_match(prediction: str, reference: str) -> float:
    """1.0 when prediction and reference are equal after :func:`normalize_answer`, else 0.0."""
    return float(normalize_answer(prediction) == normalize_answer(reference))


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F-measure in [0, 1] (stemmed, rouge_score's default tokenizer)."""
    return _rouge().score(target=reference, prediction=prediction)["rougeL"].fmeasure


def category_key(category: str) -> str:
    """Official key form of a category: "Title Generation" -> "title_generation"."""
    return "_".join(category.lower().split())


def _max_over_references(
    metric: Callable[[str, str], float], prediction: str, references: Sequence[str]
) -> float:
    return max(metric(prediction, reference) for reference in references)


def _validate(
    predictions: Sequence[str],
    references: Sequence[Sequence[str]],
    tasks: Sequence[str],
    categories: Sequence[str],
) -> None:
    lengths = {
        "predictions": len(predictions),
        "references": len(references),
        "tasks": len(tasks),
        "categories": len(categories),
    }
    if len(set(lengths.values())) != 1:
        raise ValueError(f"superni_metrics: inputs differ in length: {lengths}")
    if not predictions:
        raise ValueError("superni_metrics: no predictions to score")
    for i, refs in enumerate(references):
        # A bare string would be iterated character by character and silently mis-scored.
        if isinstance(refs, str) or not refs:
            raise ValueError(
                f"superni_metrics: references[{i}] must be a non-empty list of strings, "
                f"got {refs!r}"
            )


def _aggregate(scores: Sequence[float]) -> float:
    # Same order of operations as the official scorer (sum, x100, divide, round) so that
    # floating-point results agree to the last reported digit.
    return round(100.0 * sum(scores) / len(scores), _ROUND_DIGITS)


def _grouped(
    per_instance: Mapping[str, Sequence[float]], groups: Sequence[str]
) -> dict[str, float]:
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    results: dict[str, float] = {}
    for group, indices in members.items():
        for metric in METRIC_NAMES:
            values = [per_instance[metric][i] for i in indices]
            results[f"{metric}_for_{group}"] = _aggregate(values)
    return results


def superni_metrics(
    predictions: list[str],
    references: list[list[str]],
    tasks: list[str],
    categories: list[str],
) -> dict[str, float]:
    """Overall, per-category and per-task exact match and ROUGE-L (x100, 4 decimals).

    Keys: ``exact_match``, ``rougeL``, ``<metric>_for_<category_key>`` and
    ``<metric>_for_<task>``.
    """
    _validate(predictions, references, tasks, categories)
    per_instance = {
        "exact_match": [
            _max_over_references(exact_match, p, refs)
            for p, refs in zip(predictions, references, strict=True)
        ],
        "rougeL": [
            _max_over_references(rouge_l, p, refs)
            for p, refs in zip(predictions, references, strict=True)
        ],
    }
    results = {metric: _aggregate(per_instance[metric]) for metric in METRIC_NAMES}
    by_category = _grouped(per_instance, [category_key(c) for c in categories])
    by_task = _grouped(per_instance, list(tasks))
    clash = by_category.keys() & by_task.keys()
    if clash:
        # The official scorer would silently overwrite one with the other.
        raise ValueError(f"superni_metrics: task and category keys collide: {sorted(clash)}")
    results.update(by_category)
    results.update(by_task)
    return results


def group_scores(
    metrics: Mapping[str, float],
    metric: str = "rougeL",
    kind: Literal["task", "category"] = "task",
) -> dict[str, float]:
    """Pull per-task or per-category scores of one metric out of a :func:`superni_metrics` dict.

    Returns ``{task_or_category_key: score}``. Task keys are recognised by Super-NI's
    ``task<N>_`` prefix; everything else under ``<metric>_for_`` is a category.
    """
    if metric not in METRIC_NAMES:
        raise ValueError(f"unknown metric {metric!r}; expected one of {METRIC_NAMES}")
    if kind not in ("task", "category"):
        raise ValueError(f"kind must be 'task' or 'category', got {kind!r}")
    prefix = f"{metric}_for_"
    out: dict[str, float] = {}
    for key, value in metrics.items():
        if not key.startswith(prefix):
            continue
        name = key[len(prefix) :]
        is_task = _TASK_ID.match(name) is not None
        if is_task == (kind == "task"):
            out[name] = value
    return out


def tasks_better_counts(
    method: Mapping[str, float], baseline: Mapping[str, float]
) -> tuple[int, int, int]:
    """(tasks where ``method`` is strictly above ``baseline``, tasks where the two are equal,
    tasks scored in both): inputs are per-task ROUGE-L dicts, e.g. from
    ``group_scores(metrics, "rougeL", "task")``."""
    common = method.keys() & baseline.keys()
    if not common:
        raise ValueError("tasks_better_counts: the two score dicts share no task")
    better = sum(1 for task in common if method[task] > baseline[task])
    tied = sum(1 for task in common if method[task] == baseline[task])
    return better, tied, len(common)


def percent_tasks_better(
    method: Mapping[str, float], baseline: Mapping[str, float], *, exclude_ties: bool = False
) -> float:
    """REFINE-AF's "% tasks better", which the paper does not define: the share (%) of the tasks
    scored in both where ``method`` is strictly above ``baseline``, out of all of them (ties
    count as not better) or, with `exclude_ties`, out of those where the two differ (NaN when
    every task is tied)."""
    better, tied, tasks = tasks_better_counts(method, baseline)
    denominator = tasks - tied if exclude_ties else tasks
    return 100.0 * better / denominator if denominator else math.nan
