# Track A step 1: reverse instruction generators (paper 1, section 2.5, Tables 3 and 9).


rule generator_data:
    input:
        unpack(lambda wc: generator_data_inputs(wc.generator)),
    output:
        pairs="results/track_a/generator_data/{generator}.jsonl",
    log:
        "logs/track_a/generator_data_{generator}.log",
    wildcard_constraints:
        generator="[a-z_]+-[a-z]+",
    conda:
        "../envs/text.yaml"
    params:
        size=lambda wc: config["track_a"]["source_sizes"][
            wc.generator.rsplit("-", 1)[0]
        ],
        seed=SEED,
    script:
        "../scripts/prepare_generator_data.py"


rule train_generator:
    input:
        pairs="results/track_a/generator_data/{generator}.jsonl",
        model=model_input("base"),
    output:
        model=directory("results/track_a/generators/{generator}"),
    log:
        "logs/track_a/train_generator_{generator}.log",
    benchmark:
        "logs/benchmarks/track_a/train_generator_{generator}.tsv"
    wildcard_constraints:
        generator="[a-z_]+-[a-z]+",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=720,
    params:
        model=model_param("base"),
        recipe=config["track_a"]["generator_training"],
        max_seq_len=config["sft"]["max_seq_len"],
        seed=SEED,
        resume_dir=lambda wc: f"results/.resume/generators/{wc.generator}",
    script:
        "../scripts/train_generator.py"
