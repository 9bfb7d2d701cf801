from instructgen.evaluation.judge import main
from instructgen.logs import rule_logging
from instructgen.settings import job_settings

with rule_logging(snakemake):
    settings, execution = job_settings(snakemake)
    main(
        responses_path=snakemake.input.responses,
        settings=settings,
        execution=execution,
        out_judgements=snakemake.output.judgements,
        out_scores=snakemake.output.scores,
        resume_path=snakemake.params.resume,
    )
