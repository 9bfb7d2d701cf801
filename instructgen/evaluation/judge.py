"""Judged evaluations: a judge grades every evaluated model's answers (rule judge_responses).

The papers' judges cannot be rerun here. Paper 1 Fig. 4: GPT-4 scores answers to 70 of
Vicuna's questions from 1 to 10 (following Chiang et al., 2023, relative to ChatGPT's
answers). REFINE-AF Fig. 6 and §IX-E: the authors rate answers to Self-Instruct's 252
user-oriented instructions RATING-A to RATING-D, "referencing the golden outputs". This module
asks an open model the same two kinds of question in this project's own words, one answer at a
time (single-answer grading; no ChatGPT answer is compared). Its grades are its own: every file
and table they reach names the judge and says they are not the papers' ratings.

- ``Judge``: the interface. ``judge(answers)`` gives one ``Judgement`` per ``Answer``: the grade
  on the judge's ``Scale``, or none and the reason (``MISSING``: no grade found; ``OFF_SCALE``:
  a grade outside the scale; ``CONFLICTING``: two different grades), with the judge's text as
  the rationale. A grade is read only from a marked line the prompt asks for; an answer whose
  grade cannot be read is counted as ungraded, never guessed.
- ``OpenModelJudge``: a configured causal LM asked the scale's grading prompt (inside the
  model's chat format, config ``evaluation.judged.judge.prompt_wrapper``), decoded greedily.
- ``summarize``: each model's grades as counts, shares of all its items and (1-10) the mean.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl

MISSING, OFF_SCALE, CONFLICTING = "missing", "off_scale", "conflicting"
PROBLEMS = (MISSING, OFF_SCALE, CONFLICTING)
NOT_THE_PAPERS = "not the papers' ratings (paper 1 Fig. 4: GPT-4; REFINE-AF Fig. 6: human raters)"


@dataclass(frozen=True)
class Answer:
    """What a judge sees: the request, the answer, and a reference answer where the set has
    one (the user-oriented instances' outputs)."""

    instruction: str
    input: str
    response: str
    reference: str = ""


@dataclass(frozen=True)
class Judgement:
    grade: int | str | None
    problem: str | None  # one of PROBLEMS when there is no grade
    rationale: str  # the judge's own text


def _section(title: str, text: str) -> str:
    return f"[{title}]\n{text.strip()}\n[End of {title.lower()}]\n\n"


class Scale:
    """A grading scale: its prompt, and how a grade is read from the judge's text."""

    name: str
    grades: tuple[int | str, ...]
    markers: tuple[re.Pattern[str], ...]

    def prompt(self, answer: Answer) -> str:
        raise NotImplementedError

    def grade_of(self, text: str) -> int | str | None:
        """A marked grade as the scale spells it, or None when it is off the scale."""
        raise NotImplementedError

    def parse(self, text: str) -> Judgement:
        found = [m.group(1) for marker in self.markers for m in marker.finditer(text)]
        if not found:
            return Judgement(None, MISSING, text)
        grades = [self.grade_of(raw) for raw in found]
        if any(grade is None for grade in grades):
            return Judgement(None, OFF_SCALE, text)
        if len(set(grades)) > 1:
            return Judgement(None, CONFLICTING, text)
        return Judgement(grades[0], None, text)


class ScoreScale(Scale):
    """Vicuna-style single-answer grading: a whole number from `low` to `high`, on a line
    "Score: n" (also read: "[[n]]", the form judges tuned on MT-bench write)."""

    name = "score"

    def __init__(self, low: int = 1, high: int = 10) -> None:
        self.low, self.high = low, high
        self.grades = tuple(range(low, high + 1))
        number = r"([+-]?\d+(?:\.\d+)?)"
        self.markers = (
            re.compile(rf"(?i:\bscore)\s*[:=]\s*\**\s*\[*\s*{number}"),
            re.compile(rf"\[\[\s*{number}\s*\]\]"),
        )

    def grade_of(self, text: str) -> int | None:
        value = float(text)
        if not value.is_integer() or not self.low <= value <= self.high:
            return None
        return int(value)

    def prompt(self, answer: Answer) -> str:
        request = _section("Request", answer.instruction)
        if answer.input.strip():
            request += _section("Input", answer.input)
        return (
            "You are reviewing the work of an AI assistant. Below are a request a user made "
            "and the assistant's answer.\n\n"
            + request
            + _section("Answer", answer.response)
            + "Decide how good the answer is for the person who asked: does it do what was "
            "asked, is it correct, is it useful, and is it as thorough as the request needs? "
            "Judge the answer itself, not its length or style alone. First explain your "
            "judgement in a few sentences. Then, on a last line of its own, give a whole-number "
            f"grade from {self.low} (worthless) to {self.high} (could not be better), written "
            "exactly as\nScore: <grade>\n"
        )


# REFINE-AF §V-B's four levels (after Self-Instruct's human evaluation), in this project's words.
RATING_LEVELS = {
    "A": "the response is valid and satisfies the instruction.",
    "B": "the response is acceptable, but has minor errors or imperfections.",
    "C": "the response is relevant and responds to the instruction, but has significant "
    "errors in its content.",
    "D": "the response is irrelevant or completely invalid.",
}


class RatingScale(Scale):
    """REFINE-AF's four ratings, on a line "Rating: RATING-X" (also read: "Rating: X", and a
    line holding nothing but RATING-X). The letter must be a capital."""

    name = "rating"
    grades = tuple(RATING_LEVELS)
    markers = (
        re.compile(r"(?i:\brating)\s*[:=]\s*\**\s*(?:(?i:rating)[-_ ]?)?\(?([A-Z])(?![A-Za-z])"),
        re.compile(r"^[\s*_]*(?i:rating)[-_ ]([A-Z])[\s*_.]*$", re.MULTILINE),
    )

    def grade_of(self, text: str) -> str | None:
        return text if text in RATING_LEVELS else None

    def prompt(self, answer: Answer) -> str:
        task = _section("Instruction", answer.instruction)
        if answer.input.strip():
            task += _section("Input", answer.input)
        if answer.reference.strip():
            task += _section("Reference answer", answer.reference)
        levels = "".join(f"RATING-{grade}: {text}\n" for grade, text in RATING_LEVELS.items())
        return (
            "You are rating how well a model carried out an instruction. A reference answer "
            "written by a person is given for comparison; a good response need not match it "
            "word for word.\n\n"
            + task
            + _section("Response", answer.response)
            + "Use one of these ratings:\n"
            + levels
            + "\nFirst explain your rating in a few sentences. Then, on a last line of its own, "
            "write exactly\nRating: RATING-<letter>\n"
        )


# The scale each judged set (instructgen.plan.JUDGED_SETS) is graded on.
SCALES: dict[str, Scale] = {"vicuna": ScoreScale(1, 10), "user_oriented": RatingScale()}


class Judge(Protocol):
    """Grades answers on its scale; a grade it cannot give is a Judgement with a problem."""

    scale: Scale

    def judge(self, answers: Sequence[Answer]) -> list[Judgement]: ...


class OpenModelJudge:
    """A causal LM asked `scale`'s grading prompt inside `prompt_wrapper` ("{prompt}" marks
    where), decoded greedily with at most `max_new_tokens`."""

    def __init__(
        self,
        scale: Scale,
        model: Any,
        tokenizer: Any,
        *,
        prompt_wrapper: str = "{prompt}",
        max_new_tokens: int = 256,
        batch_size: int = 8,
        batch_tokens: int | None = None,
    ) -> None:
        if prompt_wrapper.count("{prompt}") != 1:
            raise ValueError(f"the prompt wrapper {prompt_wrapper!r} must hold {{prompt}} once")
        self.scale, self.model, self.tokenizer = scale, model, tokenizer
        self.prompt_wrapper, self.max_new_tokens = prompt_wrapper, max_new_tokens
        self.batch_size, self.batch_tokens = batch_size, batch_tokens

    def prompts(self, answers: Sequence[Answer]) -> list[str]:
        return [judge_prompt(self.scale, a, self.prompt_wrapper) for a in answers]

    def judge(self, answers: Sequence[Answer], **run: Any) -> list[Judgement]:
        """`run`: generate()'s keys, units, resume and report (a resumable job's)."""
        from instructgen.generation import SamplingParams, generate

        outputs = generate(
            self.model,
            self.tokenizer,
            self.prompts(answers),
            SamplingParams(max_new_tokens=self.max_new_tokens),
            batch_size=self.batch_size,
            batch_tokens=self.batch_tokens,
            desc=f"judge ({self.scale.name})",
            **run,
        )
        return [self.scale.parse(outputs[i][0]) for i in range(len(answers))]


def judge_prompt(scale: Scale, answer: Answer, prompt_wrapper: str = "{prompt}") -> str:
    return prompt_wrapper.replace("{prompt}", scale.prompt(answer))


def summarize(judgements: Sequence[Judgement], scale: Scale) -> dict[str, Any]:
    """Counts of each grade and of each problem, each grade's share of all the items (so the
    shares and "% ungraded" add up to 100) and, for a numeric scale, the mean grade."""
    items = len(judgements)
    counts = Counter(j.grade for j in judgements if j.grade is not None)
    problems = Counter(j.problem for j in judgements if j.grade is None)
    graded = sum(counts.values())
    share = (lambda n: 100.0 * n / items) if items else (lambda n: math.nan)
    summary: dict[str, Any] = {
        "items": items,
        "graded": graded,
        "ungraded": items - graded,
        "problems": {p: problems.get(p, 0) for p in PROBLEMS},
        "counts": {str(g): counts.get(g, 0) for g in scale.grades},
        "shares": {str(g): share(counts.get(g, 0)) for g in scale.grades},
        "% ungraded": share(items - graded),
    }
    if isinstance(scale, ScoreScale):
        total = sum(int(g) * n for g, n in counts.items())
        summary["mean"] = total / graded if graded else None
    return summary


JUDGEMENT_FIELDS = ("model", "id", "instruction", "input", "reference", "response")


def main(
    *,
    responses_path: str,
    settings: Any,  # instructgen.settings.Judging
    execution: Any,  # instructgen.settings.Inference
    out_judgements: str,
    out_scores: str,
    resume_path: str | None = None,
) -> dict[str, Any]:
    """Grade every (model, item) answer of the merged responses; write one judgement per
    answer and each model's summary, both naming the judge and saying whose ratings they are
    not."""
    from instructgen.generation import GenerationReport, load_generator
    from instructgen.jobs import ItemJob

    rows = read_jsonl(responses_path, JUDGEMENT_FIELDS)
    if not rows:
        raise InputError(responses_path, "no answers to judge")
    scale = SCALES[settings.judged_set]
    answers = [Answer(r["instruction"], r["input"], r["response"], r["reference"]) for r in rows]
    keys = [f"{r['model']}/{r['id']}" for r in rows]
    prompts = [judge_prompt(scale, a, settings.prompt_wrapper) for a in answers]
    job = ItemJob.of_prompts(
        f"judge_{settings.judged_set}", settings, keys, prompts, resume_path=resume_path
    )
    model, tokenizer = load_generator(settings.judge, execution.device)
    judge = OpenModelJudge(
        scale,
        model,
        tokenizer,
        prompt_wrapper=settings.prompt_wrapper,
        max_new_tokens=settings.max_new_tokens,
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
    )
    report = GenerationReport()
    judgements = judge.judge(answers, keys=keys, units=job.units, resume=job.log, report=report)
    write_jsonl(
        out_judgements,
        (
            {
                "model": r["model"],
                "id": r["id"],
                "grade": j.grade,
                "problem": j.problem,
                "rationale": j.rationale,
            }
            for r, j in zip(rows, judgements, strict=True)
        ),
    )
    by_model: dict[str, list[Judgement]] = {}
    for r, j in zip(rows, judgements, strict=True):
        by_model.setdefault(r["model"], []).append(j)
    scores = {
        "set": settings.judged_set,
        "scale": scale.name,
        "judge": settings.judge_label,
        "note": f"Graded by {settings.judge_label}: {NOT_THE_PAPERS}.",
        "models": {m: summarize(js, scale) for m, js in by_model.items()},
        "generation": report.as_dict(),
    }
    write_json(out_scores, scores)
    job.finish()
    return scores
