# Fragments: the outputs that Track A writes instructions for (paper 1, section 3.2).


# extract_fragments' {strategy} would also match the LLM strategy's file.
ruleorder: extract_fragments_llm > extract_fragments


rule extract_fragments:
    input:
        passages=plan.PASSAGES,
    output:
        fragments=plan.FRAGMENTS,
    log:
        "logs/fragments/{corpus}_{strategy}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.RuleFragments),
    script:
        "../scripts/extract_fragments.py"


rule extract_fragments_llm:
    input:
        passages=plan.PASSAGES,
        model=STUDY.model_files(config["fragments"]["llm_extraction"]["model"]),
    output:
        fragments=plan.fill(plan.FRAGMENTS, strategy="llm_extraction"),
        card=plan.card(plan.fill(plan.FRAGMENTS, strategy="llm_extraction")),
    log:
        "logs/fragments/{corpus}_llm_extraction.log",
    benchmark:
        "logs/benchmarks/fragments/{corpus}_llm_extraction.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.LLMExtraction),
        resume=plan.EXTRACTION_RESUME,
    script:
        "../scripts/extract_fragments_llm.py"
