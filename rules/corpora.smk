# Raw sources -> normalised corpora. One fetch rule serves both configs: it copies shipped files
# or downloads pinned URLs and verifies their checksums.


rule fetch_source:
    input:
        local=corpus_files,
    output:
        source=directory(plan.SOURCE),
    log:
        "logs/corpora/fetch_{name}.log",
    conda:
        "../envs/text.yaml"
    params:
        entry=lambda wc: config["corpora"][wc.name],
        allow_unpinned=config["allow_unpinned_downloads"],
    script:
        "../scripts/fetch_source.py"


rule sample_passages:
    input:
        wikipedia=plan.SOURCE.format(name="wikipedia"),
        c4=plan.SOURCE.format(name="c4"),
    output:
        passages=plan.PASSAGES.format(corpus="unsupervised"),
    log:
        "logs/corpora/sample_passages.log",
    conda:
        "../envs/text.yaml"
    params:
        settings=config["unsupervised_corpus"],
        seed=SEED,
    script:
        "../scripts/sample_passages.py"


rule build_supervised_corpus:
    input:
        superni=plan.SOURCE.format(name="superni"),
    output:
        passages=plan.PASSAGES.format(corpus="supervised"),
    log:
        "logs/corpora/supervised.log",
    conda:
        "../envs/text.yaml"
    params:
        outputs=config["supervised_corpus"]["superni_outputs"],
        seed=SEED,
    script:
        "../scripts/build_supervised_corpus.py"


rule prepare_instruction_data:
    input:
        source=lambda wc: plan.Baseline(wc.name).source_dir,
    output:
        records=plan.INSTRUCTION_DATA,
        card=plan.card(plan.INSTRUCTION_DATA),
    log:
        "logs/corpora/instruction_data_{name}.log",
    wildcard_constraints:
        name="|".join(plan.BASELINES),
    conda:
        "../envs/text.yaml"
    params:
        max_instances_per_task=lambda wc: (
            config["instruction_data"]["superni_max_instances_per_task"]
            if wc.name == "superni_train"
            else None
        ),
        seed=SEED,
    script:
        "../scripts/prepare_instruction_data.py"


rule prepare_superni_test:
    input:
        superni=plan.SOURCE.format(name="superni"),
    output:
        test_items=plan.SUPERNI_TEST,
    log:
        "logs/corpora/superni_test.log",
    conda:
        "../envs/text.yaml"
    params:
        max_per_task=config["evaluation"]["superni"]["max_instances_per_task"],
    script:
        "../scripts/prepare_superni_test.py"


rule prepare_longform_test:
    input:
        longform=plan.SOURCE.format(name="longform_test"),
    output:
        test_items=plan.LONGFORM_TEST,
    log:
        "logs/corpora/longform_test.log",
    conda:
        "../envs/text.yaml"
    params:
        max_items=config["evaluation"]["longform"]["max_items"],
    script:
        "../scripts/prepare_longform_test.py"


rule prepare_reference_instructions:
    input:
        source=plan.SOURCE.format(name="self_instruct_gpt3"),
    output:
        instructions=plan.GPT3_INSTRUCTIONS,
    log:
        "logs/corpora/gpt3_instructions.log",
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/prepare_reference_instructions.py"
