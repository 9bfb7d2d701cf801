from instructgen.analysis import main_reward_curve
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_reward_curve(
        snakemake.input.rewards,
        snakemake.wildcards.model,
        snakemake.params.window,
        snakemake.params.published,
        snakemake.output.png,
        snakemake.output.pdf,
    )
