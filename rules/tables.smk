# Tables: each of the papers' tables rebuilt from the metric files of its rows (quick, local).
from instructgen.tables import TABLES


localrules:
    make_table,


rule make_table:
    input:
        lambda wc: table_inputs(wc.table),
    output:
        md="results/tables/{table}.md",
        csv="results/tables/{table}.csv",
    log:
        "logs/tables/{table}.log",
    wildcard_constraints:
        table="|".join(TABLES),
    conda:
        "../envs/analysis.yaml"
    params:
        config={
            key: config[key]
            for key in ("models", "track_a", "track_b", "sft", "analysis")
        },
        available=evaluation_names(),
    script:
        "../scripts/make_table.py"
