# REFINE-AF stage 2: RL from automated feedback with TRL (section II-C).


rule rl_from_automated_feedback:
    input:
        instructions="results/track_b/{model}/bootstrap/instructions.jsonl",
        model=lambda wc: model_input(wc.model),
        reward=model_input("reward"),
        unieval=model_input("unieval"),
    output:
        rewards="results/track_b/{model}/rl/rewards.csv",
        policy=directory("results/track_b/{model}/rl/policy"),
    log:
        "logs/track_b/{model}/rl.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/rl.tsv"
    wildcard_constraints:
        model=TRACK_B_MODELS,
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=64000,
        runtime=7200,
    params:
        model=lambda wc: model_param(wc.model),
        reward_model=model_param("reward"),
        unieval_model=model_param("unieval"),
        reward=config["track_b"]["reward"],
        settings=config["track_b"]["rl"],
        device=config["device"],
        seed=SEED,
        work_dir=lambda wc: f"results/.resume/track_b/{wc.model}/rl",
    script:
        "../scripts/rl_from_automated_feedback.py"
