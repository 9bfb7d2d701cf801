from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_a.generator_training import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        data_path=snakemake.input.pairs,
        generator=snakemake.wildcards.generator,
        settings=settings,
        execution=execution,
        out_dir=snakemake.output.model,
        resume_dir=snakemake.params.resume_dir,
        processes=snakemake.resources.get("gpu", 1),
        accelerate=snakemake.resources.get("accelerate", "ddp"),
    )
