from instructgen.logs import rule_logging
from instructgen.track_a.candidates import main

with rule_logging(snakemake):
    main(
        fragments_path=snakemake.input.fragments,
        generator=snakemake.wildcards.generator,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        out_path=snakemake.output.shard,
        resume_path=snakemake.params.resume,
    )
