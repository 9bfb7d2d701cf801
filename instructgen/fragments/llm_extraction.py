"""LLM extraction: an instruction-following model picks the key segment of each passage with
the Table 10 prompt (rule extract_fragments_llm).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.fragments.rule_based import check_not_empty, fragment_records
from instructgen.generation import SamplingParams, generate, load_generator
from instructgen.templates import extraction_prompt

LOG = logging.getLogger(__name__)


def extract_with_model(
    passages: Sequence[dict[str, Any]],
    model,
    tokenizer,
    corpus: str,
    settings: dict[str, Any],
    seed: int,
) -> list[dict[str, Any]]:
    """LLM extraction: greedy generation on the Table 10 prompt for every passage."""
    prompts = [extraction_prompt(p["text"]) for p in passages]
    params = SamplingParams(max_new_tokens=settings["max_new_tokens"], stop_strings=("###",))
    outputs = generate(
        model,
        tokenizer,
        prompts,
        params,
        keys=[p["id"] for p in passages],
        seed=seed,
        batch_size=settings["batch_size"],
        desc="llm extraction",
    )
    texts = [outputs[i][0] for i in range(len(passages))]
    return fragment_records(passages, texts, "llm_extraction", corpus)


def main(
    *, passages_path: str, corpus: str, model_spec, settings, device: str, seed: int, out_path: str
) -> int:
    from instructgen.io import read_jsonl, write_jsonl

    passages = read_jsonl(passages_path, ["id", "text"])
    if not passages:
        raise InputError(passages_path, "the corpus is empty")
    model, tokenizer = load_generator(model_spec, device)
    records = extract_with_model(passages, model, tokenizer, corpus, settings, seed)
    check_not_empty(records, len(passages), out_path)
    return write_jsonl(out_path, records)
