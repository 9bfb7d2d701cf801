from instructgen.figures.reward_curve import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, _ = job_settings(snakemake)
    main(
        rewards_csv=snakemake.input.rewards,
        model=snakemake.wildcards.model,
        window=settings.window,
        published_rho=settings.published_rho,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
