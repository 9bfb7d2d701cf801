from instructgen.logs import rule_logging
from instructgen.track_b.rlaf import main

with rule_logging(snakemake):
    main(
        instructions_path=snakemake.input.instructions,
        model_name=snakemake.wildcards.model,
        policy_spec=snakemake.params.model,
        reward_spec=snakemake.params.reward_model,
        unieval_spec=snakemake.params.unieval_model,
        reward_settings=snakemake.params.reward,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        work_dir=snakemake.params.work_dir,
        rewards_path=snakemake.output.rewards,
        policy_dir=snakemake.output.policy,
    )
