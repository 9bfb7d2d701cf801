from instructgen.logs import rule_logging
from instructgen.track_a import main_dataset

with rule_logging(snakemake):
    wc = snakemake.wildcards
    main_dataset(
        snakemake.input.fragments,
        snakemake.input.candidates,
        snakemake.input.get("scores"),
        "/".join((wc.corpus, wc.strategy, wc.generator, snakemake.params.filter, wc.size)),
        wc.generator,
        snakemake.params.filter,
        wc.size,
        snakemake.params.settings,
        snakemake.params.seed,
        snakemake.output.dataset,
        snakemake.output.card,
    )
