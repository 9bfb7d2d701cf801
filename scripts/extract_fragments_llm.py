from instructgen.fragments.llm_extraction import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        passages_path=snakemake.input.passages,
        corpus=snakemake.wildcards.corpus,
        settings=settings,
        execution=execution,
        out_path=snakemake.output.fragments,
        resume_path=snakemake.params.resume,
    )
