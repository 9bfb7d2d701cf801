"""T5 stand-ins (UniEval, T5 v1.1, Flan-T5): a sentencepiece unigram tokenizer with the 100
<extra_id_*> sentinels, and a T5 of the repository's version trained as the default's T5 of the
same role is: UniEval as rule train_unieval_model, the backbones as rule
pretrain_seq2seq_backbone."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from instructgen.standins.data import Corpus
from instructgen.standins.hub import save_weights, write_json
from instructgen.standins.repos import Repo
from instructgen.standins.spm import train_sentencepiece, write_sentencepiece_tokenizer

LOG = logging.getLogger(__name__)

# T5's spiece.model: a unigram model, <pad> = 0, </s> = 1, <unk> = 2, no BOS, NFKC. The
# vocabulary is "at most" the setting: a unigram model's seed vocabulary of a corpus this small
# can hold fewer pieces than asked for.
T5_SENTENCEPIECE = {
    "model_type": "unigram",
    "hard_vocab_limit": False,
    "normalization_rule_name": "nmt_nfkc",
    "pad_id": 0,
    "eos_id": 1,
    "unk_id": 2,
    "bos_id": -1,
}
# Google's T5 releases pad the embedding matrix to a multiple of 128 rows (32,100 tokens ->
# vocab_size 32,128); a fine-tune that resized it to its tokenizer (UniEval: 32,100) has exactly
# one row per token. The repository's vocab_size says which.
VOCAB_MULTIPLE = 128
# UniEval reads P("Yes") and P("No") of the first decoder token, so each must be one token.
ANSWERS = ("Yes", "No")


def write_tokenizer(repo: Repo, texts: list[str], settings: dict[str, Any], folder: Path):
    """spiece.model trained on `texts` with T5's options, and the repository's configs; the
    answers UniEval reads must be single tokens."""
    model = train_sentencepiece(texts, settings["vocab_size"], **T5_SENTENCEPIECE)
    tokenizer = write_sentencepiece_tokenizer(repo, model, "spiece.model", folder)
    for word in ANSWERS:
        pieces = tokenizer.tokenize(word)
        if pieces != ["▁" + word]:
            raise ValueError(f"the T5 tokenizer splits {word!r} into {pieces}, not one token")
    return tokenizer


def standin_config(repo: Repo, tokens: int, settings: dict[str, Any]) -> dict[str, Any]:
    """The repository's config.json at tiny_models.seq2seq's sizes."""
    config = dict(repo.config)
    multiple = VOCAB_MULTIPLE if repo.config["vocab_size"] % VOCAB_MULTIPLE == 0 else 1
    config.update(
        d_model=settings["d_model"],
        d_kv=settings["d_model"] // settings["num_heads"],
        d_ff=settings["d_ff"],
        num_layers=settings["num_layers"],
        num_decoder_layers=settings["num_layers"],
        num_heads=settings["num_heads"],
        vocab_size=-(-tokens // multiple) * multiple,
    )
    return config


def build(
    repo: Repo, corpus: Corpus, settings: dict[str, Any], seed: int, folder: Path
) -> dict[str, Any]:
    """Tokenizer, config.json, training and weights; returns what the card records."""
    from transformers import AutoConfig

    from instructgen.tiny.data import train_t5
    from instructgen.tiny.t5_backbone import backbone_pairs_from
    from instructgen.tiny.unieval import unieval_examples

    unieval = unieval_examples(corpus.triplets, seed)
    # The tokenizer also reads UniEval's examples, answers included, so that "Yes" and "No" are
    # pieces of their own as in T5's vocabulary: every T5 stand-in shares this tokenizer, as
    # the real ones share T5's.
    tokenizer_texts = corpus.texts + [f"{question} {answer}" for question, answer in unieval]
    tokenizer = write_tokenizer(repo, tokenizer_texts, settings["tokenizer"], folder)
    tokenizer.padding_side = "right"
    # The model is built from the written file, so config.json is exactly what was trained.
    write_json(folder / "config.json", standin_config(repo, len(tokenizer), settings["seq2seq"]))
    config = AutoConfig.from_pretrained(folder)
    if repo.training == "unieval":
        examples, desc, end_with_eos = unieval, "unieval", False
    else:
        examples, desc, end_with_eos = (
            backbone_pairs_from(corpus.passages, corpus.triplets),
            "t5",
            True,
        )
    model, losses = train_t5(
        tokenizer,
        examples,
        settings["seq2seq"],
        seed,
        desc=desc,
        end_with_eos=end_with_eos,
        config=config,
        # T5 v1.1 (UniEval's base, the XL backbones) says so in its config.json.
        untied_output=repo.config.get("tie_word_embeddings") is False,
    )
    LOG.info("%s: %s loss %.3f -> %.3f", repo.hub_id, desc, losses[0], losses[-1])
    saved = save_weights(model, folder, repo.weights)
    return {
        "tokens": len(tokenizer),
        "parameters": sum(p.numel() for p in model.parameters()),
        "examples": len(examples),
        "losses": {desc: [losses[0], losses[-1]]},
        "weights": saved,
    }
