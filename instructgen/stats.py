"""Small statistics used by the figures and tables: moving averages, Spearman, text lengths."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def moving_average(values: Sequence[float], window: int = 30) -> np.ndarray:
    """Trailing mean over the last ``window`` points, same length as ``values``.

    For the first ``window - 1`` steps fewer points exist, so the mean is over all points so far
    (step 0 is the value itself). This keeps the curve defined from the first PPO step instead
    of starting ``window`` steps late, at the cost of noisier early values.
    """
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    data = np.asarray(values, dtype=float)
    if data.ndim != 1:
        raise ValueError("moving_average expects a 1-D sequence")
    if data.size == 0:
        return data
    cumulative = np.concatenate([[0.0], np.cumsum(data)])
    ends = np.arange(1, data.size + 1)
    starts = np.maximum(ends - window, 0)
    return (cumulative[ends] - cumulative[starts]) / (ends - starts)


def average_ranks(values: Sequence[float]) -> np.ndarray:
    """1-based ranks; tied values all get the mean of the ranks they span."""
    data = np.asarray(values, dtype=float)
    order = np.argsort(data, kind="mergesort")
    ranks = np.empty(data.size, dtype=float)
    sorted_values = data[order]
    start = 0
    while start < data.size:
        stop = start + 1
        while stop < data.size and sorted_values[stop] == sorted_values[start]:
            stop += 1
        # Positions start..stop-1 hold ranks start+1..stop; their mean is (start+1+stop)/2.
        ranks[order[start:stop]] = (start + 1 + stop) / 2.0
        start = stop
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation (Pearson correlation of average ranks).

    Returns NaN when fewer than two points are given or either series is constant, as
    scipy.stats.spearmanr does, since the correlation is undefined there.
    """
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length: {len(x)} vs {len(y)}")
    if len(x) < 2:
        return float("nan")
    rx = average_ranks(x)
    ry = average_ranks(y)
    dx = rx - rx.mean()
    dy = ry - ry.mean()
    denominator = np.sqrt(np.sum(dx * dx) * np.sum(dy * dy))
    if denominator == 0:
        return float("nan")
    return float(np.sum(dx * dy) / denominator)


def length_stats(texts: Iterable[str]) -> dict[str, float]:
    """Count and mean/median/max length in whitespace tokens; NaN lengths for no texts."""
    lengths = np.array([len(text.split()) for text in texts], dtype=float)
    if lengths.size == 0:
        nan = float("nan")
        return {"count": 0, "mean_tokens": nan, "median_tokens": nan, "max_tokens": nan}
    return {
        "count": int(lengths.size),
        "mean_tokens": float(lengths.mean()),
        "median_tokens": float(np.median(lengths)),
        "max_tokens": float(lengths.max()),
    }
