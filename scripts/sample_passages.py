from instructgen.corpora.passages import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        wikipedia_dir=snakemake.input.wikipedia,
        c4_dir=snakemake.input.c4,
        settings=settings,
        out_path=snakemake.output.passages,
    )
