"""REFINE-AF Fig. 3: length distributions of instructions, inputs and outputs (rule
length_distributions).
"""

from __future__ import annotations

from instructgen.io import read_jsonl


def main(*, dataset: str, label: str, out_png: str, out_pdf: str) -> dict[str, list[int]]:
    """REFINE-AF Fig. 3: length distributions of instructions, inputs and outputs (words);
    empty inputs are left out, as an instance without input has no input length."""
    from instructgen.plots import histogram_panels

    records = read_jsonl(dataset, required=["instruction", "input", "output"])
    lengths = {
        "instructions": [len(str(r["instruction"]).split()) for r in records],
        "non-empty inputs": [len(str(r["input"]).split()) for r in records if str(r["input"]).strip()],
        "outputs": [len(str(r["output"]).split()) for r in records],
    }  # fmt: skip
    histogram_panels(
        lengths,
        f"Lengths in the {label} dataset",
        "length (words)",
        out_png,
        out_pdf,
        bins=20,
        ylabel="instances",
        caption=f"{len(records)} instances; {len(lengths['non-empty inputs'])} have an input.",
    )
    return lengths
