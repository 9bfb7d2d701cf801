# Tiny models built offline from the shipped corpus (models whose source is "build"), and hub
# or local models fetched once.


rule train_tokenizer:
    input:
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, baseline=plan.TINY_MODEL_DATA),
    output:
        tokenizer=directory(plan.TOKENIZER),
    log:
        "logs/models/tokenizer.log",
    conda:
        "../envs/torch.yaml"
    params:
        settings=step_params(settings.TinyTokenizer),
    script:
        "../scripts/train_tokenizer.py"


rule pretrain_base_lm:
    input:
        tokenizer=plan.TOKENIZER,
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, baseline=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(model=plan.BASE)),
    log:
        "logs/models/base.log",
    benchmark:
        "logs/benchmarks/models/base.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.TinyCausalLM),
    script:
        "../scripts/pretrain_base_lm.py"


rule train_reward_model:
    input:
        base=plan.BUILT_MODEL.format(model=plan.BASE),
        instructions=expand(plan.INSTRUCTION_DATA, baseline=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(model="reward")),
    log:
        "logs/models/reward.log",
    benchmark:
        "logs/benchmarks/models/reward.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.TinyReward),
    script:
        "../scripts/train_reward_model.py"


rule train_unieval_model:
    input:
        tokenizer=plan.TOKENIZER,
        instructions=expand(plan.INSTRUCTION_DATA, baseline=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(model="unieval")),
    log:
        "logs/models/unieval.log",
    benchmark:
        "logs/benchmarks/models/unieval.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.TinySeq2Seq),
    script:
        "../scripts/train_unieval_model.py"


rule pretrain_seq2seq_backbone:
    input:
        tokenizer=plan.TOKENIZER,
        passages=expand(plan.PASSAGES, corpus=plan.CORPORA),
        instructions=expand(plan.INSTRUCTION_DATA, baseline=plan.TINY_MODEL_DATA),
    output:
        model=directory(plan.BUILT_MODEL.format(model="{backbone}")),
    log:
        "logs/models/{backbone}.log",
    benchmark:
        "logs/benchmarks/models/{backbone}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        gpu=1,
        mem_mb=job_resource("mem_mb"),
        runtime=job_resource("runtime"),
    params:
        settings=step_params(settings.TinySeq2Seq),
    script:
        "../scripts/pretrain_seq2seq_backbone.py"


# Hub ids and local folders come in once, on the submit host, as the pinned revision: verified
# against the hub's records, pickles converted to safetensors, a card beside them. Every other
# job loads only this folder, offline, so compute nodes need no internet and shard jobs never
# download the same weights at once.
rule fetch_model:
    input:
        local=lambda wc: STUDY.model_source_files(wc.fetched),
    output:
        model=directory(plan.FETCHED_MODEL.format(model="{fetched}")),
    log:
        "logs/models/fetch_{fetched}.log",
    localrule: True
    conda:
        "../envs/torch.yaml"
    params:
        settings=step_params(settings.ModelFetch),
    script:
        "../scripts/fetch_model.py"
