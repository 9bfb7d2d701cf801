from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.tables.render import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(spec=settings.spec, out_md=snakemake.output.md, out_csv=snakemake.output.csv)
