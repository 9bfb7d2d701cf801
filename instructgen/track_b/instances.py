"""REFINE-AF stage 3 (section II-D): an (input, output) instance set for every instruction.

The policy (the RL-tuned one for REFINE-AF, the untuned base model for the Self-Instruct
baseline) continues the Appendix IX-D prompt followed by one instruction; prompts are batched
across instructions and decoded greedily (Self-Instruct generates instances at temperature 0), so
the text of an instruction's instances does not depend on the batch or shard it ran in.

Jobs: `main` runs one shard and appends each finished batch to a resume file, so a
killed shard resumes where it stopped; `main_datasets` merges all shards in pool order, parses
the texts into instances and writes the Table II subsets with Table V statistics.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import SamplingParams, generate
from instructgen.io import read_jsonl, write_jsonl
from instructgen.resume import ResumeLog
from instructgen.templates import instance_prompt

LOG = logging.getLogger(__name__)


# The model moved on to a new task of the prompt's list: nothing after belongs to this one.
NEXT_TASK = re.compile(r"(?im)^[ \t]*task[ \t]*\d*[ \t]*:")


EXAMPLE = re.compile(r"(?im)^[ \t]*example[ \t]*\d+[ \t]*:?[ \t]*$")


OUTPUT = re.compile(r"(?im)^[ \t]*output[ \t]*\d*[ \t]*:")


# "Input:", "Input 2:", "Input 2 -" in front of an input (the IX-D demos use both forms).
INPUT_LABEL = re.compile(r"(?i)^\s*input[ \t]*\d*[ \t]*(?::|-)\s*")


def parse_instances(text: str) -> tuple[list[dict[str, str]], int]:
    """Self-Instruct style instances in a generation; returns (instances, malformed count).

    The text is cut at the first following "Task:" line, split at "Example N" lines, and each
    block must hold an "Output:" line: what precedes it is the input (a leading "Input:" /
    "Input N -" label removed, other field labels such as "Paragraph:" kept), what follows is
    the output. A block without "Output:" or with an empty output is malformed and dropped;
    exact duplicates of an earlier instance are dropped silently.
    """
    cut = NEXT_TASK.search(text)
    text = text[: cut.start()] if cut else text
    markers = list(EXAMPLE.finditer(text))
    if markers:
        blocks = [text[: markers[0].start()]]
        blocks += [
            text[m.end() : (markers[k + 1].start() if k + 1 < len(markers) else len(text))]
            for k, m in enumerate(markers)
        ]
    else:
        blocks = [text]
    instances: list[dict[str, str]] = []
    malformed = 0
    for index, block in enumerate(blocks):
        if not block.strip():
            if index > 0 or not markers:
                malformed += 1
            continue
        output = OUTPUT.search(block)
        if output is None:
            malformed += 1
            continue
        input_text = INPUT_LABEL.sub("", block[: output.start()].strip(), count=1).strip()
        output_text = block[output.end() :].strip()
        if not output_text:
            malformed += 1
            continue
        instance = {"input": input_text, "output": output_text}
        if instance not in instances:
            instances.append(instance)
    return instances, malformed


def _fingerprint(instructions: list[dict[str, Any]], spec: Any, settings: dict[str, Any]) -> str:
    payload = json.dumps(
        [[r["id"], r["instruction"]] for r in instructions] + [spec, settings],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def generate_shard(
    model,
    tokenizer,
    instructions: list[dict[str, Any]],
    settings: dict[str, Any],
    seed: int,
    shard: int,
    num_shards: int,
    resume_file: str | Path,
    key: str = "",
) -> list[dict[str, Any]]:
    """Generated text for this shard's instructions, as {id, index, text}, in pool order;
    resumable through `resume_file` (an instructgen.resume.ResumeLog keyed by `key`)."""
    prompts = [instance_prompt(r["instruction"]) for r in instructions]
    params = SamplingParams(max_new_tokens=settings["max_new_tokens"])
    done = generate(
        model,
        tokenizer,
        prompts,
        params,
        keys=[r["id"] for r in instructions],
        seed=seed,
        batch_size=settings["batch_size"],
        shard=shard,
        num_shards=num_shards,
        resume=ResumeLog(resume_file, key),
        desc=f"instances shard {shard}",
    )
    mine = sorted(done)
    return [{"id": instructions[i]["id"], "index": i, "text": done[i][0]} for i in mine]


def main(
    *,
    instructions_path: str,
    policy_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    shard: int,
    num_shards: int,
    resume_file: str,
    out_path: str,
) -> None:
    from instructgen.generation import load_generator
    from instructgen.modeling import resolve_device
    from instructgen.track_b.bootstrap import model_identity

    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    if not instructions:
        raise InputError(instructions_path, "no instructions")
    model, tokenizer = load_generator(policy_spec, resolve_device(device))
    # Shard count and batch size do not change an item's text, so they do not void the state.
    key = _fingerprint(
        instructions, model_identity(policy_spec), {"max_new_tokens": settings["max_new_tokens"]}
    )
    records = generate_shard(
        model, tokenizer, instructions, settings, seed, shard, num_shards, resume_file, key
    )
    write_jsonl(out_path, records)
