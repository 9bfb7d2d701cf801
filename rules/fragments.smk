# Fragments: the outputs that Track A writes instructions for (paper 1, section 3.2).


rule extract_fragments:
    input:
        passages="results/corpora/{corpus}.jsonl",
    output:
        fragments="results/fragments/{corpus}/{strategy}.jsonl",
    log:
        "logs/fragments/{corpus}_{strategy}.log",
    conda:
        "../envs/text.yaml"
    params:
        settings=config["fragments"],
        seed=SEED,
    script:
        "../scripts/extract_fragments.py"


rule extract_fragments_llm:
    input:
        passages="results/corpora/{corpus}.jsonl",
        model=model_input(config["fragments"]["llm_extraction"]["model"]),
    output:
        fragments="results/fragments/{corpus}/llm_extraction.jsonl",
    log:
        "logs/fragments/{corpus}_llm_extraction.log",
    benchmark:
        "logs/benchmarks/fragments/{corpus}_llm_extraction.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=120,
    params:
        model=model_param(config["fragments"]["llm_extraction"]["model"]),
        settings=config["fragments"]["llm_extraction"],
        device=config["device"],
        seed=SEED,
    script:
        "../scripts/extract_fragments_llm.py"
