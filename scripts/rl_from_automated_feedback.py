from instructgen.logs import rule_logging
from instructgen.rlaf import main

with rule_logging(snakemake):
    main(
        snakemake.input.instructions,
        snakemake.wildcards.model,
        snakemake.params.model,
        snakemake.params.reward_model,
        snakemake.params.unieval_model,
        snakemake.params.reward,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        snakemake.params.work_dir,
        snakemake.output.rewards,
        snakemake.output.policy,
    )
