from instructgen.instances import main_datasets
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_datasets(
        snakemake.input.instructions,
        list(snakemake.input.shards),
        snakemake.wildcards.method,
        snakemake.wildcards.model,
        snakemake.params.policy,
        snakemake.params.sizes,
        snakemake.params.settings,
        snakemake.params.seed,
        list(snakemake.output.datasets),
    )
