from instructgen.logs import rule_logging
from instructgen.tiny import main_tokenizer

with rule_logging(snakemake):
    main_tokenizer(
        [snakemake.input.passages, snakemake.input.supervised],
        snakemake.input.instructions,
        snakemake.output.tokenizer,
        snakemake.params.settings,
        snakemake.params.seed,
    )
