"""REFINE-AF Fig. 7: Super-NI ROUGE-L against the number of instructions (rule
superni_vs_size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from instructgen.figures.common import read_instructions, superni_rouge_l


def main(
    *, points: Sequence[Mapping[str, str]], out_png: str, out_pdf: str
) -> dict[str, list[tuple[int, float]]]:
    """REFINE-AF Fig. 7: Super-NI ROUGE-L against the number of instructions trained on.

    ``points`` are dicts with series (e.g. "base refine_af"), dataset and metrics paths; x is
    the number of distinct instructions actually in the dataset, so an 'all' set smaller than
    planned is drawn where it really is.
    """
    from instructgen.plots import line_plot

    series: dict[str, list[tuple[int, float]]] = {}
    for point in points:
        x = len(read_instructions(point["dataset"]))
        series.setdefault(point["series"], []).append((x, superni_rouge_l(point["metrics"])))
    for values in series.values():
        values.sort()
    line_plot(
        [],
        {name: [y for _, y in values] for name, values in series.items()},
        "Super-NI score against number of instructions",
        "instructions in the training set",
        "Super-NI ROUGE-L",
        out_png,
        out_pdf,
        xs={name: [x for x, _ in values] for name, values in series.items()},
    )
    return series
