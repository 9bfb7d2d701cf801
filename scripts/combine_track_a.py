from instructgen.logs import rule_logging
from instructgen.track_a import main_combine

with rule_logging(snakemake):
    main_combine(
        list(snakemake.input.parts),
        snakemake.params.part_ids,
        snakemake.wildcards.combined,
        snakemake.params.seed,
        snakemake.output.dataset,
        snakemake.output.card,
    )
