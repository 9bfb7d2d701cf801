from instructgen.logs import rule_logging
from instructgen.track_a.score_merge import main

with rule_logging(snakemake):
    main(
        fragments_path=snakemake.input.fragments,
        candidates_path=snakemake.input.candidates,
        shard_paths=list(snakemake.input.shards),
        out_path=snakemake.output.scores,
    )
