from instructgen.corpora import fetch_source
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    entry = snakemake.params.entry
    fetch_source(
        entry["source"],
        snakemake.output[0],
        sha256=entry.get("sha256"),
        revision=entry.get("revision"),
        archive_subdir=entry.get("archive_subdir"),
        allow_unpinned=snakemake.params.allow_unpinned,
    )
