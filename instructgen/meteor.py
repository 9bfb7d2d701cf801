"""METEOR as reported by LongForm (Köksal et al.), via NLTK's implementation with WordNet.

LongForm reports corpus-level METEOR as the mean of sentence-level scores x100. Its repository
publishes no evaluation script; the usual way to compute it in 2023, Hugging Face
``evaluate``'s ``meteor``, tokenises with ``nltk.word_tokenize`` and calls
``nltk.translate.meteor_score.meteor_score`` with NLTK's default parameters
(alpha=0.9, beta=3, gamma=0.5). We do the same with one documented difference:

``word_tokenize`` first splits sentences with the Punkt model, which is a separate download
(``punkt_tab``) that offline machines lack. We instead split sentences at ``.``, ``!`` or ``?``
followed by whitespace and run the same Treebank-style word tokenizer (``NLTKWordTokenizer``)
on each piece. Tokens only differ from ``word_tokenize`` around abbreviations that Punkt knows
(e.g. "Dr. Smith"), which changes scores marginally; the tokenizer name is recorded with the
scores so results stay comparable.

NLTK's aligner passes the Porter *stems* left over from its stem stage to the WordNet synonym
stage, so synonyms only match when the stems are WordNet lemmas ("auto"/"car" match,
"automobile"/"car" do not). That is NLTK's behaviour and hence part of the reported numbers; it
is deliberately not "fixed" here.

NLTK's METEOR changed between releases (e.g. 3.6.5 requires pre-tokenised input), so the NLTK
version is reported with every score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.tokenize import NLTKWordTokenizer
from nltk.translate.meteor_score import meteor_score

from instructgen.wordnet import load_wordnet

TOKENIZER_NAME = "sentence-regex+NLTKWordTokenizer"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD_TOKENIZER = NLTKWordTokenizer()


def tokenize(text: str) -> list[str]:
    """Punkt-free approximation of ``nltk.word_tokenize`` (see module docstring)."""
    tokens: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        tokens.extend(_WORD_TOKENIZER.tokenize(sentence))
    return tokens


def sentence_meteor(
    prediction: str, references: Sequence[str], wordnet: WordNetCorpusReader
) -> float:
    """METEOR in [0, 1] of one prediction against its reference(s) (max over references)."""
    return meteor_score(
        [tokenize(reference) for reference in references],
        tokenize(prediction),
        wordnet=wordnet,
    )


def longform_meteor(
    predictions: list[str],
    references: list[str],
    nltk_data: str | Path | None = None,
) -> dict[str, float | int | str]:
    """Mean sentence METEOR x100 over aligned prediction/reference pairs.

    Returns ``meteor``, ``n``, ``nltk_version``, ``tokenizer`` and ``wordnet_version``.
    """
    if len(predictions) != len(references):
        raise ValueError(
            f"longform_meteor: {len(predictions)} predictions but {len(references)} references"
        )
    if not predictions:
        raise ValueError("longform_meteor: no predictions to score")
    wordnet = load_wordnet(None if nltk_data is None else str(nltk_data))
    scores = [
        sentence_meteor(prediction, [reference], wordnet)
        for prediction, reference in zip(predictions, references, strict=True)
    ]
    return {
        "meteor": 100.0 * sum(scores) / len(scores),
        "n": len(scores),
        "nltk_version": nltk.__version__,
        "tokenizer": TOKENIZER_NAME,
        "wordnet_version": wordnet.get_version(),
    }
