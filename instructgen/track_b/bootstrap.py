"""REFINE-AF stage 1 (section II-B): bootstrap new instructions from the 175 seed tasks.

Each round renders `batch_size` Appendix IX-C prompts, each with 8 in-context instructions
(6 human-written seeds and 2 machine-generated ones drawn from the instructions kept so far;
fewer machine ones while there are none), and samples one continuation per prompt with the base
model. The continuation is parsed into one instruction (`parse_instruction`) that is kept only if
it has an acceptable word count, no blacklisted word, and ROUGE-L below the threshold with every
instruction already in the pool (seeds and kept ones; `instructgen.novelty.NoveltyPool`).

Determinism and resume: round r draws its in-context examples from its own random stream,
seeded from (config seed, r), and every prompt samples from its own stream keyed by (r, prompt
index), so a round depends only on the seed and the pool it starts from. The kept instructions
and the round number are checkpointed after every round under the resume folder; a killed job
resumes at the next round and writes a file byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import SamplingParams, generate, item_seed, load_generator
from instructgen.io import read_json, write_json, write_jsonl
from instructgen.novelty import NoveltyPool
from instructgen.templates import bootstrap_prompt

LOG = logging.getLogger(__name__)

# "Task 10:", "task 3 :" ... anywhere: the model went on to the next numbered task.
TASK_LABEL = re.compile(r"\btask\s*\d+\s*[:.]", re.IGNORECASE)
RECORD_KEYS = ("id", "instruction", "round", "prompt_index")
REJECTIONS = ("empty", "too_short", "too_long", "blacklisted", "not_novel")


def parse_instruction(continuation: str) -> str:
    """The instruction the model wrote after the prompt's final "Task 9:".

    Rules: the text is cut at the first following task label ("Task 10:", any number, any
    case), then at the first line break (the prompt lists one instruction per line, so a second
    line is no longer this task), and whitespace is collapsed. Returns "" when nothing is left.
    """
    label = TASK_LABEL.search(continuation)
    text = continuation[: label.start()] if label else continuation
    text = text.strip().split("\n", 1)[0]
    return " ".join(text.split())


def blacklist_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive match of any listed word or phrase ("go to" spans spaces)."""
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in word.split()) for word in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


class InstructionFilter:
    """The stage-1 filters in order: empty, length in words, blacklist, ROUGE-L novelty."""

    def __init__(self, pool: Sequence[str], settings: dict[str, Any]) -> None:
        self.pool = NoveltyPool(pool, threshold=settings["rouge_threshold"])
        self.blacklist = blacklist_pattern(settings["blacklist"])
        self.min_words = settings["min_words"]
        self.max_words = settings["max_words"]

    def reason(self, instruction: str) -> str | None:
        """Why `instruction` is rejected, or None (then it has been added to the pool)."""
        words = len(instruction.split())
        if words == 0:
            return "empty"
        if words < self.min_words:
            return "too_short"
        if words > self.max_words:
            return "too_long"
        if self.blacklist is not None and self.blacklist.search(instruction):
            return "blacklisted"
        if not self.pool.add_if_novel(instruction):
            return "not_novel"
        return None


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
    round_index: int,
    seeds: Sequence[str],
    machine: Sequence[str],
    settings: dict[str, Any],
    seed: int,
) -> list[str]:
    """The round's `batch_size` prompts; in-context examples drawn from the round's own stream."""
    rng = random.Random(item_seed(seed, f"bootstrap-round-{round_index}"))
    prompts = []
    for _ in range(settings["batch_size"]):
        examples = rng.sample(list(seeds), min(settings["num_human_examples"], len(seeds)))
        examples += rng.sample(list(machine), min(settings["num_machine_examples"], len(machine)))
        rng.shuffle(examples)
        prompts.append(bootstrap_prompt(examples))
    return prompts


def fingerprint(seeds: Sequence[str], settings: dict[str, Any], seed: int, model: Any) -> str:
    """What a checkpoint was made with; a checkpoint made with anything else is not resumed."""
    payload = json.dumps([list(seeds), settings, seed, model], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def load_state(state_path: Path, expected: str) -> dict[str, Any] | None:
    if not state_path.exists():
        return None
    state = read_json(state_path)
    if state.get("fingerprint") != expected:
        LOG.warning("%s was made with other inputs or settings; starting afresh", state_path)
        return None
    LOG.info("resuming after round %d with %d instructions", state["round"], len(state["kept"]))
    return state


def bootstrap(
    model,
    tokenizer,
    seeds: Sequence[str],
    settings: dict[str, Any],
    seed: int,
    resume_dir: str | Path,
    model_id: Any = None,
    on_round: Callable[[int, list[dict[str, Any]]], None] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run rounds until `num_instructions` are kept; returns (instructions, statistics)."""
    from instructgen.logs import progress

    state_path = Path(resume_dir) / "state.json"
    key = fingerprint(seeds, settings, seed, model_id)
    state = load_state(state_path, key) or {
        "fingerprint": key,
        "round": 0,
        "kept": [],
        "counts": dict.fromkeys(("generated", "kept", *REJECTIONS), 0),
    }
    # The checkpoint is written with sorted keys; records get the output's key order back.
    kept: list[dict[str, Any]] = [{k: r[k] for k in RECORD_KEYS} for r in state["kept"]]
    counts = Counter(state["counts"])
    checker = InstructionFilter([*seeds, *(k["instruction"] for k in kept)], settings)
    params = SamplingParams(
        max_new_tokens=settings["max_new_tokens"],
        do_sample=True,
        temperature=settings["temperature"],
        top_p=settings["top_p"],
    )
    target = settings["num_instructions"]
    bar = progress(total=target, initial=len(kept), desc="instructions", unit="instr")
    round_index = state["round"]
    while len(kept) < target and round_index < settings["max_rounds"]:
        machine = [k["instruction"] for k in kept]
        prompts = round_prompts(round_index, seeds, machine, settings, seed)
        keys = [f"round-{round_index}-prompt-{i}" for i in range(len(prompts))]
        outputs = generate(
            model,
            tokenizer,
            prompts,
            params,
            keys=keys,
            seed=seed,
            batch_size=settings["batch_size"],
            desc=f"round {round_index}",
        )
        for index in range(len(prompts)):
            if len(kept) >= target:
                break
            counts["generated"] += 1
            instruction = parse_instruction(outputs[index][0])
            why = checker.reason(instruction)
            if why is not None:
                counts[why] += 1
                continue
            counts["kept"] += 1
            kept.append(
                {
                    "id": f"instr-{len(kept):06d}",
                    "instruction": instruction,
                    "round": round_index,
                    "prompt_index": index,
                }
            )
            bar.update(1)
        round_index += 1
        write_json(
            state_path,
            {"fingerprint": key, "round": round_index, "kept": kept, "counts": dict(counts)},
        )
        if on_round is not None:
            on_round(round_index, kept)
    bar.close()
    stats = {"rounds": round_index, **{k: counts[k] for k in ("generated", "kept", *REJECTIONS)}}
    LOG.info("bootstrapping: %s", stats)
    return kept, stats


def model_identity(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec plus, for a local folder, its files' sizes and times: a rebuilt model (say a new
    RL policy) then invalidates resume state made with the old one."""
    identity: dict[str, Any] = {"spec": spec}
    folder = Path(str(spec["source"]))
    if folder.is_dir():
        identity["files"] = sorted(
            (f.name, f.stat().st_size, f.stat().st_mtime_ns)
            for f in folder.iterdir()
            if f.is_file()
        )
    return identity


def main(
    *,
    seeds_path: str,
    model_name: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    resume_dir: str,
    out_path: str,
    card_path: str,
) -> None:
    from instructgen.modeling import resolve_device, set_seed

    seeds = seed_instructions(seeds_path)
    if len(seeds) < settings["num_human_examples"]:
        raise InputError(
            seeds_path,
            f"{len(seeds)} seed instructions, fewer than the {settings['num_human_examples']} "
            "human examples per prompt (track_b.bootstrap.num_human_examples)",
        )
    set_seed(seed)
    model, tokenizer = load_generator(model_spec, resolve_device(device))
    kept, stats = bootstrap(
        model, tokenizer, seeds, settings, seed, resume_dir, model_id=model_identity(model_spec)
    )
    if len(kept) < settings["num_instructions"]:
        raise RuntimeError(
            f"only {len(kept)} of {settings['num_instructions']} instructions after "
            f"{stats['rounds']} rounds (track_b.bootstrap.max_rounds); rejections: "
            + ", ".join(f"{k} {stats[k]}" for k in REJECTIONS)
        )
    write_jsonl(out_path, kept)
    write_json(
        card_path,
        {
            "model": model_name,
            "model_spec": model_spec,
            "seeds": seeds_path,
            "num_seeds": len(seeds),
            "settings": settings,
            "seed": seed,
            "statistics": stats,
        },
    )
