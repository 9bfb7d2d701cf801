# Track A step 1: reverse instruction generators (paper 1, section 2.5, Tables 3 and 9).


rule generator_data:
    input:
        unpack(lambda wc: plan.Generator.parse(wc.generator).instruction_data),
    output:
        pairs=plan.GENERATOR_DATA,
    log:
        "logs/track_a/generator_data_{generator}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.GeneratorData),
    script:
        "../scripts/prepare_generator_data.py"


rule train_generator:
    input:
        pairs=plan.GENERATOR_DATA,
        model=STUDY.model_files(plan.BASE),
    output:
        model=directory(plan.GENERATOR_CHECKPOINT),
    log:
        "logs/track_a/train_generator_{generator}.log",
    benchmark:
        "logs/benchmarks/track_a/train_generator_{generator}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Finetune),
        resume_dir=plan.GENERATOR_RESUME,
    script:
        "../scripts/train_generator.py"
