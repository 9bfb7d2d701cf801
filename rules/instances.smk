# REFINE-AF stage 3 (section II-D): instances for every instruction, with the RL-tuned policy
# (refine_af) or the untuned base model (the self_instruct baseline), then Table II subsets.


rule generate_instances:
    input:
        instructions="results/track_b/{model}/bootstrap/instructions.jsonl",
        policy=lambda wc: track_b_policy_input(wc.model, wc.method),
    output:
        texts="results/track_b/{model}/instances/{method}/shard{shard}.jsonl",
    log:
        "logs/track_b/{model}/instances_{method}_{shard}.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/instances_{method}_{shard}.tsv"
    wildcard_constraints:
        model=TRACK_B_MODELS,
        method="refine_af|self_instruct",
        shard="[0-9]+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=32000,
        runtime=1440,
    params:
        policy=lambda wc: track_b_policy_param(wc.model, wc.method),
        settings=config["track_b"]["instances"],
        device=config["device"],
        seed=SEED,
        num_shards=config["track_b"]["instances"]["shards"],
        resume_file=lambda wc: (
            f"results/.resume/track_b/{wc.model}/instances/{wc.method}/shard{wc.shard}.jsonl"
        ),
    script:
        "../scripts/generate_instances.py"


rule track_b_datasets:
    input:
        instructions="results/track_b/{model}/bootstrap/instructions.jsonl",
        shards=lambda wc: track_b_shards(wc.model, wc.method),
    output:
        datasets=expand(
            "results/track_b/{{model}}/datasets/{{method}}/{size}.jsonl",
            size=plan.track_b_sizes(config),
        ),
        cards=expand(
            "results/track_b/{{model}}/datasets/{{method}}/{size}.card.json",
            size=plan.track_b_sizes(config),
        ),
    log:
        "logs/track_b/{model}/datasets_{method}.log",
    wildcard_constraints:
        model=TRACK_B_MODELS,
        method="refine_af|self_instruct",
    conda:
        "../envs/text.yaml"
    params:
        policy=lambda wc: track_b_policy_param(wc.model, wc.method),
        sizes=plan.track_b_sizes(config),
        settings=config["track_b"]["instances"],
        seed=SEED,
    script:
        "../scripts/track_b_datasets.py"
