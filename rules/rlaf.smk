# REFINE-AF stage 2: RL from automated feedback with TRL (section II-C).


rule rl_from_automated_feedback:
    input:
        instructions=plan.BOOTSTRAP,
        prompts=plan.INSTANCE_PROMPTS,
        model=lambda wc: STUDY.model_files(wc.model),
        reward=STUDY.model_files("reward"),
        unieval=STUDY.model_files("unieval"),
    output:
        rewards=plan.RL_REWARDS,
        policy=directory(plan.RL_POLICY),
    log:
        "logs/track_b/{model}/rl.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/rl.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.RLFromFeedback),
        work_dir=plan.RL_RESUME,
    script:
        "../scripts/rl_from_automated_feedback.py"
