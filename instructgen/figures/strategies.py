"""Paper 1 Fig. 3: Super-NI ROUGE-L per extraction strategy (rule extraction_strategies)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from instructgen.figures.common import superni_rouge_l


def main(
    *, points: Sequence[Mapping[str, str]], out_png: str, out_pdf: str
) -> dict[str, dict[str, float]]:
    """Paper 1 Fig. 3: Super-NI ROUGE-L per extraction strategy, one bar per generator/filter.

    ``points`` are dicts with strategy, variant (the rest of the dataset name) and metrics.
    """
    from instructgen.plots import grouped_bar

    strategies: list[str] = []
    scores: dict[str, dict[str, float]] = {}
    for point in points:
        if point["strategy"] not in strategies:
            strategies.append(point["strategy"])
        scores.setdefault(point["variant"], {})[point["strategy"]] = superni_rouge_l(
            point["metrics"]
        )
    grouped_bar(
        [s.replace("_", " ") for s in strategies],
        {variant: [v.get(s, math.nan) for s in strategies] for variant, v in scores.items()},
        "Super-NI score per extraction strategy",
        "Super-NI ROUGE-L",
        out_png,
        out_pdf,
        xlabel="fragments the instructions were generated for",
    )
    return scores
