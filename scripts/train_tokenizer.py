from instructgen.logs import rule_logging
from instructgen.tiny.tokenizer import main

with rule_logging(snakemake):
    main(
        passage_files=list(snakemake.input.passages),
        instruction_files=list(snakemake.input.instructions),
        out_dir=snakemake.output.tokenizer,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
    )
