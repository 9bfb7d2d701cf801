from instructgen.corpora.reference_instructions import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(source_dir=snakemake.input.source, out_path=snakemake.output.instructions)
