from instructgen.evaluation.longform import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        items_path=snakemake.input.test_items,
        model_name=snakemake.wildcards.dataset,
        settings=settings,
        execution=execution,
        out_predictions=snakemake.output.predictions,
        out_metrics=snakemake.output.metrics,
        resume_path=snakemake.params.resume,
    )
