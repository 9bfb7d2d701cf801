from instructgen.fragments import main_extract_llm
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_extract_llm(
        snakemake.input.passages,
        snakemake.wildcards.corpus,
        snakemake.params.model,
        snakemake.params.settings,
        snakemake.params.device,
        snakemake.params.seed,
        snakemake.output.fragments,
    )
