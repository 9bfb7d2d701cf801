from instructgen.corpora import main_superni_test
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_superni_test(
        snakemake.input.superni, snakemake.params.max_per_task, snakemake.output.test_items
    )
