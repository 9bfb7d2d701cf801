from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.bootstrap import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        seeds_path=snakemake.input.seeds,
        model_name=snakemake.wildcards.model,
        settings=settings,
        execution=execution,
        resume_dir=snakemake.params.resume_dir,
        out_path=snakemake.output.instructions,
        card_path=snakemake.output.card,
    )
