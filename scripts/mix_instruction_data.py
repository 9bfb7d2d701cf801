from instructgen.corpora.mixture import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        name=snakemake.wildcards.mixture,
        part_paths=dict(snakemake.input.items()),
        sizes=settings.sizes,
        seed=settings.seed,
        out_path=snakemake.output.records,
        out_card=snakemake.output.card,
    )
