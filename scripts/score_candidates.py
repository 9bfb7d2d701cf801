from instructgen.logs import rule_logging
from instructgen.track_a import main_score

with rule_logging(snakemake):
    main_score(
        snakemake.input.fragments,
        snakemake.input.candidates,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        int(snakemake.wildcards.shard),
        int(snakemake.wildcards.shards),
        snakemake.output.shard,
        snakemake.params.resume,
    )
