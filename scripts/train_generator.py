from instructgen.logs import rule_logging
from instructgen.track_a import main_train_generator

with rule_logging(snakemake):
    main_train_generator(
        snakemake.input.pairs,
        snakemake.wildcards.generator,
        snakemake.params.model,
        snakemake.params.recipe,
        snakemake.params.max_seq_len,
        snakemake.params.seed,
        snakemake.output.model,
        snakemake.params.resume_dir,
    )
