from instructgen.figures.training_loss import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        models=snakemake.params.logs,
        title=snakemake.params.title,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
