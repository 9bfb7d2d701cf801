from instructgen.evaluation import superni_shard_main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    superni_shard_main(
        snakemake.input.test_items,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        int(snakemake.wildcards.shard),
        int(snakemake.wildcards.num_shards),
        snakemake.output.predictions,
        snakemake.params.resume,
    )
