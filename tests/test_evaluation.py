"""Super-NI and LongForm evaluation: prompts, category grouping, sharding, resume, LongForm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instructgen import jobs
from instructgen.corpora.superni_test import superni_test_items
from instructgen.evaluation import longform, superni_score
from instructgen.evaluation import shard as evaluation_shard
from instructgen.evaluation.common import evaluation_job, superni_prompt
from instructgen.evaluation.superni_score import score_superni
from instructgen.io import read_jsonl, write_jsonl
from instructgen.loaders import load_superni_split
from instructgen.metrics import group_scores
from instructgen.resume import ResumeLog
from instructgen.settings import Inference, LongFormEvaluation, ModelSpec, SuperNIEvaluation
from instructgen.templates import ALPACA_WITH_INPUT

ROOT = Path(__file__).resolve().parents[1]
EXECUTION = Inference("cpu", 2)


# The decoding both configurations use: the Alpaca prompt, greedy, cut at "###".
DECODING = {"prompt": "alpaca", "temperature": 0.0, "stop_strings": ("###",), "seed": None}


def superni_settings(model: str) -> SuperNIEvaluation:
    return SuperNIEvaluation(ModelSpec(model), max_new_tokens=6, **DECODING)


def test_superni_prompt_is_the_definition_and_input_without_examples():
    items = superni_test_items(str(ROOT / "data" / "superni"), 2)
    tasks = dict(load_superni_split(str(ROOT / "data" / "superni"), "test"))
    assert items
    for item in items:
        prompt = superni_prompt(item)
        assert prompt == ALPACA_WITH_INPUT.format(
            instruction=item["definition"], input=item["input"]
        )
        task = tasks[item["task"]]
        assert prompt.count("### Instruction:\n" + task["Definition"]) == 1
        for example in task["Positive Examples"] + task["Negative Examples"]:
            if example["input"] != item["input"]:
                assert example["input"] not in prompt
            assert example.get("explanation", "@@") not in prompt


def _item(i, task, category, refs):
    return {
        "id": f"{task}-{i}",
        "task": task,
        "category": category,
        "definition": f"Definition of {task}.",
        "input": f"input {i} " + "word " * (i % 4),
        "references": refs,
    }


def test_category_grouping_as_the_rule_scores_it():
    items = [
        _item(0, "task001_a", "Title Generation", ["big red dog"]),
        _item(1, "task001_a", "Title Generation", ["cat"]),
        _item(2, "task002_b", "Textual  Entailment", ["yes", "Entailment"]),
        _item(3, "task003_c", "Title Generation", ["blue sky"]),
    ]
    predictions = ["big red dog", "dog", "entailment.", "blue"]
    metrics = score_superni(items, predictions, "toy")
    assert metrics["model"] == "toy" and metrics["n_instances"] == 4
    # title_generation: 1.0, 0.0 and ROUGE-L F of "blue" vs "blue sky" = 2/3.
    assert metrics["rougeL_for_title_generation"] == round(100 * (1 + 0 + 2 / 3) / 3, 4)
    assert metrics["exact_match_for_textual_entailment"] == 100.0
    assert group_scores(metrics, "rougeL", "category") == {
        "title_generation": metrics["rougeL_for_title_generation"],
        "textual_entailment": 100.0,
    }
    assert set(group_scores(metrics, "rougeL", "task")) == {"task001_a", "task002_b", "task003_c"}
    assert metrics["rougeL_for_task001_a"] == 50.0


def test_merge_refuses_missing_and_duplicate_predictions(tmp_path):
    items = [_item(i, "task001_a", "X", ["a"]) for i in range(3)]
    one = [{"id": items[0]["id"], "prediction": "a"}, {"id": items[2]["id"], "prediction": "c"}]
    two = [{"id": items[1]["id"], "prediction": "b"}]
    write_jsonl(tmp_path / "one.jsonl", one)
    write_jsonl(tmp_path / "two.jsonl", two)
    one_path, two_path = str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl")

    def merge(*paths):
        merged = jobs.merge_shards(paths, [i["id"] for i in items], lambda r: r["id"], ["id"])
        return [r["prediction"] for r in merged]

    assert merge(two_path, one_path) == ["a", "b", "c"]
    with pytest.raises(ValueError, match="expected 3"):
        merge(one_path)
    with pytest.raises(ValueError, match="more than one shard"):
        merge(one_path, two_path, two_path)


@pytest.fixture
def test_file(tmp_path):
    items = [
        _item(i, f"task00{i % 3}_t", ["Title Generation", "Data to Text"][i % 2], ["red blue"])
        for i in range(9)
    ]
    path = tmp_path / "superni_test.jsonl"
    write_jsonl(path, items)
    return str(path)


def _evaluate(test_file, model, out: Path, num_shards: int):
    shards = []
    for shard in range(num_shards):
        path = out / f"{shard}-of-{num_shards}.jsonl"
        evaluation_shard.main(
            items_path=test_file,
            settings=superni_settings(model),
            execution=EXECUTION,
            shard=shard,
            num_shards=num_shards,
            out_path=str(path),
        )
        shards.append(str(path))
    metrics = superni_score.main(
        items_path=test_file,
        shard_paths=shards,
        model_name="toy",
        out_predictions=str(out / "predictions.jsonl"),
        out_metrics=str(out / "metrics.json"),
    )
    return shards, metrics, (out / "predictions.jsonl").read_bytes()


def test_sharded_evaluation_equals_unsharded(test_file, toy_causal_lm, tmp_path, monkeypatch):
    # Units of two items: the nine test items spread over three shards as thousands would.
    monkeypatch.setattr(jobs, "UNIT", 2)
    _, metrics_1, predictions_1 = _evaluate(test_file, toy_causal_lm, tmp_path / "one", 1)
    shards, metrics_3, predictions_3 = _evaluate(test_file, toy_causal_lm, tmp_path / "three", 3)
    assert predictions_1 == predictions_3
    assert metrics_1 == metrics_3
    ids = [r["id"] for path in shards for r in read_jsonl(path)]
    assert sorted(ids) == sorted(r["id"] for r in read_jsonl(test_file))
    assert all(read_jsonl(path) for path in shards)  # 9 items in units of 2: no shard idle
    records = read_jsonl(tmp_path / "one" / "predictions.jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in read_jsonl(test_file)]
    assert set(records[0]) == {"id", "task", "category", "prediction", "references"}


def test_a_shard_resumes_from_its_batches_and_drops_stale_files(test_file, toy_causal_lm, tmp_path):
    settings = superni_settings(toy_causal_lm)
    fresh = tmp_path / "fresh.jsonl"
    evaluation_shard.main(
        items_path=test_file,
        settings=settings,
        execution=EXECUTION,
        shard=0,
        num_shards=1,
        out_path=str(fresh),
    )
    expected = read_jsonl(fresh)
    # Pretend a killed run had finished the first batch (items sorted longest first: 3 and 7).
    resume = tmp_path / "resume.jsonl"
    items = read_jsonl(test_file)
    prompts = [superni_prompt(item) for item in items]
    key = evaluation_job("superni", settings, items, prompts).key
    ResumeLog(resume, key).append([(3, ["RESUMED"]), (7, ["RESUMED"])])
    with open(resume, "a") as handle:
        handle.write('{"index": 1, "va')  # a line cut short by the kill
    out = tmp_path / "resumed.jsonl"
    evaluation_shard.main(
        items_path=test_file,
        settings=settings,
        execution=Inference("cpu", 3),  # another batch size: the log is still this job's
        shard=0,
        num_shards=1,
        out_path=str(out),
        resume_path=str(resume),
    )
    got = {r["id"]: r["prediction"] for r in read_jsonl(out)}
    assert got[items[3]["id"]] == got[items[7]["id"]] == "RESUMED"
    assert [got[r["id"]] for r in expected if r["id"] not in {items[3]["id"], items[7]["id"]}] == [
        r["prediction"] for r in expected if r["id"] not in {items[3]["id"], items[7]["id"]}
    ]
    assert not resume.exists()
    # A resume file written for other settings is ignored.
    ResumeLog(resume, "other settings").append([(3, ["RESUMED"])])
    evaluation_shard.main(
        items_path=test_file,
        settings=settings,
        execution=EXECUTION,
        shard=0,
        num_shards=1,
        out_path=str(out),
        resume_path=str(resume),
    )
    assert read_jsonl(out) == expected


def test_longform_evaluation_records_meteor_and_nltk_version(toy_causal_lm, tmp_path):
    import nltk

    from instructgen import environment

    # Where load_wordnet(None) reads it, with or without NLTK_DATA.
    if not (environment.nltk_data() / "corpora" / "wordnet").is_dir():
        pytest.skip("WordNet is not installed in this checkout (run `make nltk-data`)")
    items = [
        {"id": "lf-0", "instruction": "Describe a fox.", "reference": "A quick brown fox."},
        {"id": "lf-1", "instruction": "Count to five.", "reference": "one two three four five"},
    ]
    path = tmp_path / "longform_test.jsonl"
    write_jsonl(path, items)
    out = tmp_path / "longform"
    settings = LongFormEvaluation(ModelSpec(toy_causal_lm), max_new_tokens=8, **DECODING)
    shards = [str(out / f"shards/{k}-of-2.jsonl") for k in range(2)]
    for k, path_k in enumerate(shards):
        evaluation_shard.main(
            items_path=str(path),
            settings=settings,
            execution=EXECUTION,
            shard=k,
            num_shards=2,
            out_path=path_k,
        )
    metrics = longform.main(
        items_path=str(path),
        shard_paths=shards,
        model_name="toy",
        out_predictions=str(out / "predictions.jsonl"),
        out_metrics=str(out / "metrics.json"),
    )
    assert metrics == json.loads((out / "metrics.json").read_text())
    assert metrics["model"] == "toy" and metrics["n"] == 2
    assert metrics["generation"]["items"] == 2 and metrics["generation"]["prompts_cut"] == 0
    assert metrics["nltk_version"] == nltk.__version__
    assert 0.0 <= metrics["meteor"] <= 100.0
    assert [r["id"] for r in read_jsonl(out / "predictions.jsonl")] == ["lf-0", "lf-1"]


@pytest.mark.parametrize("settings_class", [SuperNIEvaluation, LongFormEvaluation])
def test_the_evaluation_prompt_decoding_and_stop_strings_come_from_the_config(
    settings_class, test_file, toy_causal_lm, tmp_path, monkeypatch
):
    """evaluation.<benchmark>.prompt, temperature and stop_strings reach the generation call:
    the defaults are what the code used before they were keys (Alpaca prompt, greedy, "###"),
    and changing each changes what the model is asked and how it decodes."""
    import yaml

    from instructgen import generation
    from instructgen.config import validate_config
    from instructgen.templates import alpaca_prompt, bare_prompt

    benchmark = settings_class.benchmark
    if benchmark == "longform":
        test_file = str(tmp_path / "longform_test.jsonl")
        write_jsonl(test_file, [{"id": "lf-0", "instruction": "Name a fox.", "reference": "A"}])
    items = read_jsonl(test_file)
    calls = []

    def recording_generate(model, tokenizer, prompts, params, **kwargs):
        calls.append((list(prompts), params, kwargs["seed"]))
        return {i: ["answer"] for unit in kwargs["units"] for i in unit}

    monkeypatch.setattr(generation, "generate", recording_generate)

    def run(changes):
        config = yaml.safe_load((ROOT / "config.yaml").read_text())
        config["evaluation"][benchmark].update(changes)
        settings = settings_class.from_config(validate_config(config), dataset="base")
        settings = type(settings)(**{**settings.__dict__, "model": ModelSpec(toy_causal_lm)})
        evaluation_shard.main(
            items_path=test_file,
            settings=settings,
            execution=EXECUTION,
            shard=0,
            num_shards=1,
            out_path=str(tmp_path / f"{len(calls)}.jsonl"),
        )
        return calls[-1]

    def texts(item):
        if benchmark == "superni":
            return item["definition"], item["input"]
        return (item["instruction"],)

    prompts, params, _ = run({})
    assert prompts == [alpaca_prompt(*texts(item)) for item in items]
    assert params.stop_strings == ("###",) and not params.do_sample

    prompts, params, seed = run({"prompt": "bare", "temperature": 0.7, "stop_strings": ["\n"]})
    assert prompts == [bare_prompt(*texts(item)) for item in items]
    assert prompts != [alpaca_prompt(*texts(item)) for item in items]
    assert params.stop_strings == ("\n",)
    assert params.do_sample and params.temperature == 0.7
    assert seed == 1234  # config.yaml's seed: sampled answers are seeded per item
