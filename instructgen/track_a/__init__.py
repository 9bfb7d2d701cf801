"""Track A ("David against Goliath"): reverse instruction generation from corpus fragments.

1. `generator_pairs`: existing instruction data turned into output -> instruction pairs in a
   Table 9 (LongForm) or Table 7 (Alpaca) format, to fine-tune a generator on (section 2.5).
2. `candidates_for`: k instructions per fragment by nucleus sampling from that generator.
3. `perplexities_for`: PPL(fragment | candidate) under a filter model (section 3.1).
4. `build_dataset`: the arg-min candidate per fragment (or the first, unfiltered) as an
   instruction dataset with provenance and a card; `combine` unions datasets (Table 2).

Steps 2 and 3 run as shards (separate jobs) checkpointed under results/.resume/; the merge puts
items back in fragment order, so the result does not depend on the shard count.

One module per rule (rules/generators.smk, candidates.smk, track_a_datasets.smk), each with
a ``main``; ``common`` holds what several share.
"""
