from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.postprocess import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        instructions_path=snakemake.input.instructions,
        shard_paths=list(snakemake.input.shards),
        settings=settings,
        out_path=snakemake.output.instances,
    )
