"""REFINE-AF stage 3 (section II-D): an (input, output) instance set for every instruction.

REFINE-AF uses Self-Instruct's instance generation (Appendix IX-D), which has two prompts: the
rule classify_instructions (instructgen.track_b.classification) first asks the same policy
whether each instruction is a classification task; a classification task then continues the
output-first prompt (a class label, then an input of that class), every other task the
input-first prompt of IX-D. The policy is the RL-tuned one for REFINE-AF and the untuned base
model for the Self-Instruct baseline. Prompts are batched across instructions and decoded
greedily (Self-Instruct generates instances at temperature 0), so the text of an instruction's
instances does not depend on the batch or shard it ran in.

Jobs: `main` runs one shard and appends each finished batch to a resume file, so a killed shard
resumes where it stopped; instructgen.track_b.datasets merges all shards in pool order, parses
each text with the parser of the prompt it continued and writes the Table II subsets with
Table V statistics.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.generation import GenerationReport, SamplingParams, generate
from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import Inference, Instances
from instructgen.templates import instance_prompt
from instructgen.track_b.classification import read_classification

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


# "Class label:" (or "Class label 2:") in front of each label of an output-first generation.
CLASS_LABEL = re.compile(r"(?im)^[ \t]*class[ \t]+label[ \t]*\d*[ \t]*:")


def parse_class_label_instances(text: str) -> tuple[list[dict[str, str]], int]:
    """Instances of an output-first (classification) generation; returns (instances, malformed).

    The text is cut at the first following "Task:" line and split at "Class label:" lines. The
    rest of a label's line is the label, the instance's output; the lines after it, up to the
    next label, are the input (a leading "Input:" label removed, field labels such as
    "Sentence:" kept), empty for a task without input. A block with an empty label is
    malformed, and so is text before the first label (or a text with no label at all); exact
    duplicates of an earlier instance are dropped silently.
    """
    cut = NEXT_TASK.search(text)
    text = text[: cut.start()] if cut else text
    markers = list(CLASS_LABEL.finditer(text))
    if not markers:
        return [], 1
    malformed = 1 if text[: markers[0].start()].strip() else 0
    instances: list[dict[str, str]] = []
    for k, marker in enumerate(markers):
        end = markers[k + 1].start() if k + 1 < len(markers) else len(text)
        label, _, rest = text[marker.end() : end].partition("\n")
        if not label.strip():
            malformed += 1
            continue
        instance = {
            "input": INPUT_LABEL.sub("", rest.strip(), count=1).strip(),
            "output": label.strip(),
        }
        if instance not in instances:
            instances.append(instance)
    return instances, malformed


def parse_generation(text: str, is_classification: bool) -> tuple[list[dict[str, str]], int]:
    """The instances of one instruction's text, read with the parser of the prompt it
    continued (output-first for a classification task, input-first otherwise)."""
    return (parse_class_label_instances if is_classification else parse_instances)(text)


def instance_prompts(
    instructions: list[dict[str, Any]], classification: Mapping[str, bool]
) -> list[str]:
    """Each instruction's prompt: output-first where `classification` (by instruction id) says
    it is a classification task, input-first otherwise."""
    missing = [r["id"] for r in instructions if r["id"] not in classification]
    if missing:
        raise ValueError(f"no classification answer for {len(missing)} instructions")
    return [
        instance_prompt(r["instruction"], classification=classification[r["id"]])
        for r in instructions
    ]


def instance_job(
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool],
    settings: Instances,
    shard: int = 0,
    num_shards: int = 1,
    resume_file: str | Path | None = None,
) -> ItemJob:
    """One shard's job; its key holds each instruction with the answer that picks its prompt."""
    prompts = instance_prompts(instructions, classification)
    return ItemJob.of_prompts(
        "instances",
        settings,
        [r["id"] for r in instructions],
        prompts,
        shard=shard,
        num_shards=num_shards,
        resume_path=resume_file,
    )


def generate_shard(
    model,
    tokenizer,
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool],
    settings: Instances,
    execution: Inference,
    job: ItemJob,
    report: GenerationReport | None = None,
) -> list[dict[str, Any]]:
    """Generated text for the job's instructions, as {id, index, is_classification, text}, in
    pool order; `classification` maps each instruction id to the identification answer that
    picks its prompt. Resumable through the job's log."""
    prompts = instance_prompts(instructions, classification)
    done = generate(
        model,
        tokenizer,
        prompts,
        SamplingParams(max_new_tokens=settings.max_new_tokens),
        keys=[r["id"] for r in instructions],
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units,
        resume=job.log,
        report=report,
        desc=f"instances shard {job.shard}",
    )
    return [
        {
            "id": instructions[i]["id"],
            "index": i,
            "is_classification": classification[instructions[i]["id"]],
            "text": done[i][0],
        }
        for i in sorted(done)
    ]


def main(
    *,
    instructions_path: str,
    classification_path: str,
    settings: Instances,
    execution: Inference,
    shard: int,
    num_shards: int,
    resume_file: str,
    out_path: str,
) -> None:
    from instructgen.generation import load_generator
    from instructgen.modeling import resolve_device

    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    if not instructions:
        raise InputError(instructions_path, "no instructions")
    classification = read_classification(classification_path)
    missing = [r["id"] for r in instructions if r["id"] not in classification]
    if missing:
        raise InputError(
            classification_path, f"no answer for {len(missing)} instructions ({missing[0]}, ...)"
        )
    job = instance_job(instructions, classification, settings, shard, num_shards, resume_file)
    model, tokenizer = load_generator(settings.policy, resolve_device(execution.device))
    report = GenerationReport()
    records = generate_shard(
        model, tokenizer, instructions, classification, settings, execution, job, report
    )
    write_jsonl(out_path, records)
    job.write_card(out_path, report.as_dict(), execution)
    job.finish()
