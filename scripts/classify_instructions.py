from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.classification import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        instructions_path=snakemake.input.instructions,
        prompts_path=snakemake.input.prompts,
        settings=settings,
        execution=execution,
        resume_file=snakemake.params.resume_file,
        out_path=snakemake.output.labels,
    )
