from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.sft import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        dataset_path=snakemake.input.dataset,
        dataset_name=snakemake.wildcards.dataset,
        settings=settings,
        execution=execution,
        out_dir=snakemake.output.model,
        resume_dir=snakemake.params.resume_dir,
        processes=snakemake.resources.get("gpu", 1),
        accelerate=snakemake.resources.get("accelerate", "ddp"),
    )
