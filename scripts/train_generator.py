from instructgen.distributed import launch
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    # One process per requested GPU (profiles/slurm may ask for several); in-process otherwise.
    launch(
        "instructgen.track_a:main_train_generator",
        dict(
            data_path=snakemake.input.pairs,
            generator=snakemake.wildcards.generator,
            model_spec=snakemake.params.model,
            recipe=snakemake.params.recipe,
            max_seq_len=snakemake.params.max_seq_len,
            seed=snakemake.params.seed,
            out_dir=snakemake.output.model,
            resume_dir=snakemake.params.resume_dir,
        ),
        processes=snakemake.resources.get("gpu", 1),
        config=snakemake.resources.get("accelerate", "ddp"),
    )
