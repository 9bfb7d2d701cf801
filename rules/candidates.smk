# Track A step 2: k candidate instructions per fragment by nucleus sampling, sharded and resumable.


rule generate_candidates:
    input:
        fragments=plan.FRAGMENTS,
        generator=plan.GENERATOR_CHECKPOINT,
    output:
        shard=plan.CANDIDATE_SHARD,
        card=plan.card(plan.CANDIDATE_SHARD),
    log:
        "logs/track_a/candidates/{corpus}_{strategy}_{generator}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_a/candidates/{corpus}_{strategy}_{generator}_{shard}-of-{shards}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.CandidateGeneration),
        resume=plan.CANDIDATE_RESUME,
    script:
        "../scripts/generate_candidates.py"


rule merge_candidates:
    input:
        fragments=plan.FRAGMENTS,
        shards=lambda wc: STUDY.shards(plan.CANDIDATE_SHARD, **wc),
    output:
        candidates=plan.CANDIDATES,
    log:
        "logs/track_a/candidates/{corpus}_{strategy}_{generator}_merge.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/merge_candidates.py"
