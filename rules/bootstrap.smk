# REFINE-AF stage 1: instructions bootstrapped from the Self-Instruct seed tasks (section II-B).


rule bootstrap_instructions:
    input:
        seeds=source_dir("self_instruct_seeds"),
        model=lambda wc: model_input(wc.model),
    output:
        instructions="results/track_b/{model}/bootstrap/instructions.jsonl",
        card="results/track_b/{model}/bootstrap/instructions.card.json",
    log:
        "logs/track_b/{model}/bootstrap.log",
    benchmark:
        "logs/benchmarks/track_b/{model}/bootstrap.tsv"
    wildcard_constraints:
        model=TRACK_B_MODELS,
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=32000,
        runtime=2880,
    params:
        model=lambda wc: model_param(wc.model),
        settings=config["track_b"]["bootstrap"],
        device=config["device"],
        seed=SEED,
        resume_dir=lambda wc: f"results/.resume/track_b/{wc.model}/bootstrap",
    script:
        "../scripts/bootstrap_instructions.py"
