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


# Quick rules run on the submit host, not as cluster jobs: on SLURM, queueing would cost more than
# the work, and fetch_source and fetch_model need the internet, which compute nodes often lack.
localrules:
    all,
    rehearsal_standins,
    fetch_source,
    fetch_model,
    sample_passages,
    build_supervised_corpus,
    prepare_instruction_data,
    prepare_superni_test,
    prepare_longform_test,
    prepare_reference_instructions,
    extract_fragments,
    generator_data,
    merge_candidates,
    merge_scores,
    track_a_dataset,
    combine_track_a,
    track_b_datasets,
    score_superni,
    make_table,
    tables_index,
    diversity,
    reward_curve,
    rouge_l_histogram,
    length_distributions,
    superni_vs_size,
    extraction_strategies,
    training_loss,


rule all:
    default_target: True
    input:
        all_targets(),
