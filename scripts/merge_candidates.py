from instructgen.logs import rule_logging
from instructgen.track_a import main_merge_candidates

with rule_logging(snakemake):
    main_merge_candidates(
        snakemake.input.fragments, list(snakemake.input.shards), snakemake.output.candidates
    )
