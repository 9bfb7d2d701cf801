from instructgen.logs import rule_logging
from instructgen.tables import main

with rule_logging(snakemake):
    main(
        snakemake.wildcards.table,
        snakemake.params.config,
        snakemake.params.available,
        snakemake.output.md,
        snakemake.output.csv,
    )
