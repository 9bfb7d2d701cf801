from instructgen.figures.rouge_l import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        dataset=snakemake.input.dataset,
        reference_path=snakemake.input.reference,
        reference_field=settings.field,
        reference_label=settings.label,
        model=snakemake.wildcards.model,
        published_mean=settings.published_mean,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
