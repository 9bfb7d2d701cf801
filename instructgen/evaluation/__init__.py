"""Zero-shot evaluation: Super-NI (ROUGE-L, official scorer) and LongForm (METEOR); and the
judged evaluations (paper 1 Fig. 4, REFINE-AF Fig. 6): every model's answers to Vicuna's
questions and Self-Instruct's user-oriented instructions, graded by an open model (``judge``).

Super-NI as in Self-Instruct / REFINE-AF: the official default test split, no in-context
examples, the task definition only. The definition goes where the Alpaca template (paper 1
Table 7) has the instruction and the instance input where it has the input, so a checkpoint is
prompted exactly as it was fine-tuned. Decoding is greedy with a bounded length.

Both benchmarks' generation is split into shard jobs (instructgen.jobs: units of items by
length, so a prediction does not depend on the shard count); the merge orders predictions as in
the test file, checks that each item appears once and sums the shards' generation counts. Jobs
append finished batches to a resume file outside the outputs and skip them on restart.

One module per rule of rules/evaluation.smk, each with a ``main``; ``common`` holds the
prompts and the batched prediction they share.
"""
