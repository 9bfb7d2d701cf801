from instructgen.fragments.llm_extraction import main
from instructgen.logs import rule_logging

with rule_logging(snakemake):
    main(
        passages_path=snakemake.input.passages,
        corpus=snakemake.wildcards.corpus,
        model_spec=snakemake.params.model,
        settings=snakemake.params.settings,
        device=snakemake.params.device,
        seed=snakemake.params.seed,
        out_path=snakemake.output.fragments,
    )
