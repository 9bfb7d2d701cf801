# Evaluation: every evaluated model (the base model and each SFT checkpoint) zero-shot on the
# Super-NI test split (ROUGE-L) and on LongForm (METEOR).


localrules:
    score_superni,


rule evaluate_superni_shard:
    input:
        test_items="results/corpora/superni_test.jsonl",
        model=lambda wc: model_input(evaluated_model_ref(wc.dataset)),
    output:
        predictions="results/evaluation/superni/{dataset}/shards/{shard}-of-{num_shards}.jsonl",
    log:
        "logs/evaluation/superni/{dataset}/{shard}-of-{num_shards}.log",
    benchmark:
        "logs/benchmarks/evaluation/superni/{dataset}/{shard}-of-{num_shards}.tsv"
    wildcard_constraints:
        shard=r"\d+",
        num_shards=r"\d+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=16000,
        runtime=240,
    params:
        model=lambda wc: model_param(evaluated_model_ref(wc.dataset)),
        settings=config["evaluation"]["superni"],
        device=config["device"],
        seed=SEED,
        resume=lambda wc: (
            f"results/.resume/evaluation/superni/{wc.dataset}/{wc.shard}-of-{wc.num_shards}.jsonl"
        ),
    script:
        "../scripts/evaluate_superni_shard.py"


rule score_superni:
    input:
        test_items="results/corpora/superni_test.jsonl",
        shards=lambda wc: superni_shard_paths(wc.dataset),
    output:
        predictions="results/evaluation/superni/{dataset}/predictions.jsonl",
        metrics="results/evaluation/superni/{dataset}/metrics.json",
    log:
        "logs/evaluation/superni/{dataset}/score.log",
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/score_superni.py"


rule evaluate_longform:
    input:
        test_items="results/corpora/longform_test.jsonl",
        model=lambda wc: model_input(evaluated_model_ref(wc.dataset)),
    output:
        predictions="results/evaluation/longform/{dataset}/predictions.jsonl",
        metrics="results/evaluation/longform/{dataset}/metrics.json",
    log:
        "logs/evaluation/longform/{dataset}.log",
    benchmark:
        "logs/benchmarks/evaluation/longform/{dataset}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=16000,
        runtime=240,
    params:
        model=lambda wc: model_param(evaluated_model_ref(wc.dataset)),
        settings=config["evaluation"]["longform"],
        device=config["device"],
        seed=SEED,
        resume=lambda wc: f"results/.resume/evaluation/longform/{wc.dataset}.jsonl",
    script:
        "../scripts/evaluate_longform.py"
