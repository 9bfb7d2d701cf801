from instructgen.fragments import main_extract
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_extract(
        snakemake.input.passages,
        snakemake.wildcards.corpus,
        snakemake.wildcards.strategy,
        snakemake.params.settings,
        snakemake.params.seed,
        snakemake.output.fragments,
    )
