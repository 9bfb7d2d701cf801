"""Figures for the reports; every function writes a PNG and a PDF.

Figures are built with matplotlib's object API on an Agg canvas rather than through pyplot, so
no figure is ever registered in pyplot's global state: nothing can leak between calls or pop up
a window, and a finished figure is freed as soon as the function returns.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Wedge

from instructgen.diversity.trees import VerbEntry, top_verbs_and_nouns
from instructgen.stats import moving_average, spearman

PathLike = str | Path

# Sunburst geometry, in data units of an axes spanning [-1.05, 1.05].
_INNER = (0.22, 0.62)  # verb ring: inner and outer radius
_OUTER = (0.62, 1.0)  # noun ring
_AXES_SPAN = 2.1


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def _add_caption(fig: Figure, caption: str | None, width_chars: int = 110) -> None:
    """Caption text under everything already drawn (axis labels included); the tight bounding
    box used when saving grows to hold it, so it never overlaps the axes."""
    if caption:
        drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
        top = drawn.y0 / fig.get_figheight() - 0.1 / fig.get_figheight()
        fig.text(0.5, top, textwrap.fill(caption, width_chars), ha="center", va="top", size=8)


def _save(fig: Figure, out_png: PathLike, out_pdf: PathLike) -> None:
    for path in (Path(out_png), Path(out_pdf)):
        path.parent.mkdir(parents=True, exist_ok=True)
        # A PDF otherwise records when it was drawn: without the date, a rerun writes the same
        # bytes.
        metadata = {"CreationDate": None} if path.suffix == ".pdf" else None
        fig.savefig(path, bbox_inches="tight", metadata=metadata)
    fig.clear()  # drop artists now; the Figure is not in pyplot, so nothing else holds it


# --------------------------------------------------------------------------------------------
# Sunburst of verbs and their direct-object nouns
# --------------------------------------------------------------------------------------------


def _lighten(color: tuple[float, float, float], amount: float) -> tuple[float, float, float]:
    """Blend towards white; noun wedges use lighter shades of their verb's colour."""
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _radial_rotation(angle_deg: float) -> float:
    """Text rotation along a wedge's radius, flipped on the left half so it never reads upside
    down."""
    angle = angle_deg % 360
    return angle - 180 if 90 < angle < 270 else angle


def _fit_label(
    text: str, span_deg: float, radius: float, ring: tuple[float, float], points_per_unit: float
) -> tuple[str, float] | None:
    """(label, font size) that fits inside a wedge, or None when the wedge is too thin.

    The text runs along the radius, so its length must fit the ring width and its height the
    arc width at the label's radius; shrinking the font is preferred over truncation.
    """
    arc_points = math.radians(span_deg) * radius * points_per_unit
    length_points = (ring[1] - ring[0]) * points_per_unit * 0.9
    for size in (10.0, 9.0, 8.0, 7.0, 6.0):
        if arc_points < size * 1.15:
            continue
        max_chars = int(length_points / (0.6 * size))
        if len(text) <= max_chars:
            return text, size
        if size == 6.0 and max_chars >= 4:
            return text[: max_chars - 1] + "\u2026", size
    return None


def _draw_ring_label(ax, text, start, span, ring, points_per_unit, weight="normal") -> None:
    radius = (ring[0] + ring[1]) / 2
    fitted = _fit_label(text, span, radius, ring, points_per_unit)
    if fitted is None:
        return
    label, size = fitted
    mid = start + span / 2
    x = radius * math.cos(math.radians(mid))
    y = radius * math.sin(math.radians(mid))
    ax.text(
        x,
        y,
        label,
        rotation=_radial_rotation(mid),
        rotation_mode="anchor",
        ha="center",
        va="center",
        size=size,
        weight=weight,
    )


def _draw_sunburst(ax, entries: list[VerbEntry], points_per_unit: float) -> None:
    sizes = [sum(n for _, n in entry.nouns) for entry in entries]
    total = float(sum(sizes))
    palette = colormaps["tab20"].colors
    start = 90.0  # first verb at 12 o'clock, then counter-clockwise
    for index, (entry, size) in enumerate(zip(entries, sizes, strict=True)):
        span = 360.0 * size / total
        color = palette[(index * 2) % 20 if index < 10 else (index * 2 + 1) % 20]
        ax.add_patch(
            Wedge((0, 0), _INNER[1], start, start + span, width=_INNER[1] - _INNER[0],
                  facecolor=color, edgecolor="white", linewidth=1.0)
        )  # fmt: skip
        _draw_ring_label(ax, entry.verb, start, span, _INNER, points_per_unit, weight="bold")
        noun_start = start
        for k, (noun, count) in enumerate(entry.nouns):
            noun_span = 360.0 * count / total
            shade = _lighten(color, 0.35 + 0.12 * k)
            ax.add_patch(
                Wedge((0, 0), _OUTER[1], noun_start, noun_start + noun_span,
                      width=_OUTER[1] - _OUTER[0], facecolor=shade, edgecolor="white",
                      linewidth=0.6)
            )  # fmt: skip
            _draw_ring_label(ax, noun, noun_start, noun_span, _OUTER, points_per_unit)
            noun_start += noun_span
        start += span


def sunburst(
    verb_noun_counts: Mapping[tuple[str, str], int] | Sequence[tuple[str | None, str | None]],
    title: str,
    out_png: PathLike,
    out_pdf: PathLike,
    caption: str | None = None,
    n_verbs: int = 20,
    n_nouns: int = 4,
) -> list[VerbEntry]:
    """Two-ring donut: top verbs inside, each verb's top nouns outside; returns what it drew.

    Wedge sizes are the counts of the pairs shown, so each verb's wedge spans exactly its
    nouns. Labels run along the radius and appear only where they fit (see _fit_label).
    """
    entries = top_verbs_and_nouns(verb_noun_counts, n_verbs=n_verbs, n_nouns=n_nouns)
    width = 9.0
    fig = _new_figure(width, width + (0.6 if caption else 0.3))
    ax = fig.add_axes((0.0, 0.06 if caption else 0.02, 1.0, 0.9))
    ax.set_xlim(-_AXES_SPAN / 2, _AXES_SPAN / 2)
    ax.set_ylim(-_AXES_SPAN / 2, _AXES_SPAN / 2)
    ax.set_aspect("equal")
    ax.axis("off")
    if entries:
        points_per_unit = width * 0.9 / _AXES_SPAN * 72  # axes is 0.9 of the height, square
        _draw_sunburst(ax, entries, points_per_unit)
    else:
        ax.text(0, 0, "no verb\u2013noun pairs", ha="center", va="center", size=12)
    fig.suptitle(title, size=14, weight="bold", y=0.99)
    _add_caption(fig, caption)
    _save(fig, out_png, out_pdf)
    return entries


# --------------------------------------------------------------------------------------------
# General charts
# --------------------------------------------------------------------------------------------


def histogram(
    values: Sequence[float],
    title: str,
    xlabel: str,
    out_png: PathLike,
    out_pdf: PathLike,
    bins: int | Sequence[float] = 30,
    ylabel: str = "count",
    caption: str | None = None,
) -> None:
    """One histogram; ``bins`` is a count or the bin edges (e.g. a fixed 0-1 range for scores)."""
    fig = _new_figure(6.4, 4.4)
    ax = fig.add_subplot()
    ax.hist(np.asarray(values, dtype=float), bins=bins, color="tab:blue", edgecolor="white")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    _add_caption(fig, caption, 90)
    _save(fig, out_png, out_pdf)


def line_with_moving_average(
    steps: Sequence[float],
    values: Sequence[float],
    window: int,
    label_extra: str,
    title: str,
    out_png: PathLike,
    out_pdf: PathLike,
    xlabel: str = "PPO step",
    ylabel: str = "mean reward",
    caption: str | None = None,
) -> float:
    """Raw per-step values, their trailing moving average, and Spearman(step, value) in the
    legend; returns that Spearman coefficient."""
    rho = spearman(steps, values)
    fig = _new_figure(7.0, 4.4)
    ax = fig.add_subplot()
    suffix = f" {label_extra}" if label_extra else ""
    ax.plot(steps, values, color="tab:blue", alpha=0.35, linewidth=0.8, label=f"{ylabel}{suffix}")
    ax.plot(
        steps,
        moving_average(values, window),
        color="tab:blue",
        linewidth=2.0,
        label=f"{window}-step moving average (Spearman \u03c1 = {rho:.2f})",
    )
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    _add_caption(fig, caption, 100)
    _save(fig, out_png, out_pdf)
    return rho


def grouped_bar(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    ylabel: str,
    out_png: PathLike,
    out_pdf: PathLike,
    xlabel: str = "",
    caption: str | None = None,
) -> None:
    """One group of bars per category, one bar (and legend entry) per series."""
    for name, values in series.items():
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
    fig = _new_figure(max(6.4, 0.9 * len(categories) * max(1, len(series)) / 2), 4.4)
    ax = fig.add_subplot()
    positions = np.arange(len(categories))
    bar_width = 0.8 / max(1, len(series))
    for k, (name, values) in enumerate(series.items()):
        offset = (k - (len(series) - 1) / 2) * bar_width
        ax.bar(positions + offset, values, width=bar_width, label=name)
    ax.set_xticks(positions, list(categories), rotation=30 if len(categories) > 6 else 0)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if len(series) > 1:
        ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    _add_caption(fig, caption, 90)
    _save(fig, out_png, out_pdf)


def line_plot(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str,
    ylabel: str,
    out_png: PathLike,
    out_pdf: PathLike,
    caption: str | None = None,
    marker: str = "o",
    xs: Mapping[str, Sequence[float]] | None = None,
) -> None:
    """One line per series over shared x values; ``xs`` gives a series its own x values (e.g.
    dataset sizes that differ between models)."""
    fig = _new_figure(6.4, 4.4)
    ax = fig.add_subplot()
    for name, values in series.items():
        ax.plot((xs or {}).get(name, x), values, marker=marker, label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if len(series) > 1:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _add_caption(fig, caption, 90)
    _save(fig, out_png, out_pdf)


def histogram_panels(
    panels: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str,
    out_png: PathLike,
    out_pdf: PathLike,
    bins: int = 30,
    ylabel: str = "count",
    caption: str | None = None,
) -> None:
    """Side-by-side histograms, one panel per named series, each with its own x range (the
    lengths of instructions, inputs and outputs differ by an order of magnitude)."""
    fig = _new_figure(4.0 * max(1, len(panels)), 4.2)
    axes = fig.subplots(1, max(1, len(panels)), squeeze=False)[0]
    for ax, (name, values) in zip(axes, panels.items(), strict=False):
        data = np.asarray(values, dtype=float)
        if data.size:
            ax.hist(data, bins=bins, color="tab:blue", edgecolor="white")
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        ax.set(title=name, xlabel=xlabel, ylabel=ylabel)
    fig.suptitle(title, size=12, weight="bold")
    fig.tight_layout()
    _add_caption(fig, caption, 40 * max(1, len(panels)))
    _save(fig, out_png, out_pdf)


def small_multiples(
    curves: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str,
    xlabel: str,
    ylabel: str,
    out_png: PathLike,
    out_pdf: PathLike,
    ncols: int = 4,
    caption: str | None = None,
) -> None:
    """A grid of small line charts, one per named (x, y) curve, each with its own axes: curves
    of different lengths and scales (e.g. training losses of many checkpoints) stay readable."""
    count = max(1, len(curves))
    ncols = min(ncols, count)
    nrows = math.ceil(count / ncols)
    fig = _new_figure(3.2 * ncols, 2.5 * nrows + 0.6)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, (name, (x, y)) in zip(axes, curves.items(), strict=False):
        ax.plot(x, y, color="tab:blue", linewidth=1.2)
        ax.set_title(textwrap.fill(name, 34), size=8)
        ax.set_xlabel(xlabel, size=8)
        ax.set_ylabel(ylabel, size=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in axes[len(curves) :]:
        ax.axis("off")
    fig.suptitle(title, size=12, weight="bold")
    fig.tight_layout()
    _add_caption(fig, caption, 30 * ncols)
    _save(fig, out_png, out_pdf)
