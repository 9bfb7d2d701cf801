from instructgen.corpora import build_supervised_corpus
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    build_supervised_corpus(
        snakemake.input.superni,
        snakemake.params.outputs,
        snakemake.params.seed,
        snakemake.output.passages,
    )
