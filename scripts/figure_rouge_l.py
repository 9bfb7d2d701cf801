from instructgen.figures.rouge_l import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        dataset=snakemake.input.dataset,
        reference_path=snakemake.input.reference,
        reference_field=snakemake.params.field,
        reference_label=snakemake.params.label,
        model=snakemake.wildcards.model,
        published_mean=snakemake.params.published_mean,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
