from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_a.combined import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        part_paths=list(snakemake.input.parts),
        part_ids=list(settings.part_ids),
        name=snakemake.wildcards.combined,
        seed=settings.seed,
        out_path=snakemake.output.dataset,
        out_card=snakemake.output.card,
    )
