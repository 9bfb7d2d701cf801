# Fragments: the outputs that Track A writes instructions for (paper 1, section 3.2).


rule extract_fragments:
    input:
        passages=plan.PASSAGES,
    output:
        fragments=plan.FRAGMENTS,
    log:
        "logs/fragments/{corpus}_{strategy}.log",
    wildcard_constraints:
        corpus="|".join(plan.CORPORA),
        strategy="|".join(plan.RULE_BASED_STRATEGIES),
    conda:
        "../envs/text.yaml"
    params:
        settings=config["fragments"],
        seed=SEED,
    script:
        "../scripts/extract_fragments.py"


rule extract_fragments_llm:
    input:
        passages=plan.PASSAGES,
        model=STUDY.model_files(config["fragments"]["llm_extraction"]["model"]),
    output:
        fragments=plan.fill(plan.FRAGMENTS, strategy="llm_extraction"),
    log:
        "logs/fragments/{corpus}_llm_extraction.log",
    benchmark:
        "logs/benchmarks/fragments/{corpus}_llm_extraction.tsv"
    wildcard_constraints:
        corpus="|".join(plan.CORPORA),
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=8000,
        runtime=120,
    params:
        model=STUDY.model_spec(config["fragments"]["llm_extraction"]["model"]),
        settings=config["fragments"]["llm_extraction"],
        device=config["device"],
        seed=SEED,
    script:
        "../scripts/extract_fragments_llm.py"
