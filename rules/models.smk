# Tiny models built offline from the shipped corpus (models whose source is "build").


rule train_tokenizer:
    input:
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, name=plan.TINY_MODEL_DATA),
    output:
        tokenizer=directory(plan.TOKENIZER),
    log:
        "logs/models/tokenizer.log",
    conda:
        "../envs/torch.yaml"
    params:
        settings=config["tiny_models"]["tokenizer"],
        seed=SEED,
    script:
        "../scripts/train_tokenizer.py"


rule pretrain_base_lm:
    input:
        tokenizer=plan.TOKENIZER,
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, name=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(name=plan.BASE)),
    log:
        "logs/models/base.log",
    benchmark:
        "logs/benchmarks/models/base.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        settings=config["tiny_models"]["causal_lm"],
        seed=SEED,
    script:
        "../scripts/pretrain_base_lm.py"


rule train_reward_model:
    input:
        base=plan.BUILT_MODEL.format(name=plan.BASE),
        instructions=expand(plan.INSTRUCTION_DATA, name=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(name="reward")),
    log:
        "logs/models/reward.log",
    benchmark:
        "logs/benchmarks/models/reward.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        settings=config["tiny_models"]["reward"],
        seed=SEED,
    script:
        "../scripts/train_reward_model.py"


rule train_unieval_model:
    input:
        tokenizer=plan.TOKENIZER,
        instructions=expand(plan.INSTRUCTION_DATA, name=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(name="unieval")),
    log:
        "logs/models/unieval.log",
    benchmark:
        "logs/benchmarks/models/unieval.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        settings=config["tiny_models"]["seq2seq"],
        seed=SEED,
    script:
        "../scripts/train_unieval_model.py"


rule pretrain_seq2seq_backbone:
    input:
        tokenizer=plan.TOKENIZER,
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, name=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL),
    log:
        "logs/models/{name}.log",
    benchmark:
        "logs/benchmarks/models/{name}.tsv"
    wildcard_constraints:
        name="|".join(STUDY.built_seq2seq_backbones()) or "(?!)",
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        settings=config["tiny_models"]["seq2seq"],
        seed=SEED,
    script:
        "../scripts/pretrain_seq2seq_backbone.py"


# Hub ids and local folders come in once, on the submit host, as the pinned revision: verified
# against the hub's records, pickles converted to safetensors, a card beside them. Every other
# job loads only this folder, offline, so compute nodes need no internet and shard jobs never
# download the same weights at once.
rule fetch_model:
    input:
        local=lambda wc: STUDY.model_source_files(wc.name),
    output:
        model=directory(plan.FETCHED_MODEL),
    log:
        "logs/models/fetch_{name}.log",
    wildcard_constraints:
        name="|".join(STUDY.fetched_models()) or "(?!)",
    conda:
        "../envs/torch.yaml"
    params:
        spec=lambda wc: config["models"][wc.name],
    script:
        "../scripts/fetch_model.py"
