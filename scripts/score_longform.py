from instructgen.evaluation.longform import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        items_path=snakemake.input.test_items,
        shard_paths=list(snakemake.input.shards),
        model_name=snakemake.wildcards.dataset,
        out_predictions=snakemake.output.predictions,
        out_metrics=snakemake.output.metrics,
    )
