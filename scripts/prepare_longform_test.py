from instructgen.corpora.longform_test import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        longform_dir=snakemake.input.longform,
        max_items=settings.max_items,
        out_path=snakemake.output.test_items,
    )
