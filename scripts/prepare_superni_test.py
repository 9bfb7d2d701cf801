from instructgen.corpora.superni_test import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        superni_dir=snakemake.input.superni,
        max_per_task=snakemake.params.max_per_task,
        out_path=snakemake.output.test_items,
    )
