from instructgen.figures.size_curve import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        points=snakemake.params.points,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
