# Hub-shaped stand-ins of the configured hub models, which `make rehearse` serves through the
# fixture hub. Not among all_targets(): only the rehearsal asks for them
# (standins.standin_targets).


rule build_standin:
    input:
        passages=standins.SHIPPED_PASSAGES,
        instructions=standins.shipped_instruction_files(),
    output:
        standin=directory(standins.STANDIN),
    log:
        "logs/standins/{org}/{repo}.log",
    benchmark:
        "logs/benchmarks/standins/{org}/{repo}.tsv"
    conda:
        "../envs/torch.yaml"
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        settings=step_params(settings.Standin),
    script:
        "../scripts/build_standin.py"


# `make rehearse` asks for this first: every stand-in, before the fixture hub serves them.
rule rehearsal_standins:
    input:
        standins=standins.standin_targets(config),
    localrule: True
