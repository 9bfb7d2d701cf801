from instructgen.corpora.instruction_data import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        name=snakemake.wildcards.name,
        source_dir=snakemake.input.source,
        out_path=snakemake.output.records,
    )
