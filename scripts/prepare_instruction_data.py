from instructgen.corpora.instruction_data import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        name=snakemake.wildcards.name,
        source_dir=snakemake.input.source,
        max_instances_per_task=snakemake.params.max_instances_per_task,
        seed=snakemake.params.seed,
        out_path=snakemake.output.records,
        out_card=snakemake.output.card,
    )
