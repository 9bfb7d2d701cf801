from instructgen.logs import rule_logging
from instructgen.tiny import main_reward

with rule_logging(snakemake):
    main_reward(
        snakemake.input.base,
        snakemake.input.instructions,
        snakemake.output.model,
        snakemake.params.settings,
        snakemake.params.seed,
    )
