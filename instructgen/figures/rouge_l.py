"""REFINE-AF Fig. 4/5: each generated instruction's max ROUGE-L with a reference set (rule
rouge_l_histogram).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from instructgen.errors import InputError
from instructgen.figures.common import read_instructions
from instructgen.logs import progress


def max_rouge_l(texts: Sequence[str], references: Sequence[str]) -> list[float]:
    """Each text's ROUGE-L F-measure with its most similar reference (rouge_score's tokens)."""
    from instructgen.novelty import rouge_l_fraction, tokenize

    reference_tokens = [tokenize(r) for r in references]
    scores = []
    for text in progress(texts, desc="max ROUGE-L", unit="instruction"):
        tokens = tokenize(text)
        best = max((rouge_l_fraction(tokens, ref) for ref in reference_tokens), default=0)
        scores.append(float(best))
    return scores


def main(
    *,
    dataset: str,
    reference_path: str,
    reference_field: str,
    reference_label: str,
    model: str,
    published_mean: float | None,
    out_png: str,
    out_pdf: str,
) -> list[float]:
    """REFINE-AF Fig. 4/5: histogram of each generated instruction's max ROUGE-L with a
    reference instruction set."""
    from instructgen.plots import histogram

    instructions = read_instructions(dataset)
    references = read_instructions(reference_path, reference_field)
    if not references:
        raise InputError(reference_path, f"no '{reference_field}' values to compare with")
    scores = max_rouge_l(instructions, references)
    mean = sum(scores) / len(scores) if scores else math.nan
    histogram(
        scores,
        f"ROUGE-L with the most similar reference ({model})",
        f"max ROUGE-L F against {reference_label}",
        out_png,
        out_pdf,
        bins=[i / 20 for i in range(21)],  # fixed 0-1 range so backbones compare by eye
        ylabel="generated instructions",
        caption=(
            f"{len(instructions)} REFINE-AF instructions against {len(references)} distinct "
            f"reference instructions ({reference_label}); mean {mean:.3f}."
            + ("" if published_mean is None else f" Published mean: {published_mean:.2f}.")
        ),
    )
    return scores
