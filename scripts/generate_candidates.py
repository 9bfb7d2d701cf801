from instructgen.logs import rule_logging
from instructgen.track_a import main_candidates

with rule_logging(snakemake):
    main_candidates(
        snakemake.input.fragments,
        snakemake.wildcards.generator,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        int(snakemake.wildcards.shard),
        int(snakemake.wildcards.shards),
        snakemake.output.shard,
        snakemake.params.resume,
    )
