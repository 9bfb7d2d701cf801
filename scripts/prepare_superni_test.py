from instructgen.corpora.superni_test import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        superni_dir=snakemake.input.superni,
        max_per_task=settings.max_instances_per_task,
        out_path=snakemake.output.test_items,
    )
