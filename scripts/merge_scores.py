from instructgen.logs import rule_logging
from instructgen.track_a import main_merge_scores

with rule_logging(snakemake):
    main_merge_scores(
        snakemake.input.fragments,
        snakemake.input.candidates,
        list(snakemake.input.shards),
        snakemake.output.scores,
    )
