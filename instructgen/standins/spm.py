"""Training a sentencepiece model offline, the tokenizer family of LLaMA, Mistral and T5."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

# Whole passages are single sentences here; sentencepiece skips longer ones (4,192 bytes by
# default), which would drop most of the corpus.
MAX_SENTENCE_BYTES = 1 << 16


def train_sentencepiece(texts: Iterable[str], vocab_size: int, **options: Any) -> bytes:
    """A serialised sentencepiece model (the bytes of tokenizer.model / spiece.model) trained
    on `texts`; one thread, so the same texts give the same model."""
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(texts),
        model_writer=model,
        vocab_size=vocab_size,
        max_sentence_length=MAX_SENTENCE_BYTES,
        num_threads=1,
        minloglevel=2,
        **options,
    )
    return model.getvalue()
