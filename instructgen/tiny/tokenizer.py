"""A byte-level BPE tokenizer trained on the corpus (rule train_tokenizer)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from instructgen.modeling import CHAT_TOKENS, SPECIAL_TOKENS
from instructgen.settings import TinyTokenizer
from instructgen.tiny.data import training_texts

LOG = logging.getLogger(__name__)


def train_tokenizer(texts: Sequence[str], vocab_size: int, min_frequency: int, out_dir: str):
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    bpe = ByteLevelBPETokenizer()
    specials = [*SPECIAL_TOKENS.values(), *CHAT_TOKENS]
    bpe.train_from_iterator(
        texts, vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=specials
    )
    from tokenizers.processors import TemplateProcessing

    bpe.post_processor = TemplateProcessing(
        single="<s> $A", pair="<s> $A $B", special_tokens=[("<s>", bpe.token_to_id("<s>"))]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        additional_special_tokens=CHAT_TOKENS,
        model_max_length=4096,
        **SPECIAL_TOKENS,
    )
    tokenizer.padding_side = "left"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out_dir)
    return tokenizer


def main(*, passage_files, instruction_files, out_dir: str, settings: TinyTokenizer) -> None:
    from instructgen.io import atomic_dir

    texts = training_texts(passage_files, instruction_files)
    with atomic_dir(out_dir) as tmp:
        tokenizer = train_tokenizer(texts, settings.vocab_size, settings.min_frequency, str(tmp))
        LOG.info("tokenizer: %d tokens from %d texts", len(tokenizer), len(texts))
