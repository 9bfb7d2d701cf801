from instructgen.figures.diversity import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        sets=snakemake.params.sets,
        parser_name=snakemake.params.parser,
        top_verbs=snakemake.params.top_verbs,
        top_nouns=snakemake.params.top_nouns,
        published=snakemake.params.published,
        pngs=list(snakemake.output.figures),
        pdfs=list(snakemake.output.pdfs),
        out_csv=snakemake.output.csv,
        out_md=snakemake.output.md,
    )
