from instructgen.figures.diversity import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        sets=list(settings.sets),
        parser_name=settings.parser,
        top_verbs=settings.top_verbs,
        top_nouns=settings.top_nouns,
        published=settings.published,
        pngs=list(snakemake.output.figures),
        pdfs=list(snakemake.output.pdfs),
        out_csv=snakemake.output.csv,
        out_md=snakemake.output.md,
    )
