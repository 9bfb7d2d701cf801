"""Training loss per optimizer step of each SFT checkpoint (rule training_loss)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from instructgen.errors import InputError
from instructgen.figures.common import read_loss_log


def main(
    *, models: Mapping[str, str], title: str, out_png: str, out_pdf: str
) -> dict[str, tuple[list[int], list[float]]]:
    """Training loss per optimizer step of each SFT checkpoint (its model folder's
    training_log.csv), one small panel each."""
    from instructgen.plots import small_multiples

    logs = {name: str(Path(folder) / "training_log.csv") for name, folder in models.items()}
    curves = {name: read_loss_log(path) for name, path in logs.items()}
    for name, (steps, _) in curves.items():
        if not steps:
            raise InputError(logs[name], "no training steps logged")
    small_multiples(curves, title, "step", "loss", out_png, out_pdf)
    return curves
