from instructgen.figures.tables_page import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(tables=list(snakemake.input.tables), out_html=snakemake.output.html)
