from instructgen.evaluation import superni_merge_main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    superni_merge_main(
        snakemake.input.test_items,
        list(snakemake.input.shards),
        snakemake.wildcards.dataset,
        snakemake.output.predictions,
        snakemake.output.metrics,
    )
