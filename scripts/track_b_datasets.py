from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.datasets import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        instructions_path=snakemake.input.instructions,
        instance_paths=list(snakemake.input.instances),
        method=snakemake.wildcards.method,
        model_name=snakemake.wildcards.model,
        settings=settings,
        out_paths=list(snakemake.output.datasets),
    )
