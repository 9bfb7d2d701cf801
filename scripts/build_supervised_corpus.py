from instructgen.corpora.supervised import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        superni_dir=snakemake.input.superni,
        count=snakemake.params.outputs,
        seed=snakemake.params.seed,
        out_path=snakemake.output.passages,
    )
