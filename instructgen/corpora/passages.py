"""Paper 1's unsupervised corpus: seeded samples of Wikipedia and C4 passages (rule
main).
"""

from __future__ import annotations

import logging
import random
import re

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import write_jsonl
from instructgen.settings import PassageSample

LOG = logging.getLogger(__name__)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _clip_words(text: str, max_words: int) -> str:
    """Cut at the last sentence end within max_words so passages stay well-formed."""
    words = text.split()
    if len(words) <= max_words:
        return " ".join(text.split())
    kept: list[str] = []
    for sentence in SENTENCE_END.split(" ".join(words)):
        if len(kept) + len(sentence.split()) > max_words:
            break
        kept.extend(sentence.split())
    return " ".join(kept or words[:max_words])


def _long_enough(directory: str, source: str, min_words: int):
    for passage in loaders.iter_passages(directory, source):
        if len(passage["text"].split()) >= min_words:
            yield passage


def main(*, wikipedia_dir: str, c4_dir: str, settings: PassageSample, out_path: str) -> int:
    """Paper 1's unsupervised corpus: seeded samples of Wikipedia and C4 passages.

    Two streaming passes per source (count the long-enough passages, then keep the sampled
    ones), so memory holds the sample, never the corpus."""
    min_words, max_words = settings.min_words, settings.max_words
    rng = random.Random(settings.seed)
    sampled = []
    for directory, source, count in (
        (wikipedia_dir, "wikipedia", settings.wikipedia_passages),
        (c4_dir, "c4", settings.c4_passages),
    ):
        available = sum(1 for _ in _long_enough(directory, source, min_words))
        if count > available:
            LOG.warning("%s: asked for %d passages, only %d long enough", source, count, available)
        chosen = set(rng.sample(range(available), min(count, available)))
        for index, passage in enumerate(_long_enough(directory, source, min_words)):
            if index in chosen:
                passage["text"] = _clip_words(passage["text"], max_words)
                sampled.append(passage)
    if not sampled:
        raise InputError(
            out_path, "the unsupervised corpus came out empty (check min_words and the sources)"
        )
    return write_jsonl(out_path, sampled)
