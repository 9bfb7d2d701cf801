from instructgen.figures.reward_curve import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        rewards_csv=snakemake.input.rewards,
        model=snakemake.wildcards.model,
        window=snakemake.params.window,
        published_rho=snakemake.params.published,
        out_png=snakemake.output.png,
        out_pdf=snakemake.output.pdf,
    )
