"""The fragment strategies that need no model: whole passages, YAKE keywords and a random
sentence (rule extract_fragments).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.jobs import item_seed
from instructgen.settings import RuleFragments

LOG = logging.getLogger(__name__)


SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def whole(passage: dict[str, Any], settings: RuleFragments) -> str:
    return passage["text"].strip()


def keywords(passage: dict[str, Any], settings: RuleFragments) -> str:
    """The passage's most distinctive phrases by YAKE, best first, comma-separated."""
    import yake

    extractor = yake.KeywordExtractor(
        lan="en",
        n=settings.max_ngram_size,
        dedup_lim=settings.dedup_threshold,
        top=settings.top_k,
    )
    return ", ".join(phrase for phrase, _ in extractor.extract_keywords(passage["text"]))


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if len(s.split()) >= 3]


def random_sentence(passage: dict[str, Any], settings: RuleFragments) -> str:
    """One sentence, drawn with a random stream of its own so the choice survives resampling."""
    sentences = split_sentences(passage["text"])
    if not sentences:
        return ""
    return random.Random(item_seed(settings.seed, passage["id"])).choice(sentences)


RULE_STRATEGIES: dict[str, Callable[[dict[str, Any], RuleFragments], str]] = {
    "whole": whole,
    "keywords": keywords,
    "random_sentence": random_sentence,
}


def fragment_records(
    passages, texts: Sequence[str], strategy: str, corpus: str
) -> list[dict[str, Any]]:
    records = []
    for passage, text in zip(passages, texts, strict=True):
        text = " ".join(text.split())
        if text:
            records.append(
                {
                    "id": f"{passage['id']}:{strategy}",
                    "passage_id": passage["id"],
                    "corpus": corpus,
                    "source": passage["source"],
                    "strategy": strategy,
                    "text": text,
                }
            )
    return records


def extract(
    passages: Sequence[dict[str, Any]], corpus: str, settings: RuleFragments
) -> list[dict[str, Any]]:
    """Fragments for a rule-based strategy; empty fragments are dropped (and counted)."""
    try:
        function = RULE_STRATEGIES[settings.strategy]
    except KeyError:
        raise ValueError(
            f"unknown strategy {settings.strategy!r}; known: {tuple(RULE_STRATEGIES)}"
        ) from None
    texts = [function(p, settings) for p in passages]
    return fragment_records(passages, texts, settings.strategy, corpus)


def check_not_empty(records: list[dict[str, Any]], total: int, path: str) -> None:
    if not records:
        raise InputError(path, f"fragment set is empty: all {total} passages gave empty fragments")
    if len(records) < total:
        LOG.warning(
            "%d of %d passages gave empty fragments and were dropped", total - len(records), total
        )


def main(*, passages_path: str, corpus: str, settings: RuleFragments, out_path: str) -> int:
    from instructgen.io import read_jsonl, write_jsonl

    passages = read_jsonl(passages_path, ["id", "text"])
    if not passages:
        raise InputError(passages_path, "the corpus is empty")
    records = extract(passages, corpus, settings)
    check_not_empty(records, len(passages), out_path)
    return write_jsonl(out_path, records)
