"""LLM extraction: an instruction-following model picks the key segment of each passage with
the Table 10 prompt, greedily (rule extract_fragments_llm). Resumable like every item step
(instructgen.jobs).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.fragments.rule_based import check_not_empty, fragment_records
from instructgen.generation import GenerationReport, SamplingParams, generate, load_generator
from instructgen.jobs import ItemJob
from instructgen.settings import Inference, LLMExtraction
from instructgen.templates import extraction_prompt

LOG = logging.getLogger(__name__)
# An instruction-following model ends its answer; one that runs on starts a new block.
STOP_STRINGS = ("###",)


def extract_with_model(
    passages: Sequence[dict[str, Any]],
    model,
    tokenizer,
    corpus: str,
    settings: LLMExtraction,
    execution: Inference,
    job: ItemJob | None = None,
    report: GenerationReport | None = None,
) -> list[dict[str, Any]]:
    """LLM extraction: greedy generation on the Table 10 prompt for every passage."""
    prompts = [extraction_prompt(p["text"]) for p in passages]
    params = SamplingParams(max_new_tokens=settings.max_new_tokens, stop_strings=STOP_STRINGS)
    outputs = generate(
        model,
        tokenizer,
        prompts,
        params,
        keys=[p["id"] for p in passages],
        batch_size=execution.batch_size,
        batch_tokens=execution.batch_tokens,
        units=job.units if job else None,
        resume=job.log if job else None,
        report=report,
        desc="llm extraction",
    )
    texts = [outputs[i][0] for i in range(len(passages))]
    return fragment_records(passages, texts, "llm_extraction", corpus)


def main(
    *,
    passages_path: str,
    corpus: str,
    settings: LLMExtraction,
    execution: Inference,
    out_path: str,
    resume_path: str | None = None,
) -> int:
    from instructgen.io import read_jsonl, write_jsonl

    passages = read_jsonl(passages_path, ["id", "text"])
    if not passages:
        raise InputError(passages_path, "the corpus is empty")
    prompts = [extraction_prompt(p["text"]) for p in passages]
    keys = [p["id"] for p in passages]
    job = ItemJob.of_prompts("llm_extraction", settings, keys, prompts, resume_path=resume_path)
    model, tokenizer = load_generator(settings.model, execution.device)
    report = GenerationReport()
    records = extract_with_model(
        passages, model, tokenizer, corpus, settings, execution, job, report
    )
    check_not_empty(records, len(passages), out_path)
    count = write_jsonl(out_path, records)
    job.write_card(out_path, report.as_dict(), execution)
    job.finish()
    return count
