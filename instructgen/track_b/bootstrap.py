"""REFINE-AF stage 1 (section II-B): bootstrap new instructions from the 175 seed tasks.

Each round renders `prompts_per_round` Appendix IX-C prompts, each with 8 in-context instructions
(6 human-written seeds and 2 machine-generated ones drawn from the instructions kept so far), and
samples one continuation per prompt with the base model. While fewer than 2 machine instructions
exist, `fill_with_seeds` gives their slots to seeds as Self-Instruct does (8 seeds in the first
round, then 1 + 7; REFINE-AF II-B is silent on it); without it those prompts are shorter.
Sampling has Self-Instruct's presence penalty (`presence_penalty`, instructgen.generation). The prompt ends at "Task 9:", and the model goes on to write Task 9, Task 10, ...: every
task of a continuation is a candidate instruction (`TaskParser`), and each candidate passes the
filters in order (`InstructionFilter`).

Which reference, and why. REFINE-AF points to Self-Instruct for filtering ("maintaining the
approach followed by [5]") and takes its prompt from Alpaca; its IX-C prompt asks for
instructions only, one "Task k:" line each, which is the shape of Self-Instruct's numbered
instruction list, not Alpaca's "###" blocks of instruction, input and output. So a
continuation is read the way yizhongw/self-instruct reads its list
(self_instruct/bootstrap_instructions.py: the request's `stop_sequences` and the
`post_process_gpt3_response` split), with "Task k:" labels in place of "k." numbers, and the
filters are those of `post_process_gpt3_response` and the ROUGE-L loop of its `__main__`. The
filter order is the same in tatsu-lab/stanford_alpaca (generate_instruction.py,
`post_process_gpt3_response`), whose 18-word blacklist the configs use (Self-Instruct's 13 plus
video, audio, music, flowchart, diagram), since REFINE-AF's prompt is Alpaca's. Every rule is a
`track_b.bootstrap` setting; configs/paper.yaml holds Self-Instruct's values.

Reading a continuation (`TaskParser.parse`), in order:

1. Stop: the text ends at the first of `stop_sequences` (Self-Instruct stops at a blank line,
   "\n\n"). The sequences are also passed to generation, so backends that stop early do.
2. Split at every task label ("Task 10:", any number, any case, also mid-line): the text before
   the first label is Task 9's, each label starts the next task. At most
   `max_tasks_per_generation` tasks are read (Self-Instruct's prompt lists 8 tasks and stops
   before "16.", so 9 to 15: 7); a continuation that goes past them counts as stopped.
3. Each task's text has its whitespace collapsed: with `join_lines` its following lines join it
   (Self-Instruct splits only at numbers, so a task's extra lines stay in it); without, only its
   first line is kept.
4. Truncation: a continuation that neither stopped (step 1 or 2) nor ended by itself, that is
   whose text re-encodes to `max_new_tokens` tokens or more, was cut by the token limit. With
   `on_truncation` "discard_generation" all its tasks are dropped (Self-Instruct drops a
   response whose finish_reason is "length"), with "drop_last" only its last task (Alpaca),
   with "keep" none. The backends report no finish reason, so the token count stands in for it
   (exact when the sampled tokens are the tokenizer's own encoding of the text). "drop_last"
   keeps the last task when the cut fell after its text, that is when only first lines are
   read (`join_lines` false) and its first line had ended.

Filters on each task, in this order, first failure named (`REJECTIONS`; Self-Instruct's order):
empty; fewer than `min_words` words (Self-Instruct keeps "more than 3", so 4); more than
`max_words` (150); a `blacklist` word or phrase, whole-word and case-insensitive; starts with
one of `banned_prefixes` ("Write a program"), case-insensitive because Self-Instruct compares
after `str.capitalize()`; starts with ASCII punctuation (`reject_punctuation_start`, Python's
`string.punctuation`); starts with a non-ASCII character (`reject_non_ascii_start`, the
"non-English character" rule); ROUGE-L at or above `rouge_threshold` with any instruction
already in the pool, seeds and kept ones, including those kept earlier from the same
continuation (`instructgen.novelty.NoveltyPool`). Two deliberate differences: the kept text is
not passed through `str.capitalize()` (which lower-cases every later letter, names included;
only the "Write a program" check depended on it, and it is case-insensitive instead), and a
ROUGE-L exactly at the threshold is rejected (REFINE-AF: kept only if "below 0.7";
Self-Instruct rejects above 0.7).

A round's candidates are filtered in (prompt, task) order. Once `num_instructions` are kept the
job stops; the round's remaining candidates are not filtered and are counted as `past_target`.
The statistics (checkpointed, and in the dataset card) count generation calls (prompts
sampled), candidates, kept instructions, each rejection, and kept instructions per call.

Determinism and resume: round r draws its in-context examples from its own random stream,
seeded from (config seed, r), and every prompt samples from its own stream keyed by (r, prompt
index), so a round depends only on the seed and the pool it starts from. The kept instructions,
the statistics and the round number are checkpointed after every round under the resume folder;
a killed job resumes at the next round and writes a file byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import re
import string
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import (
    GenerationReport,
    SamplingParams,
    generate,
    item_seed,
    load_generator,
    reached_token_limit,
    token_counter,
)
from instructgen.io import read_json, write_json, write_jsonl
from instructgen.jobs import model_identity
from instructgen.novelty import NoveltyPool
from instructgen.resume import fingerprint
from instructgen.settings import Bootstrap, Inference
from instructgen.templates import bootstrap_prompt

LOG = logging.getLogger(__name__)

# "Task 10:", "task 3 :", "TASK 12." ... anywhere: the model goes on to the next numbered task.
TASK_LABEL = re.compile(r"\btask\s*\d+\s*[:.]", re.IGNORECASE)
RECORD_KEYS = ("id", "instruction", "round", "prompt_index", "task_index")
# Why a candidate was not kept, in the order the rules apply.
REJECTIONS = (
    "truncated",
    "empty",
    "too_short",
    "too_long",
    "blacklisted",
    "banned_prefix",
    "punctuation_start",
    "non_ascii_start",
    "not_novel",
)
COUNTS = ("generation_calls", "candidates", "kept", *REJECTIONS, "past_target")
TRUNCATION_POLICIES = ("discard_generation", "drop_last", "keep")


def _raw_tasks(
    continuation: str, stop_sequences: Sequence[str], max_tasks: int | None
) -> tuple[list[str], bool]:
    found = [i for i in (continuation.find(s) for s in stop_sequences if s) if i >= 0]
    stopped = bool(found)
    pieces = TASK_LABEL.split(continuation[: min(found)] if found else continuation)
    if max_tasks is not None and len(pieces) > max_tasks:
        pieces, stopped = pieces[:max_tasks], True
    return pieces, stopped


def _task_text(piece: str, join_lines: bool) -> str:
    return " ".join((piece if join_lines else piece.strip().split("\n", 1)[0]).split())


def split_tasks(
    continuation: str,
    stop_sequences: Sequence[str] = ("\n\n",),
    max_tasks: int | None = None,
    join_lines: bool = True,
) -> tuple[list[str], bool]:
    """(the tasks of a continuation, whether a stop sequence or the task cap ended it).

    Steps 1 to 3 of the module docstring; a task left with no text is "" (the filters count it
    as empty).
    """
    pieces, stopped = _raw_tasks(continuation, stop_sequences, max_tasks)
    return [_task_text(piece, join_lines) for piece in pieces], stopped


class TaskParser:
    """Reads every task of a continuation and applies the truncation rule (steps 1 to 4)."""

    def __init__(self, settings: Bootstrap, count_tokens: Callable[[str], int]) -> None:
        self.stop_sequences = tuple(settings.stop_sequences)
        self.max_tasks = settings.max_tasks_per_generation
        self.join_lines = settings.join_lines
        self.on_truncation = settings.on_truncation
        if self.on_truncation not in TRUNCATION_POLICIES:
            raise ValueError(f"on_truncation {self.on_truncation!r} not in {TRUNCATION_POLICIES}")
        self.max_new_tokens = settings.max_new_tokens
        self.count_tokens = count_tokens

    def parse(self, continuation: str) -> tuple[list[str], int]:
        """(the tasks to filter, in order; how many tasks were dropped as truncated)."""
        pieces, stopped = _raw_tasks(continuation, self.stop_sequences, self.max_tasks)
        tasks = [_task_text(piece, self.join_lines) for piece in pieces]
        if (
            self.on_truncation == "keep"
            or stopped
            or not reached_token_limit(continuation, self.count_tokens, self.max_new_tokens)
        ):
            return tasks, 0
        if self.on_truncation == "discard_generation":
            return [], len(tasks)
        # drop_last: the cut fell in the last task's text, unless only its first line is read
        # and a line break ended that line before the cut.
        if not self.join_lines and "\n" in pieces[-1].lstrip():
            return tasks, 0
        return tasks[:-1], 1


def blacklist_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive match of any listed word or phrase ("go to" spans spaces)."""
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in word.split()) for word in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


class InstructionFilter:
    """The stage-1 filters in Self-Instruct's order (module docstring); ROUGE-L novelty last."""

    def __init__(self, pool: Sequence[str], settings: Bootstrap) -> None:
        self.pool = NoveltyPool(pool, threshold=settings.rouge_threshold)
        self.blacklist = blacklist_pattern(settings.blacklist)
        self.min_words = settings.min_words
        self.max_words = settings.max_words
        self.prefixes = tuple(" ".join(p.split()).casefold() for p in settings.banned_prefixes)
        self.punctuation_start = settings.reject_punctuation_start
        self.non_ascii_start = settings.reject_non_ascii_start

    def text_reason(self, instruction: str) -> str | None:
        """The first text rule `instruction` breaks, or None."""
        words = instruction.split()
        if not words:
            return "empty"
        if len(words) < self.min_words:
            return "too_short"
        if len(words) > self.max_words:
            return "too_long"
        if self.blacklist is not None and self.blacklist.search(instruction):
            return "blacklisted"
        if self.prefixes and " ".join(words).casefold().startswith(self.prefixes):
            return "banned_prefix"
        if self.punctuation_start and words[0][0] in string.punctuation:
            return "punctuation_start"
        if self.non_ascii_start and not words[0][0].isascii():
            return "non_ascii_start"
        return None

    def reason(self, instruction: str) -> str | None:
        """Why `instruction` is rejected, or None (then it has been added to the pool)."""
        why = self.text_reason(instruction)
        if why is None and not self.pool.add_if_novel(instruction):
            why = "not_novel"
        return why


def screen(
    continuation: str, parser: TaskParser, checker: InstructionFilter, room: int
) -> tuple[list[tuple[int, str]], Counter]:
    """Read and filter one continuation, keeping at most `room` instructions.

    Returns the kept (task index, instruction) pairs in order and the counts of candidates,
    kept ones, each rejection and the candidates left unfiltered once `room` was filled (all of
    them when `room` is 0: no rule, truncation included, is applied past the target).
    """
    tasks, truncated = parser.parse(continuation)
    counts: Counter = Counter(candidates=len(tasks) + truncated)
    if room <= 0:
        counts["past_target"] = len(tasks) + truncated
        return [], counts
    counts["truncated"] = truncated
    kept: list[tuple[int, str]] = []
    for index, task in enumerate(tasks):
        if len(kept) >= room:
            counts["past_target"] += len(tasks) - index
            break
        why = checker.reason(task)
        if why is None:
            kept.append((index, task))
        else:
            counts[why] += 1
    counts["kept"] += len(kept)
    return kept, counts


def seed_instructions(path: str) -> list[str]:
    """The seed tasks' instructions, whitespace-normalised, in file order, without duplicates."""
    from instructgen.loaders import load_self_instruct_seeds

    seen: dict[str, None] = {}
    for task in load_self_instruct_seeds(path):
        text = " ".join(str(task["instruction"]).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


def round_prompts(
    round_index: int, seeds: Sequence[str], machine: Sequence[str], settings: Bootstrap
) -> list[str]:
    """The round's `prompts_per_round` prompts; in-context examples drawn from the round's own
    stream: `num_machine_examples` machine instructions (all there are, while fewer exist) and
    `num_human_examples` seeds, plus one for every missing machine one with `fill_with_seeds`."""
    rng = random.Random(item_seed(settings.seed, f"bootstrap-round-{round_index}"))
    machine_count = min(settings.num_machine_examples, len(machine))
    seed_count = settings.num_human_examples
    if settings.fill_with_seeds:
        seed_count += settings.num_machine_examples - machine_count
    prompts = []
    for _ in range(settings.prompts_per_round):
        examples = rng.sample(list(seeds), min(seed_count, len(seeds)))
        examples += rng.sample(list(machine), machine_count)
        rng.shuffle(examples)
        prompts.append(bootstrap_prompt(examples))
    return prompts


def job_key(seeds: Sequence[str], settings: Bootstrap) -> str:
    """What a checkpoint was made with (seeds, model, settings); a checkpoint made with anything
    else is not resumed."""
    return fingerprint("bootstrap", list(seeds), model_identity(settings.model), settings.params())


def load_state(state_path: Path, expected: str) -> dict[str, Any] | None:
    if not state_path.exists():
        return None
    state = read_json(state_path)
    if state.get("fingerprint") != expected:
        LOG.warning("%s was made with other inputs or settings; starting afresh", state_path)
        return None
    LOG.info("resuming after round %d with %d instructions", state["round"], len(state["kept"]))
    return state


def statistics(counts: Counter, rounds: int) -> dict[str, Any]:
    """The card's statistics: every count, plus kept instructions per generation call."""
    calls, kept = counts["generation_calls"], counts["kept"]
    return {
        "rounds": rounds,
        **{k: counts[k] for k in COUNTS},
        "kept_per_call": round(kept / calls, 4) if calls else None,
        "calls_per_kept": round(calls / kept, 4) if kept else None,
    }


def bootstrap(
    model,
    tokenizer,
    seeds: Sequence[str],
    settings: Bootstrap,
    resume_dir: str | Path,
    on_round: Callable[[int, list[dict[str, Any]]], None] | None = None,
    batch_tokens: int | None = None,
    report: GenerationReport | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run rounds until `num_instructions` are kept; returns (instructions, statistics)."""
    from instructgen.logs import progress

    state_path = Path(resume_dir) / "state.json"
    key = job_key(seeds, settings)
    state = load_state(state_path, key) or {
        "fingerprint": key,
        "round": 0,
        "kept": [],
        "counts": dict.fromkeys(COUNTS, 0),
    }
    # The checkpoint is written with sorted keys; records get the output's key order back.
    kept: list[dict[str, Any]] = [{k: r[k] for k in RECORD_KEYS} for r in state["kept"]]
    counts = Counter(state["counts"])
    checker = InstructionFilter([*seeds, *(k["instruction"] for k in kept)], settings)
    parser = TaskParser(settings, token_counter(tokenizer))
    params = SamplingParams(
        max_new_tokens=settings.max_new_tokens,
        do_sample=True,
        temperature=settings.temperature,
        top_p=settings.top_p,
        stop_strings=tuple(settings.stop_sequences),
        presence_penalty=settings.presence_penalty,
    )
    target = settings.num_instructions
    bar = progress(total=target, initial=len(kept), desc="instructions", unit="instr")
    round_index = state["round"]
    while len(kept) < target and round_index < settings.max_rounds:
        machine = [k["instruction"] for k in kept]
        prompts = round_prompts(round_index, seeds, machine, settings)
        keys = [f"round-{round_index}-prompt-{i}" for i in range(len(prompts))]
        outputs = generate(
            model,
            tokenizer,
            prompts,
            params,
            keys=keys,
            seed=settings.seed,
            batch_size=settings.prompts_per_round,
            batch_tokens=batch_tokens,
            report=report,
            desc=f"round {round_index}",
        )
        counts["generation_calls"] += len(prompts)
        for index in range(len(prompts)):
            found, tally = screen(outputs[index][0], parser, checker, target - len(kept))
            counts.update(tally)
            for task_index, instruction in found:
                kept.append(
                    {
                        "id": f"instr-{len(kept):06d}",
                        "instruction": instruction,
                        "round": round_index,
                        "prompt_index": index,
                        "task_index": task_index,
                    }
                )
            bar.update(len(found))
        round_index += 1
        write_json(
            state_path,
            {"fingerprint": key, "round": round_index, "kept": kept, "counts": dict(counts)},
        )
        if on_round is not None:
            on_round(round_index, kept)
    bar.close()
    stats = statistics(counts, round_index)
    LOG.info("bootstrapping: %s", stats)
    return kept, stats


def main(
    *,
    seeds_path: str,
    model_name: str,
    settings: Bootstrap,
    execution: Inference,
    resume_dir: str,
    out_path: str,
    card_path: str,
) -> None:
    from instructgen.modeling import resolve_device, set_seed

    seeds = seed_instructions(seeds_path)
    if len(seeds) < settings.num_human_examples:
        raise InputError(
            seeds_path,
            f"{len(seeds)} seed instructions, fewer than the {settings.num_human_examples} "
            "human examples per prompt (track_b.bootstrap.num_human_examples)",
        )
    set_seed(settings.seed)
    model, tokenizer = load_generator(settings.model, resolve_device(execution.device))
    report = GenerationReport()
    kept, stats = bootstrap(
        model,
        tokenizer,
        seeds,
        settings,
        resume_dir,
        batch_tokens=execution.batch_tokens,
        report=report,
    )
    if len(kept) < settings.num_instructions:
        raise RuntimeError(
            f"only {len(kept)} of {settings.num_instructions} instructions after "
            f"{stats['rounds']} rounds (track_b.bootstrap.max_rounds); rejections: "
            + ", ".join(f"{k} {stats[k]}" for k in REJECTIONS)
            + f"; {stats['kept']} kept of {stats['candidates']} candidates from "
            + f"{stats['generation_calls']} generation calls"
        )
    write_jsonl(out_path, kept)
    write_json(
        card_path,
        {
            "model": model_name,
            "model_spec": dataclasses.asdict(settings.model),
            "seeds": seeds_path,
            "num_seeds": len(seeds),
            "settings": settings.section(),
            "seed": settings.seed,
            "statistics": stats,
            "generation": report.as_dict(),
            "execution": dataclasses.asdict(execution),
        },
    )
