from instructgen.analysis import main_lengths
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_lengths(
        snakemake.input.dataset,
        f"{snakemake.wildcards.method} ({snakemake.wildcards.model})",
        snakemake.output.png,
        snakemake.output.pdf,
    )
