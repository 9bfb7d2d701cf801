from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_a.candidates import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        fragments_path=snakemake.input.fragments,
        settings=settings,
        execution=execution,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        out_path=snakemake.output.shard,
        resume_path=snakemake.params.resume,
    )
