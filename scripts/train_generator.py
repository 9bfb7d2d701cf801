from instructgen.logs import rule_logging
from instructgen.track_a.generator_training import main

with rule_logging(snakemake):
    main(
        data_path=snakemake.input.pairs,
        generator=snakemake.wildcards.generator,
        model_spec=snakemake.params.model,
        recipe=snakemake.params.recipe,
        max_seq_len=snakemake.params.max_seq_len,
        seed=snakemake.params.seed,
        out_dir=snakemake.output.model,
        resume_dir=snakemake.params.resume_dir,
        processes=snakemake.resources.get("gpu", 1),
        accelerate=snakemake.resources.get("accelerate", "ddp"),
    )
