"""Self-Instruct's classification identification, the first step of its instance generation (rule
classify_instructions, in the self_instruct mode of track_b.instances.mode only).

Self-Instruct generates instances with two prompts and chooses between them per instruction: it
first asks the model, with a few-shot prompt of tasks each followed by "Is it classification?"
and "Yes" or "No", whether the instruction is a classification task, decoding greedily a few
tokens up to the end of the line; "Yes" sends the instruction to the output-first prompt, any
other answer to the input-first one (instructgen.track_b.instances). Both methods take this step
in that mode, each with the model that then writes its instances: the RL-tuned policy for
refine_af, the untuned backbone for self_instruct. The question is the run's
(instructgen.track_b.prompts): Self-Instruct's `template_1` in the paper configuration.

`main` writes one record per instruction, in pool order, {id, is_classification, answer}
(answer: the decoded text the decision was read from), and beside it a card with the counts.
Finished batches are appended to a resume file, so a killed job continues where it stopped.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instructgen import plan
from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.jobs import ItemJob
from instructgen.settings import Classification, Inference
from instructgen.templates import InstancePrompts
from instructgen.track_b.prompts import read_prompts

# Track B's data steps read classifications through this module; generation (and torch) is
# imported only where a model decodes.
if TYPE_CHECKING:
    from instructgen.generation import GenerationReport

LOG = logging.getLogger(__name__)

# The answer ends with its line; a model that goes on to write the next task stops there too.
STOP_STRINGS = ("\n", "Task")
_PUNCTUATION = ".,;:!?\"'()"


def parse_answer(text: str) -> bool:
    """Whether a decoded answer says "Yes": its first word, in any case and without trailing
    punctuation. Anything else (No, an empty or unrelated answer) is not a classification task,
    as in Self-Instruct, which only takes "Yes" for one."""
    words = text.split()
    return bool(words) and words[0].strip(_PUNCTUATION).lower() == "yes"


def classification_job(
    instructions: list[dict[str, Any]],
    prompts: InstancePrompts,
    settings: Classification,
    resume_file: str | Path | None,
) -> ItemJob:
    questions = [prompts.classification_question(r["instruction"]) for r in instructions]
    keys = [r["id"] for r in instructions]
    return ItemJob.of_prompts("classification", settings, keys, questions, resume_path=resume_file)


def classify(
    model,
    tokenizer,
    instructions: list[dict[str, Any]],
    prompts: InstancePrompts,
    settings: Classification,
    execution: Inference,
    job: ItemJob,
    report: GenerationReport | None = None,
) -> list[dict[str, Any]]:
    """{id, is_classification, answer} for every instruction, in pool order; resumable through
    the job's log."""
    from instructgen.generation import SamplingParams, generate

    questions = [prompts.classification_question(r["instruction"]) for r in instructions]
    params = SamplingParams(max_new_tokens=settings.max_new_tokens, stop_strings=STOP_STRINGS)
    done = generate(
        model,
        tokenizer,
        questions,
        params,
        keys=[r["id"] for r in instructions],
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units,
        resume=job.log,
        report=report,
        desc="classification",
    )
    return [
        {
            "id": record["id"],
            "is_classification": parse_answer(done[i][0]),
            "answer": done[i][0].strip(),
        }
        for i, record in enumerate(instructions)
    ]


def counts(records: list[dict[str, Any]]) -> dict[str, int]:
    """How many instructions were and were not taken for classification tasks."""
    yes = sum(1 for r in records if r["is_classification"])
    return {
        "instructions": len(records),
        "classification": yes,
        "non_classification": len(records) - yes,
    }


def read_classification(path: str | Path) -> dict[str, bool]:
    """Instruction id -> is_classification, from a file `main` wrote."""
    records = read_jsonl(path, ["id", "is_classification"])
    for line, record in enumerate(records, 1):
        if not isinstance(record["is_classification"], bool):
            raise InputError(path, f"line {line}: is_classification is not true or false")
    return {r["id"]: r["is_classification"] for r in records}


def main(
    *,
    instructions_path: str,
    prompts_path: str,
    settings: Classification,
    execution: Inference,
    resume_file: str,
    out_path: str,
) -> None:
    from instructgen.generation import GenerationReport, load_generator
    from instructgen.modeling import resolve_device

    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    if not instructions:
        raise InputError(instructions_path, "no instructions")
    prompts = read_prompts(prompts_path)
    job = classification_job(instructions, prompts, settings, resume_file)
    model, tokenizer = load_generator(settings.policy, resolve_device(execution.device))
    report = GenerationReport()
    records = classify(model, tokenizer, instructions, prompts, settings, execution, job, report)
    totals = counts(records)
    LOG.info("classification tasks: %s", totals)
    write_jsonl(out_path, records)
    write_json(
        plan.card(out_path),
        {
            "instructions_file": instructions_path,
            "policy": dataclasses.asdict(settings.policy),
            "counts": totals,
            "settings": {"max_new_tokens": settings.max_new_tokens},
            "generation": report.as_dict(),
            "execution": dataclasses.asdict(execution),
        },
    )
    job.finish()
