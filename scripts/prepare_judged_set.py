from instructgen.corpora.judged_sets import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        judged_set=settings.judged_set,
        source_dir=snakemake.input.source,
        excluded=settings.excluded_categories,
        out_path=snakemake.output.judged_items,
    )
