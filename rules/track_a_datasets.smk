# Track A steps 3-4: perplexity filter (paper 1, section 3.1) and the generated datasets.


rule score_candidates:
    input:
        fragments=plan.FRAGMENTS,
        candidates=plan.CANDIDATES,
        model=lambda wc: STUDY.model_files(wc.filter),
    output:
        shard=plan.SCORE_SHARD,
        card=plan.card(plan.SCORE_SHARD),
    log:
        "logs/track_a/scores/{corpus}_{strategy}_{generator}_{filter}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_a/scores/{corpus}_{strategy}_{generator}_{filter}_{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.Perplexity),
        resume=plan.SCORE_RESUME,
    script:
        "../scripts/score_candidates.py"


rule merge_scores:
    input:
        fragments=plan.FRAGMENTS,
        candidates=plan.CANDIDATES,
        shards=lambda wc: STUDY.shards(plan.SCORE_SHARD, **wc),
    output:
        scores=plan.SCORES,
    log:
        "logs/track_a/scores/{corpus}_{strategy}_{generator}_{filter}_merge.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/merge_scores.py"


rule track_a_dataset:
    input:
        unpack(lambda wc: plan.TrackADataset.build(**wc).inputs),
    output:
        dataset=plan.TRACK_A_DATASET,
        card=plan.card(plan.TRACK_A_DATASET),
    log:
        "logs/track_a/datasets/{corpus}_{strategy}_{generator}_{filter}_{size}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.TrackADataset),
    script:
        "../scripts/build_track_a_dataset.py"


rule combine_track_a:
    input:
        parts=lambda wc: [part.path for part in STUDY.combined_parts(wc.combined)],
    output:
        dataset=plan.COMBINED_DATASET,
        card=plan.card(plan.COMBINED_DATASET),
    log:
        "logs/track_a/datasets/combined_{combined}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.CombinedDataset),
    script:
        "../scripts/combine_track_a.py"
