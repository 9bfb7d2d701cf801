from instructgen.logs import rule_logging
from instructgen.tables import main

with rule_logging(snakemake):
    main(
        spec=snakemake.params.spec,
        out_md=snakemake.output.md,
        out_csv=snakemake.output.csv,
    )
