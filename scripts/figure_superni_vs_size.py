from instructgen.analysis import main_size_curve
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_size_curve(snakemake.params.points, snakemake.output.png, snakemake.output.pdf)
