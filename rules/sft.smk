# Supervised fine-tuning: one rule turns any instruction dataset into a checkpoint.


rule train_sft:
    input:
        dataset=lambda wc: STUDY.sft_dataset(wc.dataset).path,
        model=lambda wc: STUDY.model_files(STUDY.sft_dataset(wc.dataset).backbone),
    output:
        model=directory(plan.SFT_CHECKPOINT),
    log:
        "logs/sft/{dataset}.log",
    benchmark:
        "logs/benchmarks/sft/{dataset}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Finetune),
        resume_dir=plan.SFT_RESUME,
    script:
        "../scripts/train_sft.py"
