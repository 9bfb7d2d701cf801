from instructgen.analysis import main_rouge_histogram
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_rouge_histogram(
        snakemake.input.dataset,
        snakemake.input.reference,
        snakemake.params.field,
        snakemake.params.label,
        snakemake.wildcards.model,
        snakemake.output.png,
        snakemake.output.pdf,
    )
