from instructgen.analysis import LOSS_TITLES, main_training_loss
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_training_loss(
        snakemake.params.logs,
        LOSS_TITLES[snakemake.wildcards.group],
        snakemake.output.png,
        snakemake.output.pdf,
    )
