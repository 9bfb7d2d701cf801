# REFINE-AF stage 3 (section II-D): instances for every instruction, with the RL-tuned policy
# (refine_af) or the untuned base model (the self_instruct baseline), then Table II subsets.


rule generate_instances:
    input:
        instructions=plan.BOOTSTRAP,
        policy=lambda wc: STUDY.instance_policy_files(wc.model, wc.method),
    output:
        texts=plan.INSTANCE_SHARD,
    log:
        "logs/track_b/{model}/instances_{method}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/instances_{method}_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        model=plan.MODEL_NAME,
        method="|".join(plan.TRACK_B_METHODS),
        shard=r"\d+",
        shards=r"\d+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=32000,
        runtime=1440,
    params:
        policy=lambda wc: STUDY.instance_policy_spec(wc.model, wc.method),
        settings=config["track_b"]["instances"],
        device=config["device"],
        seed=SEED,
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
    wildcard_constraints:
        model=plan.MODEL_NAME,
        method="|".join(plan.TRACK_B_METHODS),
    conda:
        "../envs/text.yaml"
    params:
        policy=lambda wc: STUDY.instance_policy_spec(wc.model, wc.method),
        sizes=STUDY.track_b_sizes(),
        settings=config["track_b"]["instances"],
        seed=SEED,
    script:
        "../scripts/track_b_datasets.py"
