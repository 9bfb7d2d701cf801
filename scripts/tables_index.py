from instructgen.analysis import main_tables_index
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_tables_index(snakemake.input.tables, snakemake.output.html)
