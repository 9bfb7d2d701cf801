from instructgen.evaluation.superni_shard import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        items_path=snakemake.input.test_items,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        shard=int(snakemake.wildcards.shard),
        num_shards=int(snakemake.wildcards.shards),
        out_path=snakemake.output.predictions,
        resume_path=snakemake.params.resume,
    )
