from instructgen.figures.lengths import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        dataset=snakemake.input.dataset,
        label=f"{snakemake.wildcards.method} ({snakemake.wildcards.model})",
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
