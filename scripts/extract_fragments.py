from instructgen.fragments.rule_based import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        passages_path=snakemake.input.passages,
        corpus=snakemake.wildcards.corpus,
        settings=settings,
        out_path=snakemake.output.fragments,
    )
