from instructgen.logs import rule_logging
from instructgen.track_a import main_generator_data

with rule_logging(snakemake):
    main_generator_data(
        dict(snakemake.input.items()),
        snakemake.wildcards.generator,
        snakemake.params.size,
        snakemake.params.seed,
        snakemake.output.pairs,
    )
