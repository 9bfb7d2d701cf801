from instructgen.corpora.passages import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    settings = snakemake.params.settings
    main(
        wikipedia_dir=snakemake.input.wikipedia,
        c4_dir=snakemake.input.c4,
        n_wikipedia=settings["wikipedia_passages"],
        n_c4=settings["c4_passages"],
        min_words=settings["min_words"],
        max_words=settings["max_words"],
        seed=snakemake.params.seed,
        out_path=snakemake.output.passages,
    )
