# Raw sources -> normalised corpora. One fetch rule serves both configs: it copies shipped files
# or downloads pinned URLs and verifies their checksums.


rule fetch_source:
    input:
        local=corpus_files,
    output:
        source=directory(plan.SOURCE),
    log:
        "logs/corpora/fetch_{source}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.SourceFetch),
    script:
        "../scripts/fetch_source.py"


rule sample_passages:
    input:
        wikipedia=plan.SOURCE.format(source="wikipedia"),
        c4=plan.SOURCE.format(source="c4"),
    output:
        passages=plan.PASSAGES.format(corpus="unsupervised"),
    log:
        "logs/corpora/sample_passages.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.PassageSample),
    script:
        "../scripts/sample_passages.py"


rule build_supervised_corpus:
    input:
        superni=plan.SOURCE.format(source="superni"),
    output:
        passages=plan.PASSAGES.format(corpus="supervised"),
    log:
        "logs/corpora/supervised.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.SupervisedCorpus),
    script:
        "../scripts/build_supervised_corpus.py"


rule prepare_instruction_data:
    input:
        unpack(lambda wc: plan.Baseline(wc.baseline).inputs),
    output:
        records=plan.INSTRUCTION_DATA,
        card=plan.card(plan.INSTRUCTION_DATA),
    log:
        "logs/corpora/instruction_data_{baseline}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.InstructionData),
    script:
        "../scripts/prepare_instruction_data.py"


rule mix_instruction_data:
    input:
        unpack(lambda wc: STUDY.mixture_part_paths(wc.mixture)),
    output:
        records=plan.MIXTURE_DATASET,
        card=plan.card(plan.MIXTURE_DATASET),
    log:
        "logs/corpora/mixture_{mixture}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.Mixture),
    script:
        "../scripts/mix_instruction_data.py"


rule prepare_superni_test:
    input:
        superni=plan.SOURCE.format(source="superni"),
    output:
        test_items=plan.SUPERNI_TEST,
    log:
        "logs/corpora/superni_test.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.SuperNITest),
    script:
        "../scripts/prepare_superni_test.py"


rule prepare_longform_test:
    input:
        longform=plan.SOURCE.format(source="longform_test"),
    output:
        test_items=plan.LONGFORM_TEST,
    log:
        "logs/corpora/longform_test.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.LongFormTest),
    script:
        "../scripts/prepare_longform_test.py"


rule prepare_reference_instructions:
    input:
        source=plan.SOURCE.format(source="self_instruct_gpt3"),
    output:
        instructions=plan.GPT3_INSTRUCTIONS,
    log:
        "logs/corpora/gpt3_instructions.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/prepare_reference_instructions.py"


rule prepare_judged_set:
    input:
        source=lambda wc: plan.judged_source(wc.judged_set),
    output:
        judged_items=plan.JUDGED_ITEMS,
    log:
        "logs/corpora/judged_{judged_set}.log",
    localrule: True
    conda:
        "../envs/text.yaml"
    params:
        settings=step_params(settings.JudgedSet),
    script:
        "../scripts/prepare_judged_set.py"
