from instructgen import plan
from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.standins import names
from instructgen.standins.build import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        name=settings.name,
        hub_id=plan.hub_id(snakemake.wildcards.org, snakemake.wildcards.repo),
        passage_files=list(snakemake.input.passages),
        instruction_files=dict(names.SHIPPED_INSTRUCTIONS),
        out_dir=snakemake.output.standin,
        settings=settings.tiny_models,
        seed=settings.seed,
        revision=settings.revision,
    )
