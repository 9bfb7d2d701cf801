from instructgen.logs import rule_logging
from instructgen.sft import main

with rule_logging(snakemake):
    main(
        dataset_path=snakemake.input.dataset,
        dataset_name=snakemake.wildcards.dataset,
        model_spec=snakemake.params.model,
        recipe_name=snakemake.params.recipe_name,
        recipe=snakemake.params.recipe,
        sft_settings=snakemake.params.sft,
        seed=snakemake.params.seed,
        out_dir=snakemake.output.model,
        resume_dir=snakemake.params.resume_dir,
        processes=snakemake.resources.get("gpu", 1),
        accelerate=snakemake.resources.get("accelerate", "ddp"),
    )
