# Figures of both papers and the tables page of the report. Each figure reads exactly the files
# the configuration plans (instructgen.figures.catalog); PNGs are registered with report() under
# their paper, PDFs sit beside them for print.


# One job parses every instruction set: loading the parser (WordNet or benepar's model) costs
# more than parsing a small set, and the unique-pair table needs all sets anyway.
rule diversity:
    input:
        sets=[s.path for s in catalog.diversity_sets(STUDY)],
    output:
        figures=diversity_figures("png"),
        pdfs=diversity_figures("pdf"),
        csv=plan.VERB_NOUN_TABLE.format(ext="csv"),
        md=plan.VERB_NOUN_TABLE.format(ext="md"),
    log:
        "logs/figures/diversity.log",
    benchmark:
        "logs/benchmarks/figures/diversity.tsv"
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.DiversityFigure),
    script:
        "../scripts/figure_diversity.py"


rule reward_curve:
    input:
        rewards=plan.RL_REWARDS,
    output:
        png=report(
            plan.fill(plan.REWARD_FIGURE, ext="png"),
            caption="../report/reward.rst",
            category=catalog.PAPER_2,
            subcategory="Reward during PPO",
            labels={"backbone": "{model}"},
        ),
        pdf=plan.fill(plan.REWARD_FIGURE, ext="pdf"),
    log:
        "logs/figures/reward_{model}.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.RewardFigure),
    script:
        "../scripts/figure_reward.py"


rule rouge_l_histogram:
    input:
        dataset=plan.fill(plan.TRACK_B_DATASET, method="refine_af", size="all"),
        reference=lambda wc: catalog.ROUGE_REFERENCES[wc.reference].path,
    output:
        png=report(
            plan.fill(plan.ROUGE_L_FIGURE, ext="png"),
            caption="../report/rouge_l.rst",
            category=catalog.PAPER_2,
            subcategory=lambda wc: f"ROUGE-L with {catalog.ROUGE_REFERENCES[wc.reference].label}",
            labels={"backbone": "{model}"},
        ),
        pdf=plan.fill(plan.ROUGE_L_FIGURE, ext="pdf"),
    log:
        "logs/figures/rouge_l_{reference}_{model}.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.RougeFigure),
    script:
        "../scripts/figure_rouge_l.py"


rule length_distributions:
    input:
        dataset=plan.fill(plan.TRACK_B_DATASET, size="all"),
    output:
        png=report(
            plan.fill(plan.LENGTHS_FIGURE, ext="png"),
            caption="../report/lengths.rst",
            category=catalog.PAPER_2,
            subcategory="Length distributions",
            labels={"backbone": "{model}", "method": "{method}"},
        ),
        pdf=plan.fill(plan.LENGTHS_FIGURE, ext="pdf"),
    log:
        "logs/figures/lengths_{model}_{method}.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/figure_lengths.py"


rule superni_vs_size:
    input:
        datasets=[p["dataset"] for p in catalog.size_curve_points(STUDY)],
        metrics=[p["metrics"] for p in catalog.size_curve_points(STUDY)],
    output:
        png=report(
            plan.SIZE_FIGURE.format(ext="png"),
            caption="../report/superni_vs_size.rst",
            category=catalog.PAPER_2,
            subcategory="Score against number of instructions",
        ),
        pdf=plan.SIZE_FIGURE.format(ext="pdf"),
    log:
        "logs/figures/superni_vs_size.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.SizeFigure),
    script:
        "../scripts/figure_superni_vs_size.py"


rule extraction_strategies:
    input:
        metrics=[p["metrics"] for p in catalog.strategy_points(STUDY)],
    output:
        png=report(
            plan.STRATEGY_FIGURE.format(ext="png"),
            caption="../report/extraction_strategies.rst",
            category=catalog.PAPER_1,
            subcategory="Extraction strategies",
        ),
        pdf=plan.STRATEGY_FIGURE.format(ext="pdf"),
    log:
        "logs/figures/extraction_strategies.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.StrategyFigure),
    script:
        "../scripts/figure_extraction_strategies.py"


rule training_loss:
    input:
        models=lambda wc: list(catalog.loss_logs(STUDY, wc.group).values()),
    output:
        png=report(
            plan.fill(plan.LOSS_FIGURE, ext="png"),
            caption="../report/training_loss.rst",
            category=lambda wc: catalog.LOSS_GROUPS[wc.group].paper,
            subcategory="Training loss",
        ),
        pdf=plan.fill(plan.LOSS_FIGURE, ext="pdf"),
    log:
        "logs/figures/training_loss_{group}.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    params:
        settings=step_params(settings.LossFigure),
    script:
        "../scripts/figure_training_loss.py"


# The report shows HTML inline but offers CSV/Markdown only as downloads, and table rules of
# the evaluation stage cannot be flagged from here: all tables become one page instead.
rule tables_index:
    input:
        tables=catalog.report_tables(tables.configured_tables(STUDY)),
    output:
        html=report(
            plan.TABLES_PAGE,
            caption="../report/tables.rst",
            category="Tables",
        ),
    log:
        "logs/figures/tables_index.log",
    localrule: True
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/tables_index.py"
