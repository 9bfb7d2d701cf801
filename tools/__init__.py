"""Project tools that are not part of the installed ``instructgen`` package (see pyproject.toml):
run from the repository root, e.g. ``python -m tools.shipped_data data/``."""
