# REFINE-AF stage 1: instructions bootstrapped from the Self-Instruct seed tasks (section II-B).


rule bootstrap_instructions:
    input:
        seeds=plan.SOURCE.format(source="self_instruct_seeds"),
        model=lambda wc: STUDY.model_files(wc.model),
    output:
        instructions=plan.BOOTSTRAP,
        card=plan.card(plan.BOOTSTRAP),
    log:
        "logs/track_b/{model}/bootstrap.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/bootstrap.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Bootstrap),
        resume_dir=plan.BOOTSTRAP_RESUME,
    script:
        "../scripts/bootstrap_instructions.py"
