"""Tests for the figure stage: each figure on small fabricated inputs, the values its legends
and tables show, and what the default configuration plans."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from instructgen import plan, plots
from instructgen.config import validate_config
from instructgen.errors import ConfigError, InputError
from instructgen.figures import (
    catalog,
    diversity,
    lengths,
    reward_curve,
    rouge_l,
    size_curve,
    strategies,
    tables_page,
    training_loss,
)
from instructgen.figures.common import read_instructions, read_rewards, superni_rouge_l
from instructgen.io import write_json, write_jsonl

REPO = Path(__file__).resolve().parents[1]


def assert_figure(png: Path, pdf: Path) -> None:
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000


def outputs(tmp_path: Path, stem: str) -> tuple[Path, Path]:
    return tmp_path / f"{stem}.png", tmp_path / f"{stem}.pdf"


def dataset(path: Path, instructions: list[str], inputs: list[str] | None = None) -> str:
    inputs = inputs or ["" for _ in instructions]
    write_jsonl(
        path,
        [
            {"id": str(i), "instruction": text, "input": inp, "output": f"answer {i} " * (i + 1)}
            for i, (text, inp) in enumerate(zip(instructions, inputs, strict=True))
        ],
    )
    return str(path)


@pytest.fixture(scope="module")
def default_config() -> dict:
    return validate_config(yaml.safe_load((REPO / "config.yaml").read_text()))


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


def test_default_plan_covers_every_dataset_and_reference(default_config) -> None:
    study = plan.Study(default_config)
    names = [s.name for s in catalog.diversity_sets(study)]
    assert len(names) == len(set(names))
    assert {"ref.superni_test", "ref.longform_test", "ref.self_instruct_seeds"} <= set(names)
    for d in study.track_a_datasets():
        assert d.name in names
    assert "b.base.refine_af.all" in names and "b.base.self_instruct.all" in names
    targets = study.targets([]) + catalog.figures(study)
    for stem in ("reward/base", "rouge_l/seeds/base", "rouge_l/gpt3/base",
                 "lengths/base/refine_af", "superni_vs_size", "extraction_strategies",
                 "training_loss/track_a", "training_loss/track_b"):  # fmt: skip
        assert f"results/figures/{stem}.png" in targets
        assert f"results/figures/{stem}.pdf" in targets
    assert "results/tables/index.html" in targets


def test_plan_follows_the_configuration(default_config) -> None:
    config = json.loads(json.dumps(default_config))
    config["track_b"]["base_models"] = []
    config["track_a"]["datasets"] = [
        {"corpus": ["supervised"], "strategy": ["whole"], "generator": ["superni-instruction"],
         "filter": ["none"]}
    ]  # fmt: skip
    config["track_a"]["combined"] = []
    targets = catalog.figures(plan.Study(config))
    assert not any("reward/" in t or "superni_vs_size" in t for t in targets)
    assert not any("extraction_strategies" in t for t in targets)  # no unsupervised datasets
    assert "results/figures/training_loss/track_b.png" not in targets
    # The default grid filters the extraction strategies (Figure 3); whole has both variants.
    by_strategy = {}
    for point in catalog.strategy_points(plan.Study(default_config)):
        by_strategy.setdefault(point["strategy"], []).append(point["metrics"])
    metrics = [plan.SUPERNI_METRICS.format(dataset=f"a.unsupervised.{name}.all") for name in (
        "keywords.seed-instruction.base", "whole.seed-instruction.none",
        "whole.seed-instruction.base", "whole.dolly_superni-alpaca.none")]  # fmt: skip
    assert by_strategy["keywords"] == metrics[:1]
    assert by_strategy["whole"] == metrics[1:]


# --------------------------------------------------------------------------------------------
# Diversity
# --------------------------------------------------------------------------------------------


def _link_grammar_problem() -> str | None:
    from instructgen.diversity.trees import parser_problem

    return parser_problem("link_grammar")


@pytest.mark.skipif(_link_grammar_problem() is not None, reason=str(_link_grammar_problem()))
def test_diversity_writes_sunbursts_and_pair_table(tmp_path: Path) -> None:
    first = dataset(tmp_path / "a.jsonl", [
        "Write a poem about the sea.", "Write a story about a dragon.",
        "Summarize the article in two sentences.", "Write a poem about autumn.",
    ])  # fmt: skip
    second = dataset(tmp_path / "b.jsonl", ["Translate the sentence into French."] * 3)
    sets = [
        {"name": "first", "path": first, "field": "instruction", "paper": "P", "title": "First"},
        {"name": "second", "path": second, "field": "instruction", "paper": "P", "title": "Two"},
    ]
    csv_path, md_path = tmp_path / "pairs.csv", tmp_path / "pairs.md"
    pngs = [str(tmp_path / "fig" / f"{s['name']}.png") for s in sets]
    pdfs = [p[:-3] + "pdf" for p in pngs]
    rows = diversity.main(
        sets=sets,
        parser_name="link_grammar",
        top_verbs=20,
        top_nouns=4,
        published={"first": 828},
        pngs=pngs,
        pdfs=pdfs,
        out_csv=str(csv_path),
        out_md=str(md_path),
    )
    for name in ("first", "second"):
        assert_figure(*outputs(tmp_path / "fig", name))
    # The repeated instruction counts once; "write poem" twice is one pair.
    assert [(r["instructions"], r["unique_verb_noun_pairs"]) for r in rows] == [(4, 3), (1, 1)]
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("dataset,paper,instructions,")
    assert lines[1].split(",")[-1] == "828" and lines[2].endswith(",")
    assert "Link Grammar" in md_path.read_text()


def test_missing_benepar_model_is_one_config_error_before_reading(tmp_path: Path) -> None:
    pytest.importorskip("benepar")
    import nltk

    try:
        nltk.data.find("models/benepar_en3")
        pytest.skip("benepar_en3 is installed here")
    except LookupError:
        pass
    sets = [{"name": "x", "path": str(tmp_path / "absent.jsonl"), "field": "instruction",
             "paper": "P", "title": "X"}]  # fmt: skip
    with pytest.raises(ConfigError) as error:
        diversity.main(
            sets=sets,
            parser_name="benepar",
            top_verbs=20,
            top_nouns=4,
            published={},
            pngs=["x.png"],
            pdfs=["x.pdf"],
            out_csv="a.csv",
            out_md="a.md",
        )
    message = str(error.value)
    assert "\n" not in message
    assert "analysis.parser" in message and "benepar.download('benepar_en3')" in message


def test_read_instructions_needs_the_field(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", [{"instruction": "Do it."}, {"prompt": "x"}])
    with pytest.raises(InputError, match=r"d\.jsonl:2: missing key\(s\) instruction"):
        read_instructions(str(tmp_path / "d.jsonl"))


# --------------------------------------------------------------------------------------------
# REFINE-AF figures
# --------------------------------------------------------------------------------------------


def test_reward_legend_shows_known_moving_average_and_spearman(tmp_path, monkeypatch) -> None:
    rewards = tmp_path / "rewards.csv"
    rewards.write_text("step,mean_reward,kl\n1,3,0\n2,1,0\n3,2,0\n4,5,0\n5,4,0\n")
    seen = {}
    save = plots._save

    def capture(fig, out_png, out_pdf):
        ax = fig.axes[0]
        seen["legend"] = [t.get_text() for t in ax.get_legend().get_texts()]
        seen["average"] = ax.get_lines()[1].get_ydata()
        seen["text"] = [t.get_text() for t in fig.texts]
        save(fig, out_png, out_pdf)

    monkeypatch.setattr(plots, "_save", capture)
    png, pdf = outputs(tmp_path, "reward")
    rho = reward_curve.main(
        rewards_csv=str(rewards),
        model="m",
        window=2,
        published_rho=0.553,
        out_png=str(png),
        out_pdf=str(pdf),
    )
    assert_figure(png, pdf)
    # Ranks 3,1,2,5,4 against 1..5: rho = 1 - 6 * 8 / (5 * 24) = 0.6.
    assert rho == pytest.approx(0.6)
    assert seen["legend"][1] == "2-step moving average (Spearman \u03c1 = 0.60)"
    np.testing.assert_allclose(seen["average"], [3.0, 2.0, 1.5, 3.5, 4.5])
    assert "0.553" in seen["text"][0]


def test_rewards_csv_must_have_the_contract_columns(tmp_path: Path) -> None:
    rewards = tmp_path / "rewards.csv"
    rewards.write_text("step,reward\n1,0.5\n")
    with pytest.raises(InputError, match=r"rewards\.csv:1: missing column 'mean_reward'"):
        read_rewards(str(rewards))
    rewards.write_text("step,mean_reward\n1,0.5\nx,0.2\n")
    with pytest.raises(InputError, match=r"rewards\.csv:3:"):
        read_rewards(str(rewards))


def test_rouge_histogram_scores_against_most_similar_reference(tmp_path: Path) -> None:
    generated = dataset(tmp_path / "gen.jsonl", [
        "Write a poem about the sea.", "List three prime numbers.", "Name one colour.",
    ])  # fmt: skip
    seeds = dataset(tmp_path / "seeds.jsonl", ["Write a poem about the sea.", "List fruits."])
    png, pdf = outputs(tmp_path, "rouge")
    scores = rouge_l.main(
        dataset=generated,
        reference_path=seeds,
        reference_field="instruction",
        reference_label="the seeds",
        model="m",
        published_mean=0.62,
        out_png=str(png),
        out_pdf=str(pdf),
    )
    assert_figure(png, pdf)
    # Exact copy; "list" shared with "List fruits" (2*1/(4+2)); nothing in common.
    assert scores == pytest.approx([1.0, 1 / 3, 0.0])


def test_lengths_figure_leaves_out_empty_inputs(tmp_path: Path) -> None:
    path = dataset(tmp_path / "d.jsonl", ["Say hi.", "Add the numbers below."], ["", "2 3 4"])
    png, pdf = outputs(tmp_path, "lengths")
    found = lengths.main(dataset=path, label="refine_af (m)", out_png=str(png), out_pdf=str(pdf))
    assert_figure(png, pdf)
    assert found == {"instructions": [2, 4], "non-empty inputs": [3], "outputs": [2, 4]}


def test_size_curve_uses_distinct_instructions_as_x(tmp_path: Path) -> None:
    points = []
    for size, score in ((2, 10.0), (3, 12.5)):
        texts = [f"Instruction number {i}." for i in range(size)] + ["Instruction number 0."]
        write_json(tmp_path / f"m{size}.json", {"rougeL": score, "exact_match": 1.0})
        points.append({"series": "m refine_af", "dataset": dataset(tmp_path / f"d{size}.jsonl",
                       texts), "metrics": str(tmp_path / f"m{size}.json")})  # fmt: skip
    png, pdf = outputs(tmp_path, "size")
    series = size_curve.main(points=points[::-1], out_png=str(png), out_pdf=str(pdf))
    assert_figure(png, pdf)
    assert series == {"m refine_af": [(2, 10.0), (3, 12.5)]}


# --------------------------------------------------------------------------------------------
# Paper 1 figures, training loss, tables page
# --------------------------------------------------------------------------------------------


def test_strategy_bars_group_scores_by_strategy(tmp_path: Path) -> None:
    points = []
    for strategy, variant, score in (("whole", "g, filter none", 20.0),
                                     ("keywords", "g, filter none", 25.0),
                                     ("whole", "g, filter base", 22.0)):  # fmt: skip
        path = tmp_path / f"{strategy}{score}.json"
        write_json(path, {"rougeL": score})
        points.append({"strategy": strategy, "variant": variant, "metrics": str(path)})
    png, pdf = outputs(tmp_path, "strategies")
    scores = strategies.main(points=points, out_png=str(png), out_pdf=str(pdf))
    assert_figure(png, pdf)
    assert scores == {"g, filter none": {"whole": 20.0, "keywords": 25.0},
                      "g, filter base": {"whole": 22.0}}  # fmt: skip
    write_json(tmp_path / "bad.json", {"exact_match": 1.0})
    with pytest.raises(InputError, match="no 'rougeL'"):
        superni_rouge_l(str(tmp_path / "bad.json"))


def test_training_loss_keeps_last_record_of_a_resumed_step(tmp_path: Path) -> None:
    for name in ("dolly", "a.x"):
        folder = tmp_path / name / "model"
        folder.mkdir(parents=True)
        (folder / "training_log.csv").write_text(
            "step,loss,learning_rate\n1,2.0,0.1\n2,1.5,0.1\n2,1.4,0.1\n3,1.0,0.1\n"
        )
    png, pdf = outputs(tmp_path, "loss")
    curves = training_loss.main(
        models={n: str(tmp_path / n / "model") for n in ("dolly", "a.x")},
        title="Loss",
        out_png=str(png),
        out_pdf=str(pdf),
    )
    assert_figure(png, pdf)
    assert curves["dolly"] == ([1, 2, 3], [2.0, 1.4, 1.0])
    empty = tmp_path / "empty" / "model"
    empty.mkdir(parents=True)
    (empty / "training_log.csv").write_text("step,loss,learning_rate\n")
    with pytest.raises(InputError, match="no training steps"):
        training_loss.main(
            models={"empty": str(empty)}, title="Loss", out_png=str(png), out_pdf=str(pdf)
        )


def test_tables_page_renders_every_markdown_table(tmp_path: Path) -> None:
    first, second = tmp_path / "table2.md", tmp_path / "verb_noun_pairs.md"
    first.write_text("# Table 2\n\n| model | ROUGE-L |\n|---|---|\n| dolly | 12.3 |\n\n<b>x</b>\n")
    diversity.write_table(
        [{"dataset": "a,b", "unique": 3}], str(tmp_path / "v.csv"), str(second), "Pairs", "note"
    )
    out = tmp_path / "index.html"
    assert tables_page.main(tables=[str(second), str(first)], out_html=str(out)) == 2
    page = out.read_text()
    assert page.index("Table 2") < page.index("Pairs")  # sorted by file name
    assert "<td>dolly</td>" in page and "<td>12.3</td>" in page and "<td>a,b</td>" in page
    assert "<b>x</b>" not in page  # raw HTML in a table file is escaped
    assert (tmp_path / "v.csv").read_text() == 'dataset,unique\n"a,b",3\n'


def test_added_chart_helpers_write_png_and_pdf(tmp_path: Path) -> None:
    png, pdf = outputs(tmp_path, "panels")
    plots.histogram_panels({"a": [1, 2, 2, 3], "b": []}, "T", "x", png, pdf, caption="c")
    assert_figure(png, pdf)
    png, pdf = outputs(tmp_path, "lines")
    plots.line_plot([], {"s": [1.0, 2.0]}, "T", "x", "y", png, pdf, xs={"s": [5, 9]})
    assert_figure(png, pdf)


def test_parser_problem_is_cheap_and_one_line() -> None:
    from instructgen.diversity.trees import parser_problem

    link_grammar = parser_problem("link_grammar")
    assert link_grammar is None or "\n" not in link_grammar
    problem = parser_problem("benepar", nltk_data="/nonexistent")
    import nltk

    try:
        nltk.data.find("models/benepar_en3")
    except LookupError:
        assert problem is not None and "\n" not in problem and "benepar_en3" in problem
