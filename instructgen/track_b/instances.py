"""REFINE-AF stage 3 (section II-D): an instance text for every instruction.

Two modes (config track_b.instances.mode):

- `one_pair`, REFINE-AF as section II-D describes it: "the same prompt used while training
  followed by 1 instruction from the instruction pool at a time. This generates a (input,
  output) pair corresponding to each input instruction". The prompt is the input-first one
  (Appendix IX-D: Self-Instruct's), the one the RL stage's rollouts continue; the first
  parseable (input, output) pair of each text is kept (instructgen.track_b.datasets).
- `self_instruct`, Self-Instruct's own pipeline: the rule classify_instructions
  (instructgen.track_b.classification) first asks the same policy whether each instruction is
  a classification task; a classification task then continues the output-first prompt (a class
  label, then an input of that class) with `max_new_tokens_classification` tokens (Self-Instruct:
  300, as its output-first prompt is longer), every other task the input-first prompt; the
  texts then go through Self-Instruct's post-processing (instructgen.track_b.postprocess).

The policy is the RL-tuned one for REFINE-AF and the untuned base model for the Self-Instruct
baseline; both fill the same prompts (instructgen.track_b.prompts). Decoding is greedy
(Self-Instruct generates instances at temperature 0), with a presence penalty and stop strings
as configured, and prompts are batched across instructions, so the text of an instruction does
not depend on the batch or shard it ran in. Each text records whether it ran into the token
limit (`truncated`, Self-Instruct's finish_reason "length"; instructgen.generation).

Jobs: `main` runs one shard and appends each finished batch to a resume file, so a killed shard
resumes where it stopped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import Inference, Instances
from instructgen.templates import InstancePrompts
from instructgen.track_b.classification import read_classification
from instructgen.track_b.prompts import read_prompts

# The dataset and post-processing steps parse generations with this module; generation (and
# torch, ~3 s of a job's start) is imported only where a model decodes.
if TYPE_CHECKING:
    from instructgen.generation import GenerationReport

LOG = logging.getLogger(__name__)


# The model moved on to a new task of the prompt's list: nothing after belongs to this one.
NEXT_TASK = re.compile(r"(?im)^[ \t]*task[ \t]*\d*[ \t]*:")


EXAMPLE = re.compile(r"(?im)^[ \t]*example[ \t]*\d+[ \t]*:?[ \t]*$")


OUTPUT = re.compile(r"(?im)^[ \t]*output[ \t]*\d*[ \t]*:")


# "Input:", "Input 2:", "Input 2 -" in front of an input (the IX-D demos use both forms).
INPUT_LABEL = re.compile(r"(?i)^\s*input[ \t]*\d*[ \t]*(?::|-)\s*")


# A parsed block: an instance, or None for a block that holds none (malformed).
Block = dict[str, str] | None


def instance_blocks(text: str) -> list[Block]:
    """The blocks of an input-first generation, in order: an instance each, or None.

    The text is cut at the first following "Task:" line, split at "Example N" lines, and each
    block must hold an "Output:" line: what precedes it is the input (a leading "Input:" /
    "Input N -" label removed, other field labels such as "Paragraph:" kept), what follows is
    the output, possibly empty. A block without "Output:" is malformed (None), and so is an
    empty text; empty text before the first "Example" is no block. Duplicates and empty
    outputs are kept: what to keep is the caller's choice (`first_pair`, or Self-Instruct's
    post-processing).
    """
    cut = NEXT_TASK.search(text)
    text = text[: cut.start()] if cut else text
    markers = list(EXAMPLE.finditer(text))
    if markers:
        pieces = [text[: markers[0].start()]]
        pieces += [
            text[m.end() : (markers[k + 1].start() if k + 1 < len(markers) else len(text))]
            for k, m in enumerate(markers)
        ]
    else:
        pieces = [text]
    blocks: list[Block] = []
    for index, piece in enumerate(pieces):
        if not piece.strip():
            if index > 0 or not markers:
                blocks.append(None)
            continue
        output = OUTPUT.search(piece)
        if output is None:
            blocks.append(None)
            continue
        input_text = INPUT_LABEL.sub("", piece[: output.start()].strip(), count=1).strip()
        blocks.append({"input": input_text, "output": piece[output.end() :].strip()})
    return blocks


# "Class label:" (or "Class label 2:") in front of each label of an output-first generation.
CLASS_LABEL = re.compile(r"(?im)^[ \t]*class[ \t]+label[ \t]*\d*[ \t]*:")


def class_label_blocks(text: str) -> list[Block]:
    """The blocks of an output-first (classification) generation: an instance each, or None.

    The text is cut at the first following "Task:" line and split at "Class label:" lines. The
    rest of a label's line is the label, the instance's output (empty when the line is); the
    lines after it, up to the next label, are the input (a leading "Input:" label removed, field
    labels such as "Sentence:" kept), empty for a task without input. Text before the first
    label is malformed (None), and so is a text with no label at all. Duplicates and empty
    labels are kept (Self-Instruct's post-processing drops them).
    """
    cut = NEXT_TASK.search(text)
    text = text[: cut.start()] if cut else text
    markers = list(CLASS_LABEL.finditer(text))
    if not markers:
        return [None]
    blocks: list[Block] = [None] if text[: markers[0].start()].strip() else []
    for k, marker in enumerate(markers):
        end = markers[k + 1].start() if k + 1 < len(markers) else len(text)
        label, _, rest = text[marker.end() : end].partition("\n")
        blocks.append(
            {"input": INPUT_LABEL.sub("", rest.strip(), count=1).strip(), "output": label.strip()}
        )
    return blocks


def generation_blocks(text: str, is_classification: bool | None) -> list[Block]:
    """The blocks of one instruction's text, read with the parser of the prompt it continued
    (output-first for a classification task, input-first otherwise, and always in the
    one_pair mode, which asks no classification question: `is_classification` None)."""
    return (class_label_blocks if is_classification else instance_blocks)(text)


def instances_of(blocks: list[Block]) -> tuple[list[dict[str, str]], int]:
    """(the instances, the number of malformed blocks)."""
    return [b for b in blocks if b is not None], sum(1 for b in blocks if b is None)


def parse_instances(text: str) -> tuple[list[dict[str, str]], int]:
    """An input-first generation's instances and malformed-block count (`instance_blocks`)."""
    return instances_of(instance_blocks(text))


def parse_class_label_instances(text: str) -> tuple[list[dict[str, str]], int]:
    """An output-first generation's instances and malformed-block count
    (`class_label_blocks`)."""
    return instances_of(class_label_blocks(text))


def first_pair(text: str) -> tuple[dict[str, str] | None, bool]:
    """The one_pair mode's instance: the first parseable (input, output) pair of an input-first
    text, one whose "Output:" is followed by text, or None; and whether it is the text's last
    block (so a generation cut by the token limit may have cut it)."""
    blocks = instance_blocks(text)
    for index, block in enumerate(blocks):
        if block is not None and block["output"]:
            return block, index == len(blocks) - 1
    return None, False


def instance_prompts(
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool] | None,
    prompts: InstancePrompts,
) -> list[str]:
    """Each instruction's prompt: output-first where `classification` (by instruction id) says
    it is a classification task, input-first otherwise (always, with no `classification`: the
    one_pair mode)."""
    if classification is None:
        return [prompts.instance(r["instruction"]) for r in instructions]
    missing = [r["id"] for r in instructions if r["id"] not in classification]
    if missing:
        raise ValueError(f"no classification answer for {len(missing)} instructions")
    return [
        prompts.instance(r["instruction"], classification=classification[r["id"]])
        for r in instructions
    ]


def token_limits(
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool] | None,
    settings: Instances,
) -> list[int]:
    """Each instruction's max_new_tokens: `max_new_tokens_classification` for a classification
    task in the self_instruct mode, `max_new_tokens` otherwise. (Self-Instruct lowers the limit
    for a whole request of 5 prompts when one of them is a classification task; here it is per
    instruction, so that a text never depends on the batch it ran in.)"""
    if classification is None or settings.max_new_tokens_classification is None:
        return [settings.max_new_tokens] * len(instructions)
    return [
        settings.max_new_tokens_classification
        if classification[r["id"]]
        else settings.max_new_tokens
        for r in instructions
    ]


def instance_job(
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool] | None,
    prompts: InstancePrompts,
    settings: Instances,
    shard: int = 0,
    num_shards: int = 1,
    resume_file: str | Path | None = None,
) -> ItemJob:
    """One shard's job; its key holds each instruction's prompt (which shows the answer that
    picked it) and the settings (both token limits among them)."""
    return ItemJob.of_prompts(
        "instances",
        settings,
        [r["id"] for r in instructions],
        instance_prompts(instructions, classification, prompts),
        shard=shard,
        num_shards=num_shards,
        resume_path=resume_file,
    )


def generate_shard(
    model,
    tokenizer,
    instructions: list[dict[str, Any]],
    classification: Mapping[str, bool] | None,
    prompts: InstancePrompts,
    settings: Instances,
    execution: Inference,
    job: ItemJob,
    report: GenerationReport | None = None,
) -> list[dict[str, Any]]:
    """Generated text for the job's instructions, as {id, index, is_classification, truncated,
    text}, in pool order; `classification` maps each instruction id to the identification
    answer that picks its prompt (None in the one_pair mode, whose records say null).
    Instructions with different token limits run in separate batches; resumable through the
    job's log."""
    from instructgen.generation import SamplingParams, generate, reached_token_limit, token_counter

    texts = instance_prompts(instructions, classification, prompts)
    limits = token_limits(instructions, classification, settings)
    done: dict[int, list[str]] = {}
    for limit in sorted(set(limits)):
        units = [[i for i in unit if limits[i] == limit] for unit in job.units]
        done.update(
            generate(
                model,
                tokenizer,
                texts,
                SamplingParams(
                    max_new_tokens=limit,
                    stop_strings=tuple(settings.stop_sequences),
                    presence_penalty=settings.presence_penalty,
                ),
                keys=[r["id"] for r in instructions],
                batch_size=execution.batch_size,
                batch_tokens=execution.batch_tokens,
                units=[unit for unit in units if unit],
                resume=job.log,
                report=report,
                desc=f"instances shard {job.shard} ({limit} tokens)",
            )
        )
    count_tokens = token_counter(tokenizer)
    return [
        {
            "id": instructions[i]["id"],
            "index": i,
            "is_classification": None
            if classification is None
            else classification[instructions[i]["id"]],
            "truncated": reached_token_limit(done[i][0], count_tokens, limits[i]),
            "text": done[i][0],
        }
        for i in sorted(done)
    ]


def main(
    *,
    instructions_path: str,
    prompts_path: str,
    classification_path: str | None,
    settings: Instances,
    execution: Inference,
    shard: int,
    num_shards: int,
    resume_file: str,
    out_path: str,
) -> None:
    """One shard; `classification_path` is the classification step's answers in the
    self_instruct mode, None in the one_pair mode."""
    from instructgen.generation import GenerationReport, load_generator
    from instructgen.modeling import resolve_device

    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    if not instructions:
        raise InputError(instructions_path, "no instructions")
    if (classification_path is None) != (settings.mode == "one_pair"):
        raise ValueError(f"the {settings.mode} mode takes classification answers only if it asks")
    classification = None
    if classification_path is not None:
        classification = read_classification(classification_path)
        missing = [r["id"] for r in instructions if r["id"] not in classification]
        if missing:
            raise InputError(
                classification_path,
                f"no answer for {len(missing)} instructions ({missing[0]}, ...)",
            )
    prompts = read_prompts(prompts_path)
    job = instance_job(
        instructions, classification, prompts, settings, shard, num_shards, resume_file
    )
    model, tokenizer = load_generator(settings.policy, resolve_device(execution.device))
    report = GenerationReport()
    records = generate_shard(
        model, tokenizer, instructions, classification, prompts, settings, execution, job, report
    )
    counts = report.as_dict() | {"truncated": sum(r["truncated"] for r in records)}
    write_jsonl(out_path, records)
    job.write_card(out_path, counts, execution)
    job.finish()
