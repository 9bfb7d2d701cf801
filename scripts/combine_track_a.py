from instructgen.logs import rule_logging
from instructgen.track_a.combined import main

with rule_logging(snakemake):
    main(
        part_paths=list(snakemake.input.parts),
        part_ids=snakemake.params.part_ids,
        name=snakemake.wildcards.combined,
        seed=snakemake.params.seed,
        out_path=snakemake.output.dataset,
        out_card=snakemake.output.card,
    )
