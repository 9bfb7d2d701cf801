# Track A steps 3-4: perplexity filter (paper 1, section 3.1) and the generated datasets.


rule score_candidates:
    input:
        fragments=plan.FRAGMENTS,
        candidates=plan.CANDIDATES,
        model=lambda wc: STUDY.model_files(wc.filter),
    output:
        shard=plan.SCORE_SHARD,
    log:
        "logs/track_a/scores/{corpus}_{strategy}_{generator}_{filter}_{shard}-of-{shards}.log",
    benchmark:
        "logs/benchmarks/track_a/scores/{corpus}_{strategy}_{generator}_{filter}_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        corpus="|".join(plan.CORPORA),
        strategy="|".join(plan.STRATEGIES),
        generator=plan.GENERATOR,
        filter=plan.FILTER,
        shard=r"\d+",
        shards=r"\d+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=240,
    params:
        model=lambda wc: STUDY.model_spec(wc.filter),
        settings=config["track_a"]["filtering"],
        device=config["device"],
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
    wildcard_constraints:
        corpus="|".join(plan.CORPORA),
        strategy="|".join(plan.STRATEGIES),
        generator=plan.GENERATOR,
        filter=plan.FILTER,
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
    wildcard_constraints:
        corpus="|".join(plan.CORPORA),
        strategy="|".join(plan.STRATEGIES),
        generator=plan.GENERATOR,
        filter=plan.FILTER,
        size=plan.SIZE,
    conda:
        "../envs/text.yaml"
    params:
        dataset=lambda wc: plan.TrackADataset.build(**wc).id,
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
        parts=lambda wc: [part.path for part in STUDY.combined_parts(wc.combined)],
    output:
        dataset=plan.COMBINED_DATASET,
        card=plan.card(plan.COMBINED_DATASET),
    log:
        "logs/track_a/datasets/combined_{combined}.log",
    wildcard_constraints:
        combined=plan.COMBINED_NAME,
    conda:
        "../envs/text.yaml"
    params:
        part_ids=lambda wc: STUDY.combined_part_ids(wc.combined),
        seed=SEED,
    script:
        "../scripts/combine_track_a.py"
