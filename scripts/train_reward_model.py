from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.tiny.reward_model import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        base_dir=snakemake.input.base,
        instruction_files=list(snakemake.input.instructions),
        out_dir=snakemake.output.model,
        settings=settings,
    )
