from instructgen.corpora import main_instruction_data
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_instruction_data(
        snakemake.wildcards.name, snakemake.input.source, snakemake.output.records
    )
