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


# Judged evaluations (paper 1 Fig. 4, REFINE-AF Fig. 6): every evaluated model answers both
# judged sets in shard jobs like the benchmarks'; the answers of all models to a set are merged
# on the submit host, then one GPU job of the configured judge grades them all (loading a 7B
# judge once per set, not once per model).
rule respond_judged_shard:
    input:
        test_items=plan.JUDGED_ITEMS,
        model=lambda wc: STUDY.model_files(STUDY.evaluated_ref(wc.dataset)),
    output:
        predictions=plan.JUDGED_RESPONSE_SHARD,
        card=plan.card(plan.JUDGED_RESPONSE_SHARD),
    log:
        "logs/evaluation/judged/{judged_set}/{dataset}/{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/evaluation/judged/{judged_set}/{dataset}/{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.JudgedResponses),
        resume=plan.JUDGED_RESPONSE_RESUME,
    script:
        "../scripts/evaluate_shard.py"


rule merge_judged_responses:
    input:
        test_items=plan.JUDGED_ITEMS,
        shards=lambda wc: STUDY.judged_response_shards(wc.judged_set),
        cards=lambda wc: [
            plan.card(s) for s in STUDY.judged_response_shards(wc.judged_set)
        ],
    output:
        responses=plan.JUDGED_RESPONSES,
        card=plan.card(plan.JUDGED_RESPONSES),
    log:
        "logs/evaluation/judged/{judged_set}/merge.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.JudgedMerge),
    script:
        "../scripts/merge_judged_responses.py"


rule judge_responses:
    input:
        responses=plan.JUDGED_RESPONSES,
        judge=lambda wc: STUDY.model_files(STUDY.judge_ref()),
    output:
        judgements=plan.JUDGEMENTS,
        scores=plan.JUDGED_SCORES,
    log:
        "logs/evaluation/judged/{judged_set}/judge.log",
    benchmark:
        "logs/benchmarks/evaluation/judged/{judged_set}/judge.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Judging),
        resume=plan.JUDGEMENTS_RESUME,
    script:
        "../scripts/judge_responses.py"
