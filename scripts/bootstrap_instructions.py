from instructgen.logs import rule_logging
from instructgen.track_b.bootstrap import main

with rule_logging(snakemake):
    main(
        seeds_path=snakemake.input.seeds,
        model_name=snakemake.wildcards.model,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        resume_dir=snakemake.params.resume_dir,
        out_path=snakemake.output.instructions,
        card_path=snakemake.output.card,
    )
