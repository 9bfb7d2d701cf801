from instructgen.instances import main_generate
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_generate(
        snakemake.input.instructions,
        snakemake.params.policy,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        int(snakemake.wildcards.shard),
        snakemake.params.num_shards,
        snakemake.params.resume_file,
        snakemake.output.texts,
    )
