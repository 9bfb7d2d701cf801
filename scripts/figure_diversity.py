from instructgen.analysis import main_diversity
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_diversity(
        snakemake.params.sets,
        snakemake.params.parser,
        snakemake.params.top_verbs,
        snakemake.params.top_nouns,
        snakemake.params.published,
        snakemake.output.figures,
        snakemake.output.pdfs,
        snakemake.output.csv,
        snakemake.output.md,
    )
