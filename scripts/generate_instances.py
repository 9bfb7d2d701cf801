from instructgen.logs import rule_logging
from instructgen.track_b.instances import main

with rule_logging(snakemake):
    main(
        instructions_path=snakemake.input.instructions,
        classification_path=snakemake.input.classification,
        policy_spec=snakemake.params.policy,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        resume_file=snakemake.params.resume_file,
        out_path=snakemake.output.texts,
    )
