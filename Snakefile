# Rebuilds "David against Goliath" (Track A) and REFINE-AF (Track B) from raw corpora to tables.
# `make run` runs this with config.yaml; `--configfile configs/paper.yaml` gives the paper scale.
import sys

sys.path.insert(0, workflow.basedir)


configfile: "config.yaml"


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/models.smk"
include: "rules/corpora.smk"
include: "rules/fragments.smk"
include: "rules/generators.smk"
include: "rules/candidates.smk"
include: "rules/track_a_datasets.smk"
include: "rules/bootstrap.smk"
include: "rules/rlaf.smk"
include: "rules/instances.smk"
include: "rules/sft.smk"
include: "rules/evaluation.smk"
include: "rules/tables.smk"
include: "rules/figures.smk"
include: "rules/standins.smk"


# Quick rules (`localrule: True` in their files) run on the submit host, not as cluster jobs:
# on SLURM, queueing would cost more than the work, and fetch_source and fetch_model need the
# internet, which compute nodes often lack.
rule all:
    default_target: True
    input:
        all_targets(),
    localrule: True


# Before the first job, every hub repository this run fetches must be readable with the current
# credentials (HF_TOKEN or `hf auth login`), else the run stops with one line per repository.
# Snakemake calls onstart only in its own process: not in a dry run, not in jobs (it starts
# them with --no-hooks), and not when nothing is to be done; a finished fetch asks nothing.
onstart:
    from instructgen import hub

    hub_problems = hub.check_access(config, **hub.fetches_in(workflow.dag))
    if hub_problems:
        sys.exit("\n".join(hub_problems))
