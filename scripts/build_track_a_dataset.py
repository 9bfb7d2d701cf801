from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_a.datasets import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        fragments_path=snakemake.input.fragments,
        candidates_path=snakemake.input.candidates,
        scores_path=snakemake.input.get("scores"),
        settings=settings,
        out_path=snakemake.output.dataset,
        out_card=snakemake.output.card,
    )
