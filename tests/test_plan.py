"""Names have one spelling and one owner: every name of both configs survives parse -> name ->
parse, the schema's name patterns are plan's, and a name with a dot, dash or colon in the wrong
place is refused at start with its key path."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from instructgen.config import check_semantics, load_schema, validate_config
from instructgen.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
CONFIGS = ("config.yaml", "configs/paper.yaml")


def load(name: str) -> dict:
    return validate_config(yaml.safe_load((REPO / name).read_text()))


@pytest.mark.parametrize("name", CONFIGS)
def test_every_name_round_trips(name):
    study = plan.Study(load(name))
    datasets = study.buildable_datasets() + study.sft_datasets()
    assert len(datasets) > 10
    for dataset in datasets:
        parsed = plan.parse_dataset(dataset.name)
        assert parsed == dataset and parsed.name == dataset.name
        assert plan.parse_dataset(parsed.name) == parsed
    for dataset in study.track_a_datasets():
        assert plan.TrackADataset.parse_id(dataset.id) == dataset
        assert plan.TrackADataset.build(**dataset.wildcards) == dataset
    for generator in study.generators():
        assert plan.Generator.parse(generator.name) == generator
    for _, text in study.model_refs():
        assert plan.ModelRef.parse(text).ref == text
    for evaluated in study.evaluated():
        ref = study.evaluated_ref(evaluated)
        assert (ref.dataset.name if ref.dataset else ref.model) == evaluated


def test_a_filter_model_trained_on_a_filtered_dataset_nests():
    inner = "a.unsupervised.whole.seed-instruction.sft:dolly.all"
    outer = plan.parse_dataset(f"a.supervised.whole.superni-instruction.sft:{inner}.80")
    assert outer.filter.dataset == plan.parse_dataset(inner)
    assert outer.size == "80" and outer.filter.dataset.filter.dataset == plan.Baseline("dolly")
    assert outer.path == (
        f"results/track_a/datasets/supervised/whole/superni-instruction/sft:{inner}/80.jsonl"
    )


@pytest.mark.parametrize(
    "name",
    [
        "a.unsupervised.whole.seed-instruction.base",  # no size
        "a.unsupervised.whole.seed_instruction.base.all",  # generator without its dash
        "a.unsupervised.whole.seed-instruction.sft:nowhere.all",
        "a.combined.x.y",
        "b.llama.2.refine_af.all",
        "b.base.refine-af.all",
        "b.base.refine_af.0",
        "dolly.all",
        "",
    ],
)
def test_malformed_dataset_names_are_refused(name):
    with pytest.raises(ValueError, match="not a"):
        plan.parse_dataset(name)


def test_the_schema_carries_plan_patterns():
    schema = load_schema()
    definitions = schema["definitions"]
    track_a = schema["properties"]["track_a"]["properties"]
    dataset = track_a["datasets"]["items"]["properties"]
    expected = {
        "model_ref": (definitions["model_ref"]["pattern"], plan.MODEL_REF),
        "generator": (dataset["generator"]["items"]["pattern"], plan.GENERATOR),
        "filter": (dataset["filter"]["items"]["pattern"], plan.FILTER),
        "combined": (
            track_a["combined"]["items"]["properties"]["name"]["pattern"],
            plan.COMBINED_NAME,
        ),
        "models": (schema["properties"]["models"]["propertyNames"]["pattern"], plan.MODEL_NAME),
        "mixtures": (
            schema["properties"]["sft"]["properties"]["mixtures"]["propertyNames"]["pattern"],
            plan.COMBINED_NAME,
        ),
        "base_models": (
            schema["properties"]["track_b"]["properties"]["base_models"]["items"]["pattern"],
            plan.MODEL_NAME,
        ),
    }
    for key, (pattern, grammar) in expected.items():
        assert pattern == f"^({grammar})$", key
    sft = schema["properties"]["sft"]["properties"]
    assert sft["baselines"]["items"]["enum"] == list(plan.BASELINES)
    assert sft["mixtures"]["additionalProperties"]["propertyNames"]["enum"] == list(plan.BASELINES)


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda c: c["models"].__setitem__("my.model", c["models"]["base"]), "models"),
        (lambda c: c["track_b"].__setitem__("base_models", ["base.v2"]), "track_b.base_models.0"),
        (lambda c: c["track_b"].__setitem__("base_models", ["sft:dolly"]), "track_b.base_models.0"),
        (
            lambda c: c["track_a"]["datasets"][0].__setitem__("generator", ["seed:instruction"]),
            "track_a.datasets.0.generator.0",
        ),
        (
            lambda c: c["track_a"]["datasets"][0].__setitem__("filter", ["sft/dolly"]),
            "track_a.datasets.0.filter.0",
        ),
        (
            lambda c: c["track_a"]["combined"][0].__setitem__("name", "both.sets"),
            "track_a.combined.0.name",
        ),
        (
            lambda c: c["fragments"]["llm_extraction"].__setitem__("model", "sft:"),
            "fragments.llm_extraction.model",
        ),
    ],
)
def test_schema_refuses_names_plan_cannot_parse(mutate, key):
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    mutate(config)
    with pytest.raises(ConfigError) as error:
        validate_config(config, REPO)
    assert f"config key '{key}'" in str(error.value)


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (
            lambda c: c["track_a"]["datasets"][0].__setitem__("filter", ["sft:dolly.all"]),
            "track_a.datasets.0.filter",
            "not a dataset name",
        ),
        (
            lambda c: c["fragments"]["llm_extraction"].__setitem__(
                "model", "sft:a.unsupervised.whole.seed-instruction.sft:x:y.all"
            ),
            "fragments.llm_extraction.model",
            "not a",
        ),
        (
            lambda c: c["fragments"]["llm_extraction"].__setitem__(
                "model", "sft:a.unsupervised.whole.seed-instruction.none.7"
            ),
            "fragments.llm_extraction.model",
            "names no SFT dataset",
        ),
        (
            lambda c: c["track_a"]["datasets"][0].__setitem__("filter", ["sft-dolly"]),
            "track_a.datasets.0.filter",
            "unknown model 'sft-dolly'",
        ),
        (lambda c: c["models"].__setitem__("none", c["models"]["base"]), "models.none", "filter"),
    ],
)
def test_semantics_refuse_names_that_parse_wrong_or_point_nowhere(mutate, key, words):
    config = load("config.yaml")
    mutate(config)
    with pytest.raises(ConfigError) as error:
        check_semantics(config, REPO)
    assert f"config key '{key}'" in str(error.value) and words in str(error.value)


def test_paths_are_built_only_in_plan():
    """No rule, script or library module outside plan slices or splits a name."""
    pattern = re.compile(r'\[4:\]|\.split\("\."\)|\.rsplit\("-"|removeprefix\("sft')
    offenders = []
    for folder in ("instructgen", "scripts", "rules"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".py", ".smk") and path.name != "plan.py":
                for number, line in enumerate(path.read_text().splitlines(), 1):
                    if pattern.search(line):
                        offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_shard_paths_follow_the_configured_counts():
    config = copy.deepcopy(load("config.yaml"))
    config["track_a"]["candidates"]["shards"] = 3
    study = plan.Study(config)
    wildcards = {"corpus": "unsupervised", "strategy": "whole", "generator": "seed-instruction"}
    shards = study.shards(plan.CANDIDATE_SHARD, **wildcards)
    assert shards[-1].endswith("/shards/2-of-3.jsonl") and len(shards) == 3
