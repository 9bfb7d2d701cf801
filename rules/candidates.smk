# Track A step 2: k candidate instructions per fragment by nucleus sampling, sharded and resumable.


rule generate_candidates:
    input:
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
        generator="results/track_a/generators/{generator}",
    output:
        shard="results/track_a/candidates/{corpus}/{strategy}/{generator}/shards/{shard}-of-{shards}.jsonl",
    log:
        "logs/track_a/candidates/{corpus}_{strategy}_{generator}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_a/candidates/{corpus}_{strategy}_{generator}_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        strategy="[a-z_]+",
        generator="[a-z_]+-[a-z]+",
        shard="[0-9]+",
        shards="[0-9]+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=240,
    params:
        model=lambda wc: generator_param(wc.generator),
        settings=config["track_a"]["candidates"],
        device=config["device"],
        seed=SEED,
        resume=lambda wc: (
            f"results/.resume/candidates/{wc.corpus}/{wc.strategy}/{wc.generator}/"
            f"{wc.shard}-of-{wc.shards}.jsonl"
        ),
    script:
        "../scripts/generate_candidates.py"


rule merge_candidates:
    input:
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
        shards=lambda wc: track_a_shards(
            "results/track_a/candidates/{corpus}/{strategy}/{generator}/shards/{shard}-of-{shards}.jsonl",
            config["track_a"]["candidates"]["shards"],
            **wc,
        ),
    output:
        candidates="results/track_a/candidates/{corpus}/{strategy}/{generator}/candidates.jsonl",
    log:
        "logs/track_a/candidates/{corpus}_{strategy}_{generator}_merge.log",
    wildcard_constraints:
        strategy="[a-z_]+",
        generator="[a-z_]+-[a-z]+",
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/merge_candidates.py"
