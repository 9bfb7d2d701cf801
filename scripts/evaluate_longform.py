from instructgen.evaluation.longform import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        items_path=snakemake.input.test_items,
        model_name=snakemake.wildcards.dataset,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        out_predictions=snakemake.output.predictions,
        out_metrics=snakemake.output.metrics,
        resume_path=snakemake.params.resume,
    )
