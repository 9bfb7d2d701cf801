from instructgen.analysis import main_strategy_bars
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_strategy_bars(snakemake.params.points, snakemake.output.png, snakemake.output.pdf)
