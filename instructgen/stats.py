"""Small statistics used by the figures and cards: a trailing moving average, Spearman's rho
and text lengths, on top of pandas, scipy and numpy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def moving_average(values: Sequence[float], window: int = 30) -> np.ndarray:
    """Trailing mean over the last ``window`` points, same length as ``values``.

    For the first ``window - 1`` steps fewer points exist, so the mean is over all points so far
    (step 0 is the value itself). This keeps the curve defined from the first PPO step instead
    of starting ``window`` steps late, at the cost of noisier early values.
    """
    import pandas as pd

    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    data = np.asarray(values, dtype=float)
    if data.ndim != 1:
        raise ValueError("moving_average expects a 1-D sequence")
    return pd.Series(data).rolling(window, min_periods=1).mean().to_numpy()


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation; NaN when it is undefined (fewer than two points, or a
    constant series), as scipy returns it."""
    from scipy.stats import spearmanr

    if len(x) != len(y):
        raise ValueError(f"x and y differ in length: {len(x)} vs {len(y)}")
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return float("nan")
    return float(spearmanr(x, y).statistic)


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
