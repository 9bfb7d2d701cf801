# Hub-shaped stand-ins of the configured hub models, which `make rehearse` serves through the
# fixture hub. Not among all_targets(): only the rehearsal asks for them
# (STUDY.standin_targets()).


rule build_standin:
    input:
        passages=plan.SHIPPED_PASSAGES,
        instructions=plan.shipped_instruction_files(),
    output:
        standin=directory(plan.STANDIN),
    log:
        "logs/standins/{org}/{repo}.log",
    benchmark:
        "logs/benchmarks/standins/{org}/{repo}.tsv"
    wildcard_constraints:
        org=plan.HUB_PART,
        repo=plan.HUB_PART,
    conda:
        "../envs/torch.yaml"
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        hub_id=lambda wc: plan.hub_id(wc.org, wc.repo),
        name=lambda wc: STUDY.standin_name(plan.hub_id(wc.org, wc.repo)),
        revision=lambda wc: STUDY.standin_revision(plan.hub_id(wc.org, wc.repo)),
        instruction_sources=plan.SHIPPED_INSTRUCTIONS,
        settings=config["tiny_models"],
        seed=SEED,
    script:
        "../scripts/build_standin.py"


# `make rehearse` asks for this first: every stand-in, before the fixture hub serves them.
rule rehearsal_standins:
    input:
        standins=STUDY.standin_targets(),
