from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.instances import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    classification = list(snakemake.input.classification)  # none in the one_pair mode
    main(
        instructions_path=snakemake.input.instructions,
        prompts_path=snakemake.input.prompts,
        classification_path=classification[0] if classification else None,
        settings=settings,
        execution=execution,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        resume_file=snakemake.params.resume_file,
        out_path=snakemake.output.texts,
    )
