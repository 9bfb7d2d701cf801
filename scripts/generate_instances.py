from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.instances import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        instructions_path=snakemake.input.instructions,
        classification_path=snakemake.input.classification,
        settings=settings,
        execution=execution,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        resume_file=snakemake.params.resume_file,
        out_path=snakemake.output.texts,
    )
