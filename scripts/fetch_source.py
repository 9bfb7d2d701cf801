from instructgen.corpora.fetch import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, allow_unpinned = job_settings(snakemake)
    main(settings=settings, allow_unpinned=allow_unpinned, out_dir=snakemake.output.source)
