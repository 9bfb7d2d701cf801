from instructgen.logs import rule_logging
from instructgen.settings import job_settings
from instructgen.tiny.causal_lm import main

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        tokenizer_dir=snakemake.input.tokenizer,
        passage_files=list(snakemake.input.passages),
        instruction_files=list(snakemake.input.instructions),
        out_dir=snakemake.output.model,
        settings=settings,
    )
