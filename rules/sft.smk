# Supervised fine-tuning: one rule turns any instruction dataset into a checkpoint.


rule train_sft:
    input:
        dataset=lambda wc: sft_dataset_path(wc.dataset),
        model=lambda wc: model_input(sft_base_model(wc.dataset)),
    output:
        model=directory("results/sft/{dataset}/model"),
    log:
        "logs/sft/{dataset}.log",
    benchmark:
        "logs/benchmarks/sft/{dataset}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=720,
    params:
        model=lambda wc: model_param(sft_base_model(wc.dataset)),
        recipe_name=lambda wc: plan.recipe_for(wc.dataset),
        recipe=lambda wc: config["sft"]["recipes"][plan.recipe_for(wc.dataset)],
        sft=config["sft"],
        seed=SEED,
        resume_dir=lambda wc: f"results/.resume/sft/{wc.dataset}",
    script:
        "../scripts/train_sft.py"
