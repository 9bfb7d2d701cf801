"""Tests for moving averages, Spearman correlation, length statistics and the chart helpers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from instructgen.plots import grouped_bar, histogram, line_plot, line_with_moving_average
from instructgen.stats import length_stats, moving_average, spearman


def test_moving_average_trailing_window_with_short_start() -> None:
    got = moving_average([1, 2, 3, 4, 5, 6], window=3)
    # First two steps average what exists so far; then a full 3-point trailing window.
    np.testing.assert_allclose(got, [1.0, 1.5, 2.0, 3.0, 4.0, 5.0])


def test_moving_average_matches_direct_loop() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(size=200)
    expected = [values[max(0, i - 29) : i + 1].mean() for i in range(len(values))]
    np.testing.assert_allclose(moving_average(values), expected)


def test_moving_average_edge_cases() -> None:
    np.testing.assert_allclose(moving_average([4.0, 8.0], window=1), [4.0, 8.0])
    assert moving_average([], window=5).size == 0
    with pytest.raises(ValueError):
        moving_average([1.0], window=0)


def test_spearman_monotone_and_reversed() -> None:
    x = [1, 2, 3, 4, 5]
    assert spearman(x, [2, 4, 8, 16, 32]) == pytest.approx(1.0)
    assert spearman(x, [50, 40, 30, 20, 10]) == pytest.approx(-1.0)


def test_spearman_hand_computed_tie_case() -> None:
    # y ranks with the tie averaged: [1, 2.5, 2.5, 4]; x ranks [1, 2, 3, 4].
    # Centred: x -> [-1.5, -0.5, 0.5, 1.5], y -> [-1.5, 0, 0, 1.5];
    # sum xy = 4.5, sum x^2 = 5, sum y^2 = 4.5, rho = 4.5 / sqrt(22.5) = 0.9486833.
    assert spearman([1, 2, 3, 4], [10, 20, 20, 30]) == pytest.approx(4.5 / math.sqrt(22.5))


def test_spearman_undefined_cases() -> None:
    assert math.isnan(spearman([1, 2, 3], [5, 5, 5]))
    assert math.isnan(spearman([1], [2]))
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_length_stats() -> None:
    stats = length_stats(["a b c", "one", "  x   y  ", "w1 w2 w3 w4 w5 w6"])
    assert stats == {"count": 4, "mean_tokens": 3.0, "median_tokens": 2.5, "max_tokens": 6.0}
    empty = length_stats([])
    assert empty["count"] == 0 and math.isnan(empty["mean_tokens"])


def _assert_written(png: Path, pdf: Path) -> None:
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_chart_helpers_write_png_and_pdf(tmp_path: Path) -> None:
    histogram([1, 2, 2, 3, 3, 3], "Lengths", "tokens", tmp_path / "h.png", tmp_path / "h.pdf")
    _assert_written(tmp_path / "h.png", tmp_path / "h.pdf")

    steps = np.arange(100)
    rewards = np.sin(steps / 10) + steps / 50
    rho = line_with_moving_average(
        steps, rewards, 30, "(7B)", "Reward", tmp_path / "r.png", tmp_path / "r.pdf"
    )
    assert rho == pytest.approx(spearman(steps, rewards))
    _assert_written(tmp_path / "r.png", tmp_path / "r.pdf")

    grouped_bar(
        ["a", "b", "c"],
        {"base": [1, 2, 3], "tuned": [2, 3, 4]},
        "Scores",
        "score",
        tmp_path / "g.png",
        tmp_path / "nested" / "g.pdf",
        caption="a caption",
    )
    _assert_written(tmp_path / "g.png", tmp_path / "nested" / "g.pdf")
    with pytest.raises(ValueError):
        grouped_bar(["a"], {"s": [1, 2]}, "t", "y", tmp_path / "x.png", tmp_path / "x.pdf")

    line_plot(
        [1, 2, 3], {"m": [0.1, 0.2, 0.4]}, "Curve", "x", "y", tmp_path / "l.png", tmp_path / "l.pdf"
    )
    _assert_written(tmp_path / "l.png", tmp_path / "l.pdf")
