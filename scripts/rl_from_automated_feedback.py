from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.track_b.rlaf import main

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        instructions_path=snakemake.input.instructions,
        prompts_path=snakemake.input.prompts,
        model_name=snakemake.wildcards.model,
        settings=settings,
        execution=execution,
        work_dir=snakemake.params.work_dir,
        rewards_path=snakemake.output.rewards,
        policy_dir=snakemake.output.policy,
    )
