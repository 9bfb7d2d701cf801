"""Training a sentencepiece model offline, the tokenizer family of LLaMA, Mistral and T5."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
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


def write_sentencepiece_tokenizer(repo, model: bytes, model_file: str, folder: Path):
    """A trained sentencepiece `model` saved as `model_file`, the repository's tokenizer configs,
    and (where the repository has one) tokenizer.json as transformers converts the model;
    returns the tokenizer loaded from the folder, as the pipeline loads it."""
    from transformers import AutoTokenizer

    from instructgen.standins.hub import write_json

    (folder / model_file).write_bytes(model)
    write_json(folder / "tokenizer_config.json", repo.tokenizer_config)
    write_json(folder / "special_tokens_map.json", repo.special_tokens_map)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    if "tokenizer.json" in repo.tokenizer_files:
        with tempfile.TemporaryDirectory(prefix=".tokenizer.", dir=folder.parent) as tmp:
            tokenizer.save_pretrained(tmp)
            shutil.copyfile(Path(tmp) / "tokenizer.json", folder / "tokenizer.json")
        tokenizer = AutoTokenizer.from_pretrained(folder)
    return tokenizer
