from instructgen.corpora import sample_passages
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    settings = snakemake.params.settings
    sample_passages(
        snakemake.input.wikipedia,
        snakemake.input.c4,
        settings["wikipedia_passages"],
        settings["c4_passages"],
        settings["min_words"],
        settings["max_words"],
        snakemake.params.seed,
        snakemake.output.passages,
    )
