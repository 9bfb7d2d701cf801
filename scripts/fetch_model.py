import os

# The one job that reaches the hub: every other job runs with HF_HUB_OFFLINE=1, which
# huggingface_hub reads when it is imported (instructgen.hub imports it only when fetching).
os.environ.pop("HF_HUB_OFFLINE", None)
from instructgen.hub import main  # noqa: E402
from instructgen.logs import rule_logging  # noqa: E402
from instructgen.settings import job_settings  # noqa: E402

with rule_logging(snakemake):
    settings, allow_unpinned = job_settings(snakemake)
    main(
        name=snakemake.wildcards.fetched,
        source=settings.source,
        revision=settings.revision,
        allow_patterns=None,
        out_dir=snakemake.output.model,
        allow_unpinned=allow_unpinned,
        kind=settings.kind,
    )
