"""Tests for the exact, fast ROUGE-L novelty filter."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from rouge_score import rouge_scorer

from instructgen.novelty import (
    NoveltyPool,
    _match_masks,
    filter_novel,
    lcs_length,
    rouge_l_fraction,
    tokenize,
)

SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
SMALL_VOCAB = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta"]
WIDE_VOCAB = SMALL_VOCAB + [f"w{i}" for i in range(40)]


# -- a straightforward reference ---------------------------------------------


def reference_tokens(text: str) -> list[str]:
    return SCORER._tokenizer.tokenize(text)


def reference_rejects(a: list[str], b: list[str], threshold: Fraction) -> bool:
    """ROUGE-L F >= threshold, via rouge_score's own LCS table, exactly."""
    if not a or not b:
        return 0 >= threshold
    lcs = rouge_scorer._lcs_table(a, b)[-1][-1]
    return Fraction(2 * lcs, len(a) + len(b)) >= threshold


def reference_filter(candidates: list[str], pool: list[str], threshold: float) -> list[bool]:
    thr = Fraction(str(threshold))
    kept_tokens = [reference_tokens(t) for t in pool]
    decisions = []
    for text in candidates:
        toks = reference_tokens(text)
        keep = not any(reference_rejects(toks, other, thr) for other in kept_tokens)
        decisions.append(keep)
        if keep:
            kept_tokens.append(toks)
    return decisions


# -- generated near-duplicates --------------------------------------------------


def _render(words: list[str], rng: random.Random) -> str:
    # Case and punctuation changes must not matter to rouge_score's tokenizer.
    out = []
    for w in words:
        w = w.upper() if rng.random() < 0.1 else w
        out.append(w + rng.choice(["", "", "", ",", "!", " -", "'s"]))
    return " ".join(out)


def _mutate(words: list[str], vocab: list[str], rng: random.Random) -> list[str]:
    words = list(words)
    for _ in range(rng.randint(0, 4)):
        op = rng.random()
        if op < 0.4 and words:
            words[rng.randrange(len(words))] = rng.choice(vocab)
        elif op < 0.7 and words:
            del words[rng.randrange(len(words))]
        else:
            words.insert(rng.randint(0, len(words)), rng.choice(vocab))
    return words


def generate_strings(n: int, seed: int) -> list[str]:
    """Strings over small vocabularies with many near-duplicates and ties."""
    rng = random.Random(seed)
    made: list[list[str]] = []
    texts = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.03:
            words: list[str] = []
        elif roll < 0.45 and made:
            words = _mutate(rng.choice(made), WIDE_VOCAB, rng)
        elif roll < 0.5 and made:
            words = list(rng.choice(made))  # exact duplicate
        else:
            vocab = SMALL_VOCAB if rng.random() < 0.3 else WIDE_VOCAB
            words = [rng.choice(vocab) for _ in range(rng.randint(1, 14))]
        made.append(words)
        texts.append(_render(words, rng) if words or rng.random() < 0.5 else " ?! ")
    return texts


def count_ties(texts: list[str], threshold: float) -> int:
    """Pairs among ``texts`` whose ROUGE-L F equals ``threshold`` exactly."""
    thr = Fraction(str(threshold))
    toks = [reference_tokens(t) for t in texts]
    ties = 0
    for i, a in enumerate(toks):
        for b in toks[:i]:
            total = len(a) + len(b)
            # A tie needs 2·LCS = thr·total to be an integer; skip the LCS otherwise.
            if a and b and (thr * total).denominator in (1, 2):
                ties += rouge_l_fraction(a, b) == thr
    return ties


# -- tests --------------------------------------------------------------------


def test_tokenize_is_rouge_score_tokenizer():
    text = "Write a POEM, about cats' 3 lives!! naïve -- ok"
    assert tokenize(text) == reference_tokens(text)
    assert tokenize("  ?! ") == []


def test_decisions_match_reference_on_generated_strings():
    texts = generate_strings(1300, seed=1234)
    seeds, candidates = texts[:100], texts[100:]
    expected = reference_filter(candidates, seeds, 0.7)
    assert filter_novel(candidates, seeds, 0.7) == expected
    # The data must exercise both outcomes and exact ties for this to mean much.
    assert 0.1 < sum(expected) / len(expected) < 0.9
    assert count_ties(texts[:400], 0.7) > 0


# 0.1 + 0.2 == 0.30000000000000004: exact with a 17-digit denominator.
@pytest.mark.parametrize("threshold", [0.5, 1.0, 0.3, 0.1 + 0.2, 0.0, 1.5])
def test_decisions_match_reference_for_other_thresholds(threshold):
    texts = generate_strings(350, seed=7)
    seeds, candidates = texts[:30], texts[30:]
    assert filter_novel(candidates, seeds, threshold) == reference_filter(
        candidates, seeds, threshold
    )


def test_threshold_parameter_changes_decisions():
    texts = generate_strings(350, seed=7)
    kept = {t: sum(filter_novel(texts[30:], texts[:30], t)) for t in (0.3, 0.5, 0.7, 1.0)}
    assert kept[0.3] < kept[0.5] < kept[0.7] < kept[1.0]
    # At 1.0 only exact (token-level) duplicates are rejected.
    assert filter_novel(["a b c", "A, b c!", "a b c d"], [], 1.0) == [True, False, True]


def test_tie_at_threshold_is_rejected():
    base = "a b c d e f g h i j"
    tie = "a b c d e f g x y z"  # LCS 7, F = 14 / 20 = 0.7 exactly
    assert rouge_l_fraction(tokenize(base), tokenize(tie)) == Fraction(7, 10)
    assert filter_novel([tie], [base]) == [False]
    # One shared token fewer is strictly below the threshold and kept.
    assert filter_novel(["a b c d e f w x y z"], [base]) == [True]


def test_empty_strings_score_zero():
    assert rouge_l_fraction([], ["a"]) == 0
    # Empty candidates are novel against anything, even other empties.
    assert filter_novel(["", "!!", "x y"], ["", "a b c"], 0.7) == [True, True, True]
    # ...unless the threshold is 0, where every score (0 included) ties or beats it.
    assert filter_novel(["", "x"], ["y"], 0.0) == [False, False]
    assert filter_novel(["", "x"], [], 0.0) == [True, False]


def test_duplicates_inside_candidates_are_rejected_after_first():
    cands = ["Write a poem about the sea.", "write a POEM about the sea", "Name three colors."]
    assert filter_novel(cands + cands, []) == [True, False, True, False, False, False]


def test_rejected_candidates_do_not_join_pool():
    # "a b c d e f g h i j" is rejected by the seed; had it joined the pool it
    # would reject the last candidate (identical to it).
    seed = "a b c d e f g h i k"
    cands = ["a b c d e f g h i j", "q r s", "a b c d e f g h i j"]
    assert filter_novel(cands, [seed]) == [False, True, False]
    assert filter_novel(cands, []) == [True, True, False]


def test_pool_is_incremental_and_matches_filter():
    texts = generate_strings(400, seed=99)
    pool = NoveltyPool(texts[:40])
    assert len(pool) == 40
    decisions = []
    for text in texts[40:]:
        novel = pool.is_novel(text)
        before = len(pool)
        assert pool.is_novel(text) == novel and len(pool) == before  # no side effect
        decisions.append(pool.add_if_novel(text))
        assert decisions[-1] == novel and len(pool) == before + novel
    assert decisions == filter_novel(texts[40:], texts[:40])


def test_lcs_matches_rouge_score_table():
    rng = random.Random(5)
    for _ in range(2000):
        a = [rng.choice("abcdef") for _ in range(rng.randint(0, 80))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 80))]
        expected = rouge_scorer._lcs_table(a, b)[-1][-1] if a and b else 0
        assert lcs_length(a, b) == expected


def test_exact_score_agrees_with_rouge_score_fmeasure_up_to_rounding():
    """rouge_score's float fmeasure differs from the exact value only by rounding."""
    texts = generate_strings(400, seed=3)
    worst = 0.0
    for i in range(0, 400, 2):
        a, b = texts[i], texts[i + 1]
        exact = rouge_l_fraction(tokenize(a), tokenize(b))
        approx = SCORER.score(a, b)["rougeL"].fmeasure
        worst = max(worst, abs(float(exact) - approx))
    assert worst < 1e-9


def _shuffled(words: list[str], rng: random.Random) -> str:
    out = list(words)
    rng.shuffle(out)
    return " ".join(out[: rng.randint(len(out) - 2, len(out))])


@pytest.mark.parametrize("threshold", [0.7, 0.9])
def test_reordered_words_defeat_the_bound_but_not_exactness(threshold):
    """Same words in other orders: every pair passes the bound, LCS decides."""
    rng = random.Random(11)
    words = [f"t{i}" for i in range(10)]
    texts = [_shuffled(words, rng) for _ in range(420)]
    # Members and candidates too long for one 64-bit lane take the Python path.
    texts += [" ".join(words * 7), " ".join(words * 7 + ["t1"]), "t3 " + " ".join(words * 7)]
    seeds, candidates = texts[:300], texts[300:]
    assert filter_novel(candidates, seeds, threshold) == reference_filter(
        candidates, seeds, threshold
    )


def test_vectorised_lcs_matches_scalar_lcs():
    rng = random.Random(2)
    texts = [" ".join(rng.choice("abcdefg") for _ in range(rng.randint(0, 64))) for _ in range(300)]
    pool = NoveltyPool(texts)
    rows = np.arange(len(texts))
    for cand in texts[:40]:
        ids = pool._encode(cand)
        if not ids:
            continue
        got = pool._vector_lcs(_match_masks(ids), len(ids), rows)
        want = [lcs_length(tokenize(cand), tokenize(t)) for t in texts]
        assert got.tolist() == want


def test_huge_threshold_denominator_with_long_texts():
    """num·(|a|+|b|) past int64 switches to Python ints; decisions stay exact."""
    rng = random.Random(4)
    long_text = " ".join(rng.choice(SMALL_VOCAB) for _ in range(700))
    texts = [long_text, long_text + " zeta", *generate_strings(60, seed=8)]
    assert filter_novel(texts, [long_text[:900]], 0.1 + 0.2) == reference_filter(
        texts, [long_text[:900]], 0.1 + 0.2
    )
