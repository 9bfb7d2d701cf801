from instructgen.corpora.supervised import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        superni_dir=snakemake.input.superni,
        count=settings.superni_outputs,
        seed=settings.seed,
        out_path=snakemake.output.passages,
    )
