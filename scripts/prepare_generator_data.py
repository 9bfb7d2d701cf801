from instructgen.logs import rule_logging
from instructgen.track_a.generator_data import main

with rule_logging(snakemake):
    main(
        instruction_files=dict(snakemake.input.items()),
        generator=snakemake.wildcards.generator,
        size=snakemake.params.size,
        seed=snakemake.params.seed,
        out_path=snakemake.output.pairs,
    )
