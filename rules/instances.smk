# REFINE-AF stage 3 (section II-D): an instance text for every instruction, with the RL-tuned
# policy (refine_af) or the untuned base model (the self_instruct baseline), then Table II
# subsets. track_b.instances.mode picks REFINE-AF's one pair per instruction (one_pair) or
# Self-Instruct's pipeline (self_instruct: a classification question first, which picks the
# output-first or the input-first prompt, and Self-Instruct's post-processing after).


rule instance_prompts:
    input:
        unpack(lambda wc: STUDY.instance_prompt_sources()),
    output:
        prompts=plan.INSTANCE_PROMPTS,
    log:
        "logs/track_b/instance_prompts.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.InstancePromptSource),
    script:
        "../scripts/instance_prompts.py"


rule classify_instructions:
    input:
        instructions=plan.BOOTSTRAP,
        prompts=plan.INSTANCE_PROMPTS,
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
        prompts=plan.INSTANCE_PROMPTS,
        classification=lambda wc: STUDY.classification_files(wc.model, wc.method),
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


rule postprocess_instances:
    input:
        instructions=plan.BOOTSTRAP,
        shards=lambda wc: STUDY.shards(plan.INSTANCE_SHARD, **wc),
    output:
        instances=plan.POSTPROCESSED_INSTANCES,
        card=plan.card(plan.POSTPROCESSED_INSTANCES),
    log:
        "logs/track_b/{model}/postprocess_{method}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.InstancePostprocessing),
    script:
        "../scripts/postprocess_instances.py"


rule track_b_datasets:
    input:
        instructions=plan.BOOTSTRAP,
        instances=lambda wc: STUDY.instance_files(wc.model, wc.method),
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
