from instructgen.figures.training_loss import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        models=settings.logs,
        title=settings.title,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
