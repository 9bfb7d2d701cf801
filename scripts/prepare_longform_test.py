from instructgen.corpora import main_longform_test
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main_longform_test(
        snakemake.input.longform, snakemake.params.max_items, snakemake.output.test_items
    )
