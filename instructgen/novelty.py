"""ROUGE-L novelty filter for Self-Instruct style bootstrapping.

A new instruction is kept only if its ROUGE-L F-measure with every
instruction already in the pool (seeds and previously kept ones) is below a
threshold (0.7 in Self-Instruct / Alpaca / REFINE-AF).  The decisions are
exactly those of ``rouge_score`` (``RougeScorer(["rougeL"],
use_stemmer=False)``): same tokenizer, same LCS, and the same F-measure
``2 * LCS / (|a| + |b|)``, except that we compare it with the threshold in
exact integer arithmetic.  ``rouge_score`` computes the F-measure in floating
point, so a pair sitting exactly on the threshold (e.g. 7 shared tokens out
of 10 + 10 at 0.7) may come out a hair above or below it; we define such a tie
as *rejected*.  Float rounding is the only possible difference from
``rouge_score``'s own ``fmeasure``.

Why this is fast compared with the reference loop (tokenise both strings and
run an O(|a|·|b|) Python DP against every pool member, for every candidate):

* every string is tokenised once and mapped to integer token ids;
* a candidate first gets an upper bound on its LCS with *all* pool members at
  once: LCS(a, b) <= |multiset(a) ∩ multiset(b)| (which itself is
  <= min(|a|, |b|), the length bound).  The multiset intersection is a dot
  product of binary "k-th occurrence of token t" indicator vectors, so it is
  computed for the whole pool with inverted posting lists and numpy;
* only pool members whose bound reaches the threshold get an exact LCS, in
  order of decreasing slack so that a rejection is usually found first try,
  and the exact LCS is bit-parallel (Allison-Dix / Hyyrö) over Python ints,
  or over numpy uint64 lanes (one per pool member) when the bound leaves many
  pairs, e.g. texts made of the same words in different orders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np
from rouge_score.tokenizers import DefaultTokenizer

__all__ = [
    "NoveltyPool",
    "filter_novel",
    "lcs_length",
    "rouge_l_fraction",
    "tokenize",
]

DEFAULT_THRESHOLD = 0.7

# The exact tokenizer RougeScorer(["rougeL"], use_stemmer=False) uses.
_TOKENIZER = DefaultTokenizer(use_stemmer=False)

# Postings arrays start this small and double, so adding one pool member costs
# amortised O(number of its tokens).
_INITIAL_POSTINGS_CAPACITY = 8
# When the bound leaves many pairs (text built from the same few words, in any
# order), exact LCS runs bit-parallel in numpy uint64 lanes, one lane per pool
# member, which needs the candidate to fit in 64 bits and the member in the
# padded token matrix.
_WORD_BITS = 64
_PYTHON_FIRST_PAIRS = 16
_VECTOR_MIN_PAIRS = 64


def tokenize(text: str) -> list[str]:
    """Tokenise ``text`` exactly as rouge_score's ROUGE-L scorer does."""
    return _TOKENIZER.tokenize(text)


def _threshold_fraction(threshold: float | Fraction) -> Fraction:
    # str() first so that 0.7 means 7/10 rather than the binary float's value.
    return Fraction(str(threshold))


def _match_masks(tokens: Sequence[int]) -> dict[int, int]:
    """Bit i of masks[t] is set iff tokens[i] == t."""
    masks: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    return masks


def _lcs_from_masks(masks: dict[int, int], length: int, other: Sequence[int]) -> int:
    """Bit-parallel LCS (Hyyrö's form of Allison-Dix) of a pre-masked sequence."""
    full = (1 << length) - 1
    v = full
    get = masks.get
    for tok in other:
        m = get(tok)
        if m:
            u = v & m
            v = (v + u) | (v - u)
    # Zero bits of V (within the first `length` bits) count LCS matches.
    return length - (v & full).bit_count()


def lcs_length(a: Sequence[int] | Sequence[str], b: Sequence[int] | Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences."""
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0
    return _lcs_from_masks(_match_masks(a), len(a), b)  # type: ignore[arg-type]


def rouge_l_fraction(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> Fraction:
    """Exact ROUGE-L F-measure; 0 when either side is empty (as rouge_score)."""
    if not a_tokens or not b_tokens:
        return Fraction(0)
    return Fraction(2 * lcs_length(a_tokens, b_tokens), len(a_tokens) + len(b_tokens))


class _Postings:
    """Growable int32 array of pool indices holding one indicator feature."""

    __slots__ = ("data", "size")

    def __init__(self) -> None:
        self.data = np.empty(_INITIAL_POSTINGS_CAPACITY, dtype=np.int32)
        self.size = 0

    def append(self, index: int) -> None:
        if self.size == len(self.data):
            grown = np.empty(2 * len(self.data), dtype=np.int32)
            grown[: self.size] = self.data
            self.data = grown
        self.data[self.size] = index
        self.size += 1

    def view(self) -> np.ndarray:
        return self.data[: self.size]


class NoveltyPool:
    """An incrementally growing instruction pool with an exact ROUGE-L check.

    ``add_if_novel(text)`` keeps ``text`` iff its ROUGE-L F with every pool
    member is strictly below ``threshold`` and then adds it to the pool, so a
    long-running bootstrapping loop never re-tokenises the pool.
    """

    def __init__(self, texts: Iterable[str] = (), threshold: float | Fraction = DEFAULT_THRESHOLD):
        frac = _threshold_fraction(threshold)
        self.threshold = frac
        self._num = frac.numerator
        self._den = frac.denominator
        self._vocab: dict[str, int] = {}
        # (token id, occurrence number) -> feature id; see _features.
        self._feature_ids: dict[tuple[int, int], int] = {}
        self._postings: list[_Postings] = []
        self._tokens: list[tuple[int, ...]] = []
        self._lengths = np.empty(_INITIAL_POSTINGS_CAPACITY, dtype=np.int64)
        self._seen: set[tuple[int, ...]] = set()
        # Row i holds member i's token ids padded with -1 (members longer than
        # _WORD_BITS tokens stay all -1 and always take the Python LCS path).
        self._matrix = np.full((_INITIAL_POSTINGS_CAPACITY, 1), -1, dtype=np.int32)
        for text in texts:
            self.add(text)

    def __len__(self) -> int:
        return len(self._tokens)

    # -- encoding -----------------------------------------------------------

    def _encode(self, text: str) -> tuple[int, ...]:
        vocab = self._vocab
        ids = []
        for tok in tokenize(text):
            tid = vocab.get(tok)
            if tid is None:
                tid = vocab[tok] = len(vocab)
            ids.append(tid)
        return tuple(ids)

    @staticmethod
    def _occurrences(ids: Sequence[int]) -> list[tuple[int, int]]:
        """(token, k) for the k-th occurrence of each token.

        sum_t min(count_a[t], count_b[t]) equals the number of shared
        (token, k) pairs, so the multiset-intersection bound is a plain
        count of shared binary features.
        """
        counts: dict[int, int] = {}
        out = []
        for tid in ids:
            k = counts.get(tid, 0)
            counts[tid] = k + 1
            out.append((tid, k))
        return out

    # -- pool growth ----------------------------------------------------------

    def add(self, text: str) -> None:
        """Add ``text`` to the pool unconditionally (e.g. a seed)."""
        self._add_ids(self._encode(text))

    def _add_ids(self, ids: tuple[int, ...]) -> None:
        index = len(self._tokens)
        self._tokens.append(ids)
        self._seen.add(ids)
        if index == len(self._lengths):
            self._lengths = np.concatenate([self._lengths, np.empty_like(self._lengths)])
        self._lengths[index] = len(ids)
        self._store_row(index, ids)
        feature_ids = self._feature_ids
        for occ in self._occurrences(ids):
            fid = feature_ids.get(occ)
            if fid is None:
                fid = feature_ids[occ] = len(self._postings)
                self._postings.append(_Postings())
            self._postings[fid].append(index)

    def _store_row(self, index: int, ids: tuple[int, ...]) -> None:
        rows, width = self._matrix.shape
        if len(ids) > _WORD_BITS:
            return
        if index >= rows or len(ids) > width:
            grown = np.full((max(rows, 2 * index), max(width, len(ids))), -1, dtype=np.int32)
            grown[:rows, :width] = self._matrix
            self._matrix = grown
        self._matrix[index, : len(ids)] = ids

    # -- the check ------------------------------------------------------------

    def is_novel(self, text: str) -> bool:
        """True iff ROUGE-L F of ``text`` with every pool member is < threshold."""
        return self._is_novel_ids(self._encode(text))

    def add_if_novel(self, text: str) -> bool:
        """Add ``text`` to the pool iff it is novel; return whether it was."""
        ids = self._encode(text)
        if not self._is_novel_ids(ids):
            return False
        self._add_ids(ids)
        return True

    def _is_novel_ids(self, ids: tuple[int, ...]) -> bool:
        n = len(self._tokens)
        if n == 0:
            return True
        if self._num <= 0:
            # Every score is >= 0 >= threshold.
            return False
        if not ids:
            # An empty side scores exactly 0 < threshold.
            return True
        if ids in self._seen and self._num <= self._den:
            # An exact duplicate scores 1 >= threshold.
            return False
        bound = self._intersection_bound(ids, n)
        lengths = self._lengths[:n]
        need = self._required_lcs(len(ids), lengths)
        slack = bound - need
        (hits,) = np.nonzero(slack >= 0)
        if hits.size == 0:
            return True
        # Most slack first: a near-duplicate, if any, is then usually found
        # with a single exact LCS.
        order = hits[np.argsort(-slack[hits], kind="stable")]
        return not self._any_reaches(ids, order, need)

    def _intersection_bound(self, ids: tuple[int, ...], n: int) -> np.ndarray:
        """Multiset intersection size with every pool member (an LCS bound)."""
        feature_ids = self._feature_ids
        postings = self._postings
        parts = []
        for occ in self._occurrences(ids):
            fid = feature_ids.get(occ)
            if fid is not None:
                parts.append(postings[fid].view())
        if not parts:
            return np.zeros(n, dtype=np.int64)
        return np.bincount(np.concatenate(parts), minlength=n)

    def _required_lcs(self, la: int, lengths: np.ndarray) -> np.ndarray:
        """Smallest LCS that is rejected, per pool member.

        reject iff 2·LCS·den >= num·(la + lb)  iff  LCS >= ceil(num·(la+lb) / (2·den)).
        Both sides are integers, so the test is free of rounding.
        """
        num, two_den = self._num, 2 * self._den
        max_len = int(lengths.max()) if lengths.size else 0
        if num * (la + max_len) < 2**62:
            return -((-num * (la + lengths)) // two_den)
        # Huge numerators (a threshold like 0.30000000000000004): exact
        # Python integers instead of overflowing int64.
        need = [-((-num * (la + int(lb))) // two_den) for lb in lengths]
        return np.array(need, dtype=object)

    def _any_reaches(self, ids: tuple[int, ...], order: np.ndarray, need: np.ndarray) -> bool:
        """Does any pool member in ``order`` have LCS >= need with ``ids``?"""
        masks = _match_masks(ids)
        la = len(ids)
        head, rest = order[:_PYTHON_FIRST_PAIRS], order[_PYTHON_FIRST_PAIRS:]
        if self._python_reaches(masks, la, head, need):
            return True
        if rest.size < _VECTOR_MIN_PAIRS or la > _WORD_BITS:
            return self._python_reaches(masks, la, rest, need)
        in_matrix = self._lengths[rest] <= self._matrix.shape[1]
        vector_rows, python_rows = rest[in_matrix], rest[~in_matrix]
        if vector_rows.size and np.any(
            self._vector_lcs(masks, la, vector_rows) >= need[vector_rows]
        ):
            return True
        return self._python_reaches(masks, la, python_rows, need)

    def _python_reaches(
        self, masks: dict[int, int], la: int, rows: np.ndarray, need: np.ndarray
    ) -> bool:
        tokens = self._tokens
        for j in rows.tolist():
            if _lcs_from_masks(masks, la, tokens[j]) >= need[j]:
                return True
        return False

    def _vector_lcs(self, masks: dict[int, int], la: int, rows: np.ndarray) -> np.ndarray:
        """_lcs_from_masks for many pool members at once, one uint64 lane each."""
        # Padding (-1) indexes the extra last slot, whose mask is 0.
        lookup = np.zeros(len(self._vocab) + 1, dtype=np.uint64)
        for tok, mask in masks.items():
            lookup[tok] = mask
        width = int(self._lengths[rows].max())
        match = lookup[self._matrix[rows, :width]]
        full = np.uint64((1 << la) - 1)
        v = np.full(rows.size, full, dtype=np.uint64)
        for j in range(width):
            u = v & match[:, j]
            # uint64 wrap-around only drops carries above bit 63, never below.
            v = (v + u) | (v - u)
        return la - np.bitwise_count(v & full).astype(np.int64)


def filter_novel(
    candidates: list[str], pool: list[str], threshold: float = DEFAULT_THRESHOLD
) -> list[bool]:
    """Sequential ROUGE-L novelty decisions for ``candidates`` (True = kept).

    Each candidate is judged against ``pool`` plus every earlier kept
    candidate, so a later duplicate of a kept candidate is rejected.  The
    input ``pool`` list is not modified.
    """
    novelty_pool = NoveltyPool(pool, threshold=threshold)
    return [novelty_pool.add_if_novel(text) for text in candidates]
