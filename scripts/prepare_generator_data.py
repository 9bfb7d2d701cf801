from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_a.generator_data import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        instruction_files=dict(snakemake.input.items()),
        generator=snakemake.wildcards.generator,
        size=settings.size,
        seed=settings.seed,
        out_path=snakemake.output.pairs,
    )
