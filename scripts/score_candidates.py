from instructgen.logs import rule_logging
from instructgen.track_a.scoring import main

with rule_logging(snakemake):
    main(
        fragments_path=snakemake.input.fragments,
        candidates_path=snakemake.input.candidates,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        out_path=snakemake.output.shard,
        resume_path=snakemake.params.resume,
    )
