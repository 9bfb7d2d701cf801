# Figures of both papers and the tables page of the report. Each figure reads exactly the files
# the configuration plans (instructgen.analysis); PNGs are registered with report() under their
# paper, PDFs sit beside them for print.


wildcard_constraints:
    model="[A-Za-z0-9_-]+",
    method="refine_af|self_instruct",
    reference="seeds|superni_test",
    group="track_a|track_b",


# One job parses every instruction set: loading the parser (WordNet or benepar's model) costs
# more than parsing a small set, and the unique-pair table needs all sets anyway.
rule diversity:
    input:
        sets=[s["path"] for s in diversity_sets()],
    output:
        figures=diversity_figures("png"),
        pdfs=diversity_figures("pdf"),
        csv="results/tables/verb_noun_pairs.csv",
        md="results/tables/verb_noun_pairs.md",
    log:
        "logs/figures/diversity.log",
    benchmark:
        "logs/benchmarks/figures/diversity.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        sets=diversity_sets(),
        parser=config["analysis"]["parser"],
        top_verbs=config["analysis"]["top_verbs"],
        top_nouns=config["analysis"]["top_nouns"],
        published=published_unique_pairs(),
    script:
        "../scripts/figure_diversity.py"


rule reward_curve:
    input:
        rewards="results/track_b/{model}/rl/rewards.csv",
    output:
        png=report(
            "results/figures/reward/{model}.png",
            caption="../report/reward.rst",
            category=analysis.PAPER_2,
            subcategory="Reward during PPO",
            labels={"backbone": "{model}"},
        ),
        pdf="results/figures/reward/{model}.pdf",
    log:
        "logs/figures/reward_{model}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        window=config["analysis"]["moving_average_window"],
        published=lambda wc: published_reward_spearman(wc.model),
    script:
        "../scripts/figure_reward.py"


rule rouge_l_histogram:
    input:
        dataset=lambda wc: plan.track_b_dataset_path(wc.model, "refine_af", "all"),
        reference=lambda wc: analysis.ROUGE_REFERENCES[wc.reference][0],
    output:
        png=report(
            "results/figures/rouge_l/{reference}/{model}.png",
            caption="../report/rouge_l.rst",
            category=analysis.PAPER_2,
            subcategory=lambda wc: f"ROUGE-L with {analysis.ROUGE_REFERENCES[wc.reference][2]}",
            labels={"backbone": "{model}"},
        ),
        pdf="results/figures/rouge_l/{reference}/{model}.pdf",
    log:
        "logs/figures/rouge_l_{reference}_{model}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        field=lambda wc: analysis.ROUGE_REFERENCES[wc.reference][1],
        label=lambda wc: analysis.ROUGE_REFERENCES[wc.reference][2],
    script:
        "../scripts/figure_rouge_l.py"


rule length_distributions:
    input:
        dataset=lambda wc: plan.track_b_dataset_path(wc.model, wc.method, "all"),
    output:
        png=report(
            "results/figures/lengths/{model}/{method}.png",
            caption="../report/lengths.rst",
            category=analysis.PAPER_2,
            subcategory="Length distributions",
            labels={"backbone": "{model}", "method": "{method}"},
        ),
        pdf="results/figures/lengths/{model}/{method}.pdf",
    log:
        "logs/figures/lengths_{model}_{method}.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/figure_lengths.py"


rule superni_vs_size:
    input:
        datasets=[p["dataset"] for p in size_curve_points()],
        metrics=[p["metrics"] for p in size_curve_points()],
    output:
        png=report(
            "results/figures/superni_vs_size.png",
            caption="../report/superni_vs_size.rst",
            category=analysis.PAPER_2,
            subcategory="Score against number of instructions",
        ),
        pdf="results/figures/superni_vs_size.pdf",
    log:
        "logs/figures/superni_vs_size.log",
    conda:
        "../envs/analysis.yaml"
    params:
        points=size_curve_points(),
    script:
        "../scripts/figure_superni_vs_size.py"


rule extraction_strategies:
    input:
        metrics=[p["metrics"] for p in strategy_points()],
    output:
        png=report(
            "results/figures/extraction_strategies.png",
            caption="../report/extraction_strategies.rst",
            category=analysis.PAPER_1,
            subcategory="Extraction strategies",
        ),
        pdf="results/figures/extraction_strategies.pdf",
    log:
        "logs/figures/extraction_strategies.log",
    conda:
        "../envs/analysis.yaml"
    params:
        points=strategy_points(),
    script:
        "../scripts/figure_extraction_strategies.py"


rule training_loss:
    input:
        models=lambda wc: list(loss_logs(wc.group).values()),
    output:
        png=report(
            "results/figures/training_loss/{group}.png",
            caption="../report/training_loss.rst",
            category=lambda wc: (
                analysis.PAPER_2 if wc.group == "track_b" else analysis.PAPER_1
            ),
            subcategory="Training loss",
        ),
        pdf="results/figures/training_loss/{group}.pdf",
    log:
        "logs/figures/training_loss_{group}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        logs=lambda wc: loss_logs(wc.group),
    script:
        "../scripts/figure_training_loss.py"


# The report shows HTML inline but offers CSV/Markdown only as downloads, and table rules of
# the evaluation stage cannot be flagged from here: all tables become one page instead.
rule tables_index:
    input:
        tables=report_tables(),
    output:
        html=report(
            "results/tables/index.html",
            caption="../report/tables.rst",
            category="Tables",
        ),
    log:
        "logs/figures/tables_index.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/tables_index.py"
