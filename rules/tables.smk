# Tables: each of the papers' tables rebuilt from the metric files of its rows (quick, local).
# The rule's only parameter is the table's spec, so a config change reruns the tables it touches.


rule make_table:
    input:
        lambda wc: tables.table_spec(wc.table, STUDY).inputs,
    output:
        md=plan.fill(plan.TABLE, ext="md"),
        csv=plan.fill(plan.TABLE, ext="csv"),
    log:
        "logs/tables/{table}.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.Table),
    script:
        "../scripts/make_table.py"
