# Rebuilds "David against Goliath" (Track A) and REFINE-AF (Track B) from raw corpora to tables.
# `make run` runs this with config.yaml; `--configfile configs/paper.yaml` gives the paper scale.
import sys

sys.path.insert(0, workflow.basedir)


configfile: "config.yaml"


include: "rules/common.smk"
include: "rules/models.smk"
include: "rules/corpora.smk"
include: "rules/fragments.smk"
include: "rules/sft.smk"


rule all:
    default_target: True
    input:
        all_targets(),
