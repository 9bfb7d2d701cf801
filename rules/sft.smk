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
    wildcard_constraints:
        dataset=plan.DATASET_WILDCARD,
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=720,
    params:
        model=lambda wc: STUDY.model_spec(STUDY.sft_dataset(wc.dataset).backbone),
        recipe_name=lambda wc: STUDY.sft_dataset(wc.dataset).recipe,
        recipe=lambda wc: config["sft"]["recipes"][STUDY.sft_dataset(wc.dataset).recipe],
        sft=config["sft"],
        seed=SEED,
        resume_dir=plan.SFT_RESUME,
    script:
        "../scripts/train_sft.py"
