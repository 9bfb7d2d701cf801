from instructgen.logs import rule_logging
from instructgen.tiny.reward_model import main

with rule_logging(snakemake):
    main(
        base_dir=snakemake.input.base,
        instruction_files=list(snakemake.input.instructions),
        out_dir=snakemake.output.model,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
    )
