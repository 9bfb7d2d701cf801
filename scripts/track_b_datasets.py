from instructgen.logs import rule_logging
from instructgen.track_b.datasets import main

with rule_logging(snakemake):
    main(
        instructions_path=snakemake.input.instructions,
        shard_paths=list(snakemake.input.shards),
        method=snakemake.wildcards.method,
        model_name=snakemake.wildcards.model,
        policy_spec=snakemake.params.policy,
        sizes=snakemake.params.sizes,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
        out_paths=list(snakemake.output.datasets),
    )
