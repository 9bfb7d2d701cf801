from instructgen.fragments.rule_based import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        passages_path=snakemake.input.passages,
        corpus=snakemake.wildcards.corpus,
        strategy=snakemake.wildcards.strategy,
        settings=snakemake.params.settings,
        seed=snakemake.params.seed,
        out_path=snakemake.output.fragments,
    )
