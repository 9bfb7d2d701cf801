from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.prompts import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        source=settings.source,
        instance_dir=snakemake.input.get("instance"),
        classification_dir=snakemake.input.get("classification"),
        out_path=snakemake.output.prompts,
    )
