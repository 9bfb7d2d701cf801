# Raw sources -> normalised corpora. One fetch rule serves both configs: it copies shipped files
# or downloads pinned URLs and verifies their checksums.


rule fetch_source:
    input:
        local=local_source,
    output:
        directory("resources/sources/{name}"),
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
        wikipedia=source_dir("wikipedia"),
        c4=source_dir("c4"),
    output:
        passages="results/corpora/unsupervised.jsonl",
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
        superni=source_dir("superni"),
    output:
        passages="results/corpora/supervised.jsonl",
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
        source=lambda wc: source_dir(INSTRUCTION_SOURCES[wc.name]),
    output:
        records="results/corpora/instruction_data/{name}.jsonl",
    log:
        "logs/corpora/instruction_data_{name}.log",
    conda:
        "../envs/text.yaml"
    script:
        "../scripts/prepare_instruction_data.py"


rule prepare_superni_test:
    input:
        superni=source_dir("superni"),
    output:
        test_items="results/corpora/superni_test.jsonl",
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
        longform=source_dir("longform_test"),
    output:
        test_items="results/corpora/longform_test.jsonl",
    log:
        "logs/corpora/longform_test.log",
    conda:
        "../envs/text.yaml"
    params:
        max_items=config["evaluation"]["longform"]["max_items"],
    script:
        "../scripts/prepare_longform_test.py"
