from instructgen.logs import rule_logging
from instructgen.tiny import main_causal_lm

with rule_logging(snakemake):
    main_causal_lm(
        snakemake.input.tokenizer,
        [snakemake.input.passages, snakemake.input.supervised],
        snakemake.input.instructions,
        snakemake.output.model,
        snakemake.params.settings,
        snakemake.params.seed,
    )
