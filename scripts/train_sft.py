from instructgen.logs import rule_logging
from instructgen.sft import main

with rule_logging(snakemake):
    main(
        snakemake.input.dataset,
        snakemake.wildcards.dataset,
        snakemake.params.model,
        snakemake.params.recipe_name,
        snakemake.params.recipe,
        snakemake.params.sft,
        snakemake.params.seed,
        snakemake.output.model,
        snakemake.params.resume_dir,
    )
