# REFINE-AF stage 3 (section II-D): instances for every instruction, with the RL-tuned policy
# (refine_af) or the untuned base model (the self_instruct baseline), then Table II subsets.
# As in Self-Instruct, whose instance prompt REFINE-AF uses (Appendix IX-D), the same model
# first says whether each instruction is a classification task; that picks the output-first or
# the input-first prompt.


rule classify_instructions:
    input:
        instructions=plan.BOOTSTRAP,
        policy=lambda wc: STUDY.instance_policy_files(wc.model, wc.method),
    output:
        labels=plan.CLASSIFICATION,
        card=plan.card(plan.CLASSIFICATION),
    log:
        "logs/track_b/{model}/classification_{method}.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/classification_{method}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Classification),
        resume_file=plan.CLASSIFICATION_RESUME,
    script:
        "../scripts/classify_instructions.py"


rule generate_instances:
    input:
        instructions=plan.BOOTSTRAP,
        classification=plan.CLASSIFICATION,
        policy=lambda wc: STUDY.instance_policy_files(wc.model, wc.method),
    output:
        texts=plan.INSTANCE_SHARD,
        card=plan.card(plan.INSTANCE_SHARD),
    log:
        "logs/track_b/{model}/instances_{method}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/instances_{method}_{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Instances),
        resume_file=plan.INSTANCE_RESUME,
    script:
        "../scripts/generate_instances.py"


rule track_b_datasets:
    input:
        instructions=plan.BOOTSTRAP,
        shards=lambda wc: STUDY.shards(plan.INSTANCE_SHARD, **wc),
    output:
        datasets=STUDY.track_b_subsets(plan.TRACK_B_DATASET),
        cards=STUDY.track_b_subsets(plan.card(plan.TRACK_B_DATASET)),
    log:
        "logs/track_b/{model}/datasets_{method}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.TrackBDatasets),
    script:
        "../scripts/track_b_datasets.py"
