from instructgen.distributed import launch
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    # One process per requested GPU (profiles/slurm may ask for several); in-process otherwise.
    launch(
        "instructgen.sft:main",
        dict(
            dataset_path=snakemake.input.dataset,
            dataset_name=snakemake.wildcards.dataset,
            model_spec=snakemake.params.model,
            recipe_name=snakemake.params.recipe_name,
            recipe=snakemake.params.recipe,
            sft_settings=snakemake.params.sft,
            seed=snakemake.params.seed,
            out_dir=snakemake.output.model,
            resume_dir=snakemake.params.resume_dir,
        ),
        processes=snakemake.resources.get("gpu", 1),
        config=snakemake.resources.get("accelerate", "ddp"),
    )
