from instructgen.evaluation.shard import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        items_path=snakemake.input.test_items,
        settings=settings,
        execution=execution,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        out_path=snakemake.output.predictions,
        resume_path=snakemake.params.resume,
    )
