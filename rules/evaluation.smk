# Evaluation: every evaluated model (the base model and each SFT checkpoint) zero-shot on the
# Super-NI test split (ROUGE-L) and on LongForm (METEOR), each sharded over GPU jobs and merged
# and scored on the submit host.


rule evaluate_superni_shard:
    input:
        test_items=plan.SUPERNI_TEST,
        model=lambda wc: STUDY.model_files(STUDY.evaluated_ref(wc.dataset)),
    output:
        predictions=plan.SUPERNI_SHARD,
        card=plan.card(plan.SUPERNI_SHARD),
    log:
        "logs/evaluation/superni/{dataset}/{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/evaluation/superni/{dataset}/{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.SuperNIEvaluation),
        resume=plan.SUPERNI_RESUME,
    script:
        "../scripts/evaluate_shard.py"


rule score_superni:
    input:
        test_items=plan.SUPERNI_TEST,
        shards=lambda wc: STUDY.shards(plan.SUPERNI_SHARD, **wc),
        cards=lambda wc: [plan.card(s) for s in STUDY.shards(plan.SUPERNI_SHARD, **wc)],
    output:
        predictions=plan.SUPERNI_PREDICTIONS,
        metrics=plan.SUPERNI_METRICS,
    log:
        "logs/evaluation/superni/{dataset}/score.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/score_superni.py"


rule evaluate_longform_shard:
    input:
        test_items=plan.LONGFORM_TEST,
        model=lambda wc: STUDY.model_files(STUDY.evaluated_ref(wc.dataset)),
    output:
        predictions=plan.LONGFORM_SHARD,
        card=plan.card(plan.LONGFORM_SHARD),
    log:
        "logs/evaluation/longform/{dataset}/{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/evaluation/longform/{dataset}/{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.LongFormEvaluation),
        resume=plan.LONGFORM_RESUME,
    script:
        "../scripts/evaluate_shard.py"


rule score_longform:
    input:
        test_items=plan.LONGFORM_TEST,
        shards=lambda wc: STUDY.shards(plan.LONGFORM_SHARD, **wc),
        cards=lambda wc: [plan.card(s) for s in STUDY.shards(plan.LONGFORM_SHARD, **wc)],
    output:
        predictions=plan.LONGFORM_PREDICTIONS,
        metrics=plan.LONGFORM_METRICS,
    log:
        "logs/evaluation/longform/{dataset}/score.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/score_longform.py"
