from instructgen.corpora.fetch import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    entry = snakemake.params.entry
    main(
        source=entry["source"],
        out_dir=snakemake.output.source,
        sha256=entry.get("sha256"),
        git_blob_sha1=entry.get("git_blob_sha1"),
        revision=entry.get("revision"),
        archive_subdir=entry.get("archive_subdir"),
        allow_unpinned=snakemake.params.allow_unpinned,
    )
