from instructgen.logs import rule_logging
from instructgen.track_b.classification import main

with rule_logging(snakemake):
    main(
        instructions_path=snakemake.input.instructions,
        policy_spec=snakemake.params.policy,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        resume_file=snakemake.params.resume_file,
        out_path=snakemake.output.labels,
    )
