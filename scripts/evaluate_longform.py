from instructgen.evaluation import longform_main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    longform_main(
        snakemake.input.test_items,
        snakemake.wildcards.dataset,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        snakemake.output.predictions,
        snakemake.output.metrics,
        snakemake.params.resume,
    )
