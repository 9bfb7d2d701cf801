"""The papers' figures, drawn from the pipeline's own files: one module per rule of
rules/figures.smk, each with a ``main``; ``common`` holds the readers they share. Which files
each figure reads is planned in instructgen.plan.
"""
