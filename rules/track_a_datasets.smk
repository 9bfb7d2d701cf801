# Track A steps 3-4: perplexity filter (paper 1, section 3.1) and the generated datasets.


rule score_candidates:
    input:
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
        candidates="results/track_a/candidates/{corpus}/{strategy}/{generator}/candidates.jsonl",
        model=lambda wc: model_input(filter_ref(wc.filter_dir)),
    output:
        shard="results/track_a/scores/{corpus}/{strategy}/{generator}/{filter_dir}/shards/{shard}-of-{shards}.jsonl",
    log:
        "logs/track_a/scores/{corpus}_{strategy}_{generator}_{filter_dir}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_a/scores/{corpus}_{strategy}_{generator}_{filter_dir}_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        strategy="[a-z_]+",
        generator="[a-z_]+-[a-z]+",
        filter_dir="base|sft-[A-Za-z0-9_.-]+",
        shard="[0-9]+",
        shards="[0-9]+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=240,
    params:
        model=lambda wc: model_param(filter_ref(wc.filter_dir)),
        settings=config["track_a"]["filtering"],
        device=config["device"],
        resume=lambda wc: (
            f"results/.resume/scores/{wc.corpus}/{wc.strategy}/{wc.generator}/{wc.filter_dir}/"
            f"{wc.shard}-of-{wc.shards}.jsonl"
        ),
    script:
        "../scripts/score_candidates.py"


rule merge_scores:
    input:
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
        candidates="results/track_a/candidates/{corpus}/{strategy}/{generator}/candidates.jsonl",
        shards=lambda wc: track_a_shards(
            "results/track_a/scores/{corpus}/{strategy}/{generator}/{filter_dir}/shards/{shard}-of-{shards}.jsonl",
            config["track_a"]["filtering"]["shards"],
            **wc,
        ),
    output:
        scores="results/track_a/scores/{corpus}/{strategy}/{generator}/{filter_dir}/scores.jsonl",
    log:
        "logs/track_a/scores/{corpus}_{strategy}_{generator}_{filter_dir}_merge.log",
    wildcard_constraints:
        strategy="[a-z_]+",
        generator="[a-z_]+-[a-z]+",
        filter_dir="base|sft-[A-Za-z0-9_.-]+",
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/merge_scores.py"


rule track_a_dataset:
    input:
        unpack(
            lambda wc: (
                {}
                if wc.filter_dir == "none"
                else {
                    "scores": f"results/track_a/scores/{wc.corpus}/{wc.strategy}/{wc.generator}/{wc.filter_dir}/scores.jsonl"
                }
            )
        ),
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
        candidates="results/track_a/candidates/{corpus}/{strategy}/{generator}/candidates.jsonl",
    output:
        dataset="results/track_a/datasets/{corpus}/{strategy}/{generator}/{filter_dir}/{size}.jsonl",
        card="results/track_a/datasets/{corpus}/{strategy}/{generator}/{filter_dir}/{size}.card.json",
    log:
        "logs/track_a/datasets/{corpus}_{strategy}_{generator}_{filter_dir}_{size}.log",
    wildcard_constraints:
        strategy="[a-z_]+",
        generator="[a-z_]+-[a-z]+",
        filter_dir="none|base|sft-[A-Za-z0-9_.-]+",
        size="all|[0-9]+",
    conda:
        "../envs/text.yaml"
    params:
        filter=lambda wc: filter_ref(wc.filter_dir),
        settings={
            "candidates": config["track_a"]["candidates"],
            "filtering": config["track_a"]["filtering"],
            "source_sizes": config["track_a"]["source_sizes"],
            "generator_training": config["track_a"]["generator_training"],
        },
        seed=SEED,
    script:
        "../scripts/build_track_a_dataset.py"


rule combine_track_a:
    input:
        parts=lambda wc: combined_parts(wc.combined),
    output:
        dataset="results/track_a/datasets/combined/{combined}.jsonl",
        card="results/track_a/datasets/combined/{combined}.card.json",
    log:
        "logs/track_a/datasets/combined_{combined}.log",
    wildcard_constraints:
        combined="[A-Za-z0-9_-]+",
    conda:
        "../envs/text.yaml"
    params:
        part_ids=lambda wc: combined_part_ids(wc.combined),
        seed=SEED,
    script:
        "../scripts/combine_track_a.py"
