from instructgen.logs import rule_logging
from instructgen.standins.build import main

with rule_logging(snakemake):
    main(
        name=snakemake.params.name,
        hub_id=snakemake.params.hub_id,
        passage_files=list(snakemake.input.passages),
        instruction_files=dict(snakemake.params.instruction_sources),
        out_dir=snakemake.output.standin,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
        revision=snakemake.params.revision,
    )
