from instructgen.corpora.instruction_data import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        name=snakemake.wildcards.baseline,
        source_dir=snakemake.input.source,
        max_instances_per_task=settings.max_instances_per_task,
        seed=settings.seed,
        out_path=snakemake.output.records,
        out_card=snakemake.output.card,
        passages_path=snakemake.input.get("passages"),
    )
