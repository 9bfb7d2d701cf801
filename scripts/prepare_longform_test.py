from instructgen.corpora.longform_test import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        longform_dir=snakemake.input.longform,
        max_items=snakemake.params.max_items,
        out_path=snakemake.output.test_items,
    )
