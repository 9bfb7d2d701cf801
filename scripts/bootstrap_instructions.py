from instructgen.bootstrap import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        snakemake.input.seeds,
        snakemake.wildcards.model,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        snakemake.params.resume_dir,
        snakemake.output.instructions,
        snakemake.output.card,
    )
