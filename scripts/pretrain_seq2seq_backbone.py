from instructgen.logs import rule_logging
from instructgen.tiny.t5_backbone import main

with rule_logging(snakemake):
    main(
        tokenizer_dir=snakemake.input.tokenizer,
        passage_files=list(snakemake.input.passages),
        instruction_files=list(snakemake.input.instructions),
        out_dir=snakemake.output.model,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
    )
