"""Table layout from fabricated metric files: rows, columns, order, published column on/off."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from instructgen.config import validate_config
from instructgen.errors import InputError
from instructgen.tables.render import build_table, main, to_csv, to_markdown
from instructgen.tables.specs import TableSpec, configured_tables, table_spec
from instructgen.track_b.datasets import table_v_statistics

ROOT = Path(__file__).resolve().parents[1]


def _config(path="config.yaml", show_published=False):
    config = validate_config(yaml.safe_load((ROOT / path).read_text()))
    config["analysis"]["show_published"] = show_published
    return config


def _write(root: Path, path: str, data) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data))


def _fabricate(root: Path, names, *, task_scores=None) -> dict[str, float]:
    """Metric files and SFT cards; ROUGE-L = 10 + index, METEOR = 20 + index, size 100 + index."""
    scores = {}
    for index, name in enumerate(names):
        superni = {"rougeL": 10.0 + index, "exact_match": 1.0, "model": name, "n_instances": 4}
        superni.update((task_scores or {}).get(name, {}))
        _write(root, f"results/evaluation/superni/{name}/metrics.json", superni)
        _write(root, f"results/evaluation/longform/{name}/metrics.json", {"meteor": 20.0 + index})
        if name != "base":
            _write(root, f"results/sft/{name}/model/card.json", {"examples": 100 + index})
        scores[name] = 10.0 + index
    return scores


def _rows(table, column):
    return [row[column] for row in table.rows]


def test_paper1_table2_rows_columns_and_published_switch(tmp_path):
    config = _config()
    available = plan.Study(config).evaluated()
    scores = _fabricate(tmp_path, available)
    table = build_table(table_spec("paper1_table2", plan.Study(config)), tmp_path)
    assert table.columns == ["Method", "Potential Risks", "Data Size", "SUPERNI", "LongForm"]
    assert _rows(table, "Method") == [
        "base model (build)",
        "+SELF-INSTRUCT",
        "+Self-Instruct seed tasks",
        "+LongForm",
        "+Dolly",
        "+SUPERNI",
        "+SUPERNI+LongForm",
        "+Ours (Generated from Unsupervised Corpus)",
        "+Ours (Generated from Supervised Corpus)",
        "+Ours (Generated from Unsupervised + Supervised Corpus)",
    ]
    # Self-Instruct's data and LongForm's instructions came from OpenAI models: the paper marks
    # those rows, and the mixture with LongForm, risky.
    risks = ["no", "yes", "no", "yes", "no", "no", "yes", "no", "no", "no"]
    assert _rows(table, "Potential Risks") == risks
    unsupervised = "a.unsupervised.whole.seed-instruction.base.all"
    assert table.rows[7]["SUPERNI"] == scores[unsupervised]
    assert table.rows[0]["Data Size"] == "-"
    assert table.rows[1]["SUPERNI"] == scores["self_instruct_gpt3"]
    assert table.rows[4]["Data Size"] == 100 + available.index("dolly")
    assert table.rows[5]["LongForm"] == 20.0 + available.index("superni_train")
    assert table.rows[6]["SUPERNI"] == scores["mix.superni_longform"]
    assert not any("Dromedary" in n for n in table.footnotes if "closed-source" in n)
    not_rebuilt = next(n for n in table.footnotes if n.startswith("Not rebuilt"))
    assert "SELF-INSTRUCT" not in not_rebuilt and "LongForm" not in not_rebuilt
    mixture = next(n for n in table.footnotes if n.startswith("+SUPERNI+LongForm"))
    assert "20 records of +SUPERNI and 20 records of +LongForm" in mixture

    config_pub = _config(show_published=True)
    shown = build_table(table_spec("paper1_table2", plan.Study(config_pub)), tmp_path)
    assert shown.columns == [
        "Method",
        "Potential Risks",
        "Data Size",
        "Data Size (published)",
        "SUPERNI",
        "SUPERNI (published)",
        "LongForm",
        "LongForm (published)",
    ]
    by_method = {row["Method"]: row for row in shown.rows}
    assert by_method["+SUPERNI"]["SUPERNI (published)"] == 44.66
    assert by_method["+SUPERNI"]["Data Size (published)"] == "75K"
    assert by_method["+LongForm"]["Data Size (published)"] == "24K"
    assert by_method["+Dolly"]["LongForm (published)"] == 13.5
    assert by_method["+Self-Instruct seed tasks"]["SUPERNI (published)"] == ""
    assert by_method["+SELF-INSTRUCT"]["SUPERNI (published)"] == 37.58
    assert by_method["+SELF-INSTRUCT"]["Data Size (published)"] == "82K"
    assert by_method["+SUPERNI+LongForm"]["LongForm (published)"] == 14.01
    assert by_method["+SUPERNI+LongForm"]["Data Size (published)"] == "28K"
    assert by_method["+SUPERNI"]["SUPERNI"] == table.rows[5]["SUPERNI"]
    markdown = to_markdown(shown)
    assert markdown.splitlines()[2].startswith(
        "| Method | Potential Risks | Data Size | Data Size (published) | SUPERNI |"
    )
    assert "| +SUPERNI | " in markdown and "44.66" in markdown
    parsed = list(csv.reader(io.StringIO(to_csv(shown))))
    assert parsed[0] == shown.columns and len(parsed) == len(shown.rows) + 1


def test_a_spec_is_plain_data_naming_every_file_its_rows_read():
    config = _config()
    spec = table_spec("paper1_table2", plan.Study(config))
    assert TableSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    inputs = spec.inputs
    assert "results/evaluation/superni/dolly/metrics.json" in inputs
    assert "results/evaluation/longform/base/metrics.json" in inputs
    assert "results/sft/dolly/model" in inputs and "results/sft/base/model" not in inputs


def test_missing_metric_file_names_the_file(tmp_path):
    config = _config()
    with pytest.raises(InputError, match="results/evaluation/superni/base/metrics.json"):
        build_table(table_spec("paper1_table2", plan.Study(config)), tmp_path)


def test_paper1_tables_3_to_6_follow_the_grid(tmp_path):
    config = _config(show_published=True)
    available = plan.Study(config).evaluated()
    _fabricate(tmp_path, available)
    t3 = build_table(table_spec("paper1_table3", plan.Study(config)), tmp_path)
    assert _rows(t3, "Training Data Source") == ["Seed Instruction", "Dolly+SUPERNI"]
    assert _rows(t3, "Filter") == ["-", "-"]
    assert t3.rows[0]["SUPERNI (published)"] == 9.61
    assert t3.rows[1]["SUPERNI (published)"] == 5.89  # unfiltered, as in the paper
    t4 = build_table(table_spec("paper1_table4", plan.Study(config)), tmp_path)
    assert _rows(t4, "Section") == [
        "without filtering",
        "with filtering",
        "with filtering",  # the generated-data size axis: all fragments, then the first 80
        "manual annotation",  # the supervised corpus's own instances and instructions
        "manual annotation",  # the whole Super-NI training split
    ]
    assert t4.rows[0]["SUPERNI (published)"] == ""  # generator trained on 120, not 13,500
    assert t4.rows[3]["Generated Data Size"] == 100 + available.index("supervised_manual")
    assert t4.rows[3]["SUPERNI (published)"] == 44.03
    assert t4.rows[3]["Generated Data Size (published)"] == 13500
    assert t4.rows[4]["SUPERNI (published)"] == 44.66
    t5 = build_table(table_spec("paper1_table5", plan.Study(config)), tmp_path)
    assert _rows(t5, "Filtering") == ["no", "yes"]
    assert [r["LongForm (published)"] for r in t5.rows] == [18.01, 21.00]
    assert any("+All" in note for note in t5.footnotes)
    t6 = build_table(table_spec("paper1_table6", plan.Study(config)), tmp_path)
    # The tiny T5 as it is, then tuned on each dataset of sft.seq2seq_datasets.
    assert _rows(t6, "Method") == ["t5 (build)", "+Dolly", "+Ours (Wikipedia&C4+SUPERNI Source)"]
    assert t6.rows[1]["SUPERNI"] == 10.0 + available.index("dolly@t5")
    assert t6.rows[1]["SUPERNI (published)"] == ""  # published values belong to T5-XL


def test_paper1_table6_matches_the_papers_backbones_and_rows(tmp_path):
    config = _config("configs/paper.yaml", show_published=True)
    study = plan.Study(config)
    spec = table_spec("paper1_table6", study)
    labels = [row.cells["Method"] for row in spec.rows]
    assert labels[:7] == [
        "T5-XL",
        "+Dolly",
        "+SUPERNI",
        "+LongForm",
        "+Ours (Wikipedia&C4 Source)",
        "+Ours (SUPERNI Source)",
        "+Ours (Wikipedia&C4+SUPERNI Source)",
    ]
    assert labels[7] == "Flan-T5-XL" and len(labels) == 14
    by_label = {(row.cells["Backbone"], row.cells["Method"]): row for row in spec.rows}
    assert by_label[("flan_t5_xl", "+LongForm")].published == {"SUPERNI": 40.37, "LongForm": 7.05}
    assert "results/sft/dolly@t5_xl/model" in spec.inputs
    assert "results/evaluation/superni/flan_t5_xl/metrics.json" in spec.inputs


def _refine_config():
    config = _config(show_published=True)
    config["models"]["llama2_7b"] = {
        **config["models"]["base"],
        "source": "meta-llama/Llama-2-7b-hf",
    }
    config["track_b"]["base_models"] = ["llama2_7b", "base"]
    return config


def test_refine_af_table2_percent_tasks_better_and_layout(tmp_path):
    config = _refine_config()
    available = plan.Study(config).evaluated()
    per_task = {}
    for name in available:
        if name.startswith("b."):
            better = ".refine_af." in name
            per_task[name] = {
                "rougeL_for_task001_x": 5.0 + better,
                "rougeL_for_task002_y": 5.0,
                "rougeL_for_task003_z": 4.0 + 2 * better,
                "rougeL_for_title_generation": 3.0 + better,
            }
    _fabricate(tmp_path, available, task_scores=per_task)
    table = build_table(table_spec("refine_af_table2", plan.Study(config)), tmp_path)
    assert table.columns == [
        "Model",
        "Instruction Count",
        "SELF-INSTRUCT",
        "SELF-INSTRUCT (published)",
        "REFINE-AF",
        "REFINE-AF (published)",
        "% Tasks Better",
        "% Tasks Better (ties excluded)",
        "% Tasks Better (ties excluded) (published)",
        "Better / Tied / Tasks",
    ]
    assert [(r["Model"], r["Instruction Count"]) for r in table.rows] == [
        ("LLaMa 2 7B", 24),
        ("LLaMa 2 7B", 48),
        ("base", 24),
        ("base", 48),
    ]
    # REFINE-AF wins two of three tasks and ties the third: 2/3 of all, 2/2 of the untied.
    assert all(r["% Tasks Better"] == pytest.approx(200 / 3) for r in table.rows)
    assert all(r["% Tasks Better (ties excluded)"] == pytest.approx(100.0) for r in table.rows)
    assert all(r["Better / Tied / Tasks"] == "2 / 1 / 3" for r in table.rows)
    name = "b.llama2_7b.refine_af.24"
    assert table.rows[0]["REFINE-AF"] == 10.0 + available.index(name)
    assert table.rows[0]["REFINE-AF (published)"] == ""  # 24 instructions: not a paper row
    assert "66.67%" in to_markdown(table)

    t3 = build_table(table_spec("refine_af_table3", plan.Study(config)), tmp_path)
    assert t3.columns[:3] == [
        "Task Category",
        "LLaMa 2 7B SELF-INSTRUCT",
        "LLaMa 2 7B SELF-INSTRUCT (published)",
    ]
    assert _rows(t3, "Task Category") == ["title_generation"]
    assert t3.rows[0]["LLaMa 2 7B REFINE-AF"] == 4.0
    assert t3.rows[0]["LLaMa 2 7B REFINE-AF (published)"] == 8.017
    assert t3.rows[0]["base SELF-INSTRUCT (published)"] == ""


def test_refine_af_table5_reads_the_dataset_cards(tmp_path):
    config = _refine_config()
    config["analysis"]["show_published"] = False
    for i, model in enumerate(("llama2_7b", "base")):
        # The card as Track B's instance stage writes it, from fabricated records.
        records = [
            {
                "instruction": f"Write item {k}.",
                "input": "" if k % 2 else "some input",
                "output": "an output",
                "provenance": {"instruction_id": f"i{k}"},
            }
            for k in range(50 + i)
        ]
        card = {"statistics": table_v_statistics(records, 48, 10)}
        _write(tmp_path, f"results/track_b/{model}/datasets/refine_af/all.card.json", card)
    table = build_table(table_spec("refine_af_table5", plan.Study(config)), tmp_path)
    assert table.columns == ["Statistics", "LLaMa 2 7B", "base"]
    assert _rows(table, "Statistics")[:2] == ["# of instructions", "# of instances"]
    assert _rows(table, "base")[1] == 51
    assert table_spec("refine_af_table5", plan.Study(config)).inputs == [
        "results/track_b/llama2_7b/datasets/refine_af/all.card.json",
        "results/track_b/base/datasets/refine_af/all.card.json",
    ]


def test_paper_config_plans_every_table_and_main_writes_both_files(tmp_path, monkeypatch):
    config = _config("configs/paper.yaml", show_published=True)
    assert configured_tables(plan.Study(config)) == [
        "paper1_table1",
        "paper1_table2",
        "paper1_table3",
        "paper1_table4",
        "paper1_table5",
        "paper1_table6",
        "refine_af_table2",
        "refine_af_table3",
        "refine_af_table5",
        "judged_evaluations",
    ]
    t5_inputs = table_spec("paper1_table5", plan.Study(config)).inputs
    assert len([p for p in t5_inputs if p.startswith("results/evaluation/superni/")]) == 5
    monkeypatch.chdir(tmp_path)
    small = copy.deepcopy(config)
    small["sft"]["seq2seq_backbones"] = []
    main(
        spec=table_spec("paper1_table6", plan.Study(small)).to_dict(),
        out_md="t/p6.md",
        out_csv="t/p6.csv",
    )
    assert Path("t/p6.md").read_text().startswith("# Paper 1 Table 6")
    assert "No encoder-decoder backbone" in Path("t/p6.md").read_text()
    assert (
        Path("t/p6.csv")
        .read_text()
        .startswith("Method,Backbone,SUPERNI,SUPERNI (published),LongForm")
    )


def test_paper1_table1_counts_the_fetched_test_sets(tmp_path):
    from instructgen.io import write_jsonl

    write_jsonl(tmp_path / plan.SUPERNI_TEST, [
        {"definition": "Answer yes or no.", "input": "Is ice cold?", "references": ["yes", "y"]},
        {"definition": "Translate to French.", "input": "cat", "references": ["le chat"]},
    ])  # fmt: skip
    write_jsonl(tmp_path / plan.LONGFORM_TEST, [
        {"instruction": "Write about rivers.", "reference": "Rivers flow to the sea."},
    ])  # fmt: skip
    table = build_table(
        table_spec("paper1_table1", plan.Study(_config(show_published=True))), tmp_path
    )
    superni, longform = table.rows
    assert superni["Number"] == 2 and longform["Number"] == 1
    assert superni["Avg. Ins. Len."] == (7 + 4) / 2 and superni["Avg. Out. Len."] == (1 + 2) / 2
    assert longform["Avg. Out. Len."] == 5.0
    assert (
        superni["Number (published)"] == 11810 and longform["Avg. Ins. Len. (published)"] == 129.94
    )


def test_published_tasks_better_values_fit_the_untied_denominator_more_often():
    """REFINE-AF Table II's "% Task Better" over its 119 test tasks: k/119 gives only the 13B
    row; k/(119 - ties) also gives Mistral's 64.29, 60.34 and 63.51; 66.66, 53.79 and 64.39
    are k/n for no n <= 119 (rounded half up to two decimals)."""
    from instructgen.published import REFINE_AF_TABLE2, tasks_better_fractions

    fits = {
        key: tasks_better_fractions(row["% Tasks Better"], 119)
        for key, row in REFINE_AF_TABLE2.items()
    }
    over_all = {key for key, fit in fits.items() if fit["all"]}
    untied = {key for key, fit in fits.items() if fit["untied"]}
    assert over_all == {("LLaMa 2 13B", 5000), ("LLaMa 2 13B", 10000), ("LLaMa 2 13B", 15000)}
    assert untied == over_all | {("Mistral 7B", 5000), ("Mistral 7B", 10000), ("Mistral 7B", 15000)}
    assert fits[("LLaMa 2 13B", 5000)]["all"] == [(53, 119)]  # 44.538 -> 44.54
    assert fits[("LLaMa 2 13B", 10000)]["all"] == [(63, 119)]  # 52.941 -> 52.94
    assert fits[("LLaMa 2 13B", 15000)]["all"] == [(79, 119)]  # 66.387 -> 66.39
    # The untied reading with the fewest ties: 72/112 (7 ties), 70/116 (3), 47/74 (45).
    assert fits[("Mistral 7B", 5000)]["untied"][0] == (72, 112)
    assert fits[("Mistral 7B", 10000)]["untied"][0] == (70, 116)
    assert fits[("Mistral 7B", 15000)]["untied"] == [(47, 74)]
    # 2/3 is 66.67 rounded, so 66.66 (LLaMa 2 7B, 5,000) is no rounded fraction of <= 119 tasks.
    assert fits[("LLaMa 2 7B", 5000)] == {"all": [], "untied": []}

    note = next(
        n
        for n in table_spec(
            "refine_af_table2", plan.Study(_config("configs/paper.yaml", True))
        ).footnotes
        if n.startswith("Published % Task Better")
    )
    assert "k/119 reproduces 3 of the 9" in note and "k/(119 - ties) reproduces 6" in note
    assert "66.66, 53.79, 64.39 fit neither" in note


def test_the_paper_config_builds_table_2_and_4_rows_it_used_to_footnote():
    """Paper 1 Table 2's +SELF-INSTRUCT (82K) and +SUPERNI+LongForm (28K) and Table 4's manual
    annotation at 13,500 are rows of the paper configuration, each an SFT checkpoint whose
    evaluation the table reads."""
    study = plan.Study(_config("configs/paper.yaml", True))
    t2 = {row.cells["Method"]: row for row in table_spec("paper1_table2", study).rows}
    assert t2["+SELF-INSTRUCT"].published["Data Size"] == "82K"
    assert t2["+SUPERNI+LongForm"].published["SUPERNI"] == 35.83
    assert "results/sft/self_instruct_gpt3/model" in t2["+SELF-INSTRUCT"].inputs
    assert "results/sft/mix.superni_longform/model" in t2["+SUPERNI+LongForm"].inputs
    t4 = [row for row in table_spec("paper1_table4", study).rows]
    manual = [row for row in t4 if row.cells["Section"] == "manual annotation"]
    assert [row.published["Generated Data Size"] for row in manual] == [13500, 75317]
    assert "results/sft/supervised_manual/model" in manual[0].inputs
    assert study.mixture_parts("superni_longform") == {"superni_train": 14000, "longform": 14000}


@pytest.mark.parametrize("configs", [["config.yaml"], ["config.yaml", "configs/paper.yaml"]])
def test_the_workflow_builds_the_new_table_rows(configs, tmp_path):
    """Snakemake's own DAG (tests/replan.py) of each configuration prepares +SELF-INSTRUCT, the
    manual annotation (from the supervised corpus) and the +SUPERNI+LongForm mixture (from
    both prepared baselines), fine-tunes and evaluates each, and the tables read them."""
    from tests.helpers import copy_tracked
    from tests.replan import plan as plan_dag

    jobs = plan_dag(copy_tracked(tmp_path), [tmp_path / c for c in configs]).values()

    def job(rule, **wildcards):
        found = [j for j in jobs if j.rule == rule and wildcards.items() <= j.wildcards.items()]
        assert len(found) == 1, (rule, wildcards)
        return found[0]

    prepared = {
        name: job("prepare_instruction_data", baseline=name)
        for name in ("self_instruct_gpt3", "supervised_manual", "superni_train", "longform")
    }
    assert "resources/sources/self_instruct_gpt3" in prepared["self_instruct_gpt3"].inputs
    assert "results/corpora/supervised.jsonl" in prepared["supervised_manual"].inputs
    mixture = job("mix_instruction_data", mixture="superni_longform")
    assert set(mixture.inputs) == {
        "results/corpora/instruction_data/superni_train.jsonl",
        "results/corpora/instruction_data/longform.jsonl",
    }
    for dataset in ("self_instruct_gpt3", "supervised_manual", "mix.superni_longform"):
        job("train_sft", dataset=dataset)
        job("score_superni", dataset=dataset)
        job("score_longform", dataset=dataset)
    table2 = job("make_table", table="paper1_table2").inputs
    table4 = job("make_table", table="paper1_table4").inputs
    for dataset, table in (
        ("self_instruct_gpt3", table2),
        ("mix.superni_longform", table2),
        ("supervised_manual", table4),
    ):
        assert f"results/evaluation/superni/{dataset}/metrics.json" in table
        assert f"results/evaluation/longform/{dataset}/metrics.json" in table
