from instructgen.logs import rule_logging
from instructgen.track_a.datasets import main

with rule_logging(snakemake):
    main(
        fragments_path=snakemake.input.fragments,
        candidates_path=snakemake.input.candidates,
        scores_path=snakemake.input.get("scores"),
        dataset_id=snakemake.params.dataset,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
        out_path=snakemake.output.dataset,
        out_card=snakemake.output.card,
    )
