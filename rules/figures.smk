# Figures of both papers and the tables page of the report. Each figure reads exactly the files
# the configuration plans (instructgen.plan); PNGs are registered with report() under their
# paper, PDFs sit beside them for print.


# One job parses every instruction set: loading the parser (WordNet or benepar's model) costs
# more than parsing a small set, and the unique-pair table needs all sets anyway.
rule diversity:
    input:
        sets=[s.path for s in STUDY.diversity_sets()],
    output:
        figures=diversity_figures("png"),
        pdfs=diversity_figures("pdf"),
        csv=plan.VERB_NOUN_TABLE.format(ext="csv"),
        md=plan.VERB_NOUN_TABLE.format(ext="md"),
    log:
        "logs/figures/diversity.log",
    benchmark:
        "logs/benchmarks/figures/diversity.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        sets=[vars(s) for s in STUDY.diversity_sets()],
        parser=config["analysis"]["parser"],
        top_verbs=config["analysis"]["top_verbs"],
        top_nouns=config["analysis"]["top_nouns"],
        published=STUDY.published_unique_pairs(),
    script:
        "../scripts/figure_diversity.py"


rule reward_curve:
    input:
        rewards=plan.RL_REWARDS,
    output:
        png=report(
            plan.fill(plan.REWARD_FIGURE, ext="png"),
            caption="../report/reward.rst",
            category=plan.PAPER_2,
            subcategory="Reward during PPO",
            labels={"backbone": "{model}"},
        ),
        pdf=plan.fill(plan.REWARD_FIGURE, ext="pdf"),
    log:
        "logs/figures/reward_{model}.log",
    wildcard_constraints:
        model=plan.MODEL_NAME,
    conda:
        "../envs/analysis.yaml"
    params:
        window=config["analysis"]["moving_average_window"],
        published=lambda wc: STUDY.published_reward_spearman(wc.model),
    script:
        "../scripts/figure_reward.py"


rule rouge_l_histogram:
    input:
        dataset=plan.fill(plan.TRACK_B_DATASET, method="refine_af", size="all"),
        reference=lambda wc: plan.ROUGE_REFERENCES[wc.reference].path,
    output:
        png=report(
            plan.fill(plan.ROUGE_L_FIGURE, ext="png"),
            caption="../report/rouge_l.rst",
            category=plan.PAPER_2,
            subcategory=lambda wc: f"ROUGE-L with {plan.ROUGE_REFERENCES[wc.reference].label}",
            labels={"backbone": "{model}"},
        ),
        pdf=plan.fill(plan.ROUGE_L_FIGURE, ext="pdf"),
    log:
        "logs/figures/rouge_l_{reference}_{model}.log",
    wildcard_constraints:
        model=plan.MODEL_NAME,
        reference="|".join(plan.ROUGE_REFERENCES),
    conda:
        "../envs/analysis.yaml"
    params:
        field=lambda wc: plan.ROUGE_REFERENCES[wc.reference].field,
        label=lambda wc: plan.ROUGE_REFERENCES[wc.reference].label,
        published_mean=lambda wc: STUDY.published_rouge_mean(wc.reference),
    script:
        "../scripts/figure_rouge_l.py"


rule length_distributions:
    input:
        dataset=plan.fill(plan.TRACK_B_DATASET, size="all"),
    output:
        png=report(
            plan.fill(plan.LENGTHS_FIGURE, ext="png"),
            caption="../report/lengths.rst",
            category=plan.PAPER_2,
            subcategory="Length distributions",
            labels={"backbone": "{model}", "method": "{method}"},
        ),
        pdf=plan.fill(plan.LENGTHS_FIGURE, ext="pdf"),
    log:
        "logs/figures/lengths_{model}_{method}.log",
    wildcard_constraints:
        model=plan.MODEL_NAME,
        method="|".join(plan.TRACK_B_METHODS),
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/figure_lengths.py"


rule superni_vs_size:
    input:
        datasets=[p["dataset"] for p in STUDY.size_curve_points()],
        metrics=[p["metrics"] for p in STUDY.size_curve_points()],
    output:
        png=report(
            plan.SIZE_FIGURE.format(ext="png"),
            caption="../report/superni_vs_size.rst",
            category=plan.PAPER_2,
            subcategory="Score against number of instructions",
        ),
        pdf=plan.SIZE_FIGURE.format(ext="pdf"),
    log:
        "logs/figures/superni_vs_size.log",
    conda:
        "../envs/analysis.yaml"
    params:
        points=STUDY.size_curve_points(),
    script:
        "../scripts/figure_superni_vs_size.py"


rule extraction_strategies:
    input:
        metrics=[p["metrics"] for p in STUDY.strategy_points()],
    output:
        png=report(
            plan.STRATEGY_FIGURE.format(ext="png"),
            caption="../report/extraction_strategies.rst",
            category=plan.PAPER_1,
            subcategory="Extraction strategies",
        ),
        pdf=plan.STRATEGY_FIGURE.format(ext="pdf"),
    log:
        "logs/figures/extraction_strategies.log",
    conda:
        "../envs/analysis.yaml"
    params:
        points=STUDY.strategy_points(),
    script:
        "../scripts/figure_extraction_strategies.py"


rule training_loss:
    input:
        models=lambda wc: list(STUDY.loss_logs(wc.group).values()),
    output:
        png=report(
            plan.fill(plan.LOSS_FIGURE, ext="png"),
            caption="../report/training_loss.rst",
            category=lambda wc: plan.LOSS_GROUPS[wc.group].paper,
            subcategory="Training loss",
        ),
        pdf=plan.fill(plan.LOSS_FIGURE, ext="pdf"),
    log:
        "logs/figures/training_loss_{group}.log",
    wildcard_constraints:
        group="|".join(plan.LOSS_GROUPS),
    conda:
        "../envs/analysis.yaml"
    params:
        logs=lambda wc: STUDY.loss_logs(wc.group),
        title=lambda wc: plan.LOSS_GROUPS[wc.group].title,
    script:
        "../scripts/figure_training_loss.py"


# The report shows HTML inline but offers CSV/Markdown only as downloads, and table rules of
# the evaluation stage cannot be flagged from here: all tables become one page instead.
rule tables_index:
    input:
        tables=STUDY.report_tables(tables.configured_tables(STUDY)),
    output:
        html=report(
            plan.TABLES_PAGE,
            caption="../report/tables.rst",
            category="Tables",
        ),
    log:
        "logs/figures/tables_index.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/tables_index.py"
