from instructgen.logs import rule_logging
from instructgen.track_a.candidate_merge import main

with rule_logging(snakemake):
    main(
        fragments_path=snakemake.input.fragments,
        shard_paths=list(snakemake.input.shards),
        out_path=snakemake.output.candidates,
    )
