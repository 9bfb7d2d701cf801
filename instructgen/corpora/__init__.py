"""From raw sources to the pipeline's normalised corpora: one module per rule of
rules/corpora.smk, each with a ``main``.
"""
