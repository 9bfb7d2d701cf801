from instructgen.logs import rule_logging
from instructgen.tiny import main_unieval

with rule_logging(snakemake):
    main_unieval(
        snakemake.input.tokenizer,
        snakemake.input.instructions,
        snakemake.output.model,
        snakemake.params.settings,
        snakemake.params.seed,
    )
