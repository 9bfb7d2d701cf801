"""Each extraction strategy on known passages."""

from __future__ import annotations

import pytest

from instructgen.errors import InputError
from instructgen.fragments import llm_extraction, rule_based
from instructgen.modeling import load_model, load_tokenizer
from instructgen.settings import Inference, LLMExtraction, ModelSpec, RuleFragments

PASSAGE = {
    "id": "wikipedia-1",
    "source": "wikipedia",
    "text": (
        "Eskel is a fishing town on the Marrow River. The town is famous for its copper bells. "
        "Every winter the people of Eskel hold a lantern festival on the old stone bridge."
    ),
}
KEYWORDS = {"top_k": 3, "max_ngram_size": 3, "dedup_threshold": 0.9}


def extract(passages, strategy: str, seed: int = 1):
    settings = RuleFragments(strategy, seed=seed, **(KEYWORDS if strategy == "keywords" else {}))
    return rule_based.extract(passages, "unsupervised", settings)


def test_whole_keeps_the_passage():
    [record] = extract([PASSAGE], "whole", 1)
    assert record["text"] == " ".join(PASSAGE["text"].split())
    assert record["id"] == "wikipedia-1:whole" and record["strategy"] == "whole"


def test_keywords_are_phrases_of_the_passage():
    [record] = extract([PASSAGE], "keywords", 1)
    phrases = record["text"].split(", ")
    assert 1 <= len(phrases) <= 3
    assert all(p.lower() in PASSAGE["text"].lower() for p in phrases)


def test_random_sentence_is_one_sentence_and_seeded():
    sentences = rule_based.split_sentences(PASSAGE["text"])
    picks = {extract([PASSAGE], "random_sentence", seed)[0]["text"] for seed in range(12)}
    assert picks <= set(sentences) and len(picks) > 1
    again = extract([PASSAGE], "random_sentence", 3)
    assert again == extract([PASSAGE], "random_sentence", 3)


def test_unknown_strategy():
    with pytest.raises(ValueError, match="unknown strategy"):
        extract([PASSAGE], "summary", 1)


def test_llm_extraction_generates_a_fragment_per_passage(tiny_lm_dir):
    model, tokenizer = load_model(tiny_lm_dir), load_tokenizer(tiny_lm_dir)
    passages = [dict(PASSAGE, id=f"wikipedia-{i}") for i in range(3)]
    settings = LLMExtraction(ModelSpec(tiny_lm_dir), max_new_tokens=8)
    records = llm_extraction.extract_with_model(
        passages, model, tokenizer, "unsupervised", settings, Inference("cpu", 2)
    )
    ids = [r["passage_id"] for r in records]
    assert ids == [p["id"] for p in passages if p["id"] in ids]
    assert all(r["strategy"] == "llm_extraction" and r["text"] for r in records)


def test_fragment_set_that_filters_to_nothing():
    empty = dict(PASSAGE, text="Hi.")
    records = extract([empty], "random_sentence", 1)
    with pytest.raises(InputError, match="fragment set is empty"):
        rule_based.check_not_empty(records, 1, "results/fragments/x.jsonl")
