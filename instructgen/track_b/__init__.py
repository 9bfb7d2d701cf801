"""Track B (REFINE-AF): Self-Instruct bootstrapping, RL from automated feedback, instance
generation and the datasets of Table II.

One module per rule (rules/bootstrap.smk, rlaf.smk, instances.smk), each with a ``main``;
``reward`` and ``rl_checkpoints`` serve the RL step.
"""
