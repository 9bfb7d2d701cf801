from instructgen.evaluation.judged_responses import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        items_path=snakemake.input.test_items,
        models=settings.models,
        shard_paths=list(snakemake.input.shards),
        out_path=snakemake.output.responses,
    )
