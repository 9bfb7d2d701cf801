"""Both configs validate; each kind of bad configuration fails naming the key path."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import yaml

from instructgen.config import check_semantics, validate_config
from instructgen.errors import ConfigError
from tests.conftest import REPO


def load(name: str) -> dict:
    with open(REPO / name) as handle:
        return yaml.safe_load(handle)


@pytest.fixture()
def default() -> dict:
    return load("config.yaml")


def test_default_and_paper_configs_validate():
    for name in ("config.yaml", "configs/paper.yaml"):
        config = validate_config(load(name))
        check_semantics(config, REPO)


def test_defaults_are_filled(default):
    del default["analysis"]
    config = validate_config(default)
    assert config["analysis"]["parser"] == "benepar"
    assert config["analysis"]["moving_average_window"] == 30


def test_every_schema_property_has_description_and_default():
    schema = yaml.safe_load(open(REPO / "schemas/config.schema.yaml"))

    def walk(node, path):
        for key, sub in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            if "$ref" not in sub:
                assert "description" in sub, f"{here} has no description"
            if here not in ("corpora", "models") and not here.startswith("corpora."):
                assert "default" in sub, f"{here} has no default"
            walk(sub, here)

    walk(schema, "")


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda c: c.__setitem__("seed", "abc"), "seed", "not of type"),
        (lambda c: c["track_b"].__setitem__("colour", 1), "track_b.colour", "unknown key"),
        (
            lambda c: c["fragments"].__setitem__("strategies", ["whole", "summary"]),
            "fragments.strategies.1",
            "is not one of",
        ),
        (
            lambda c: c["track_b"]["bootstrap"].__setitem__("rouge_threshold", 1.5),
            "track_b.bootstrap.rouge_threshold",
            "greater than the maximum",
        ),
        (
            lambda c: c["track_a"]["candidates"].__setitem__("k", 0),
            "track_a.candidates.k",
            "less than the minimum",
        ),
    ],
)
def test_schema_errors_name_the_key(default, mutate, key, words):
    mutate(default)
    with pytest.raises(ConfigError) as err:
        validate_config(default)
    assert f"'{key}'" in str(err.value)
    assert words in str(err.value)


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (
            lambda c: c["fragments"]["llm_extraction"].__setitem__("model", "gpt-nowhere"),
            "fragments.llm_extraction.model",
            "unknown model",
        ),
        (
            lambda c: c["fragments"]["llm_extraction"].__setitem__("model", "sft:nowhere"),
            "fragments.llm_extraction.model",
            "'nowhere' is not a dataset name",
        ),
        (
            lambda c: c["corpora"]["dolly"].__setitem__("source", "data/missing.jsonl"),
            "corpora.dolly.source",
            "does not exist",
        ),
        (
            lambda c: c["corpora"]["c4"].__setitem__(
                "source", "https://example.invalid/c4.json.gz"
            ),
            "corpora.c4.sha256",
            "checksum",
        ),
        (
            lambda c: c["track_a"]["datasets"][0].__setitem__("generator", ["dolly-query"]),
            "track_a.datasets.0.generator",
            "not in track_a.generators",
        ),
        (
            lambda c: c["track_a"]["combined"][0]["parts"].__setitem__(0, "supervised/x/y/z"),
            "track_a.combined.0.parts",
            "not a configured dataset",
        ),
    ],
)
def test_semantic_errors_name_the_key(default, mutate, key, words):
    config = validate_config(default)
    mutate(config)
    with pytest.raises(ConfigError) as err:
        check_semantics(config, REPO)
    assert f"'{key}'" in str(err.value) and words in str(err.value)


def test_workflow_refuses_bad_config_before_any_job(tmp_path, default):
    bad = copy.deepcopy(default)
    bad["track_b"]["reward"]["coherence"] = "high"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad))
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--configfile", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "track_b.reward.coherence" in output
    assert "Job stats" not in output


@pytest.mark.parametrize(
    "change, words",
    [
        ({"revision": None}, "needs a pinned commit"),
        ({"revision": "main"}, "not a commit hash"),
        ({"revision": "8416d3f"}, "not a commit hash"),
    ],
)
def test_a_hub_model_must_name_its_commit(change, words):
    paper = load("configs/paper.yaml")
    paper["models"]["base"].update(change)
    with pytest.raises(ConfigError, match=rf"models\.base\.revision.*{words}"):
        check_semantics(validate_config(paper), REPO)
    paper["models"]["base"].update(revision=None, allow_unpinned=True)
    check_semantics(validate_config(paper), REPO)  # allowed, and the fetch logs what it got


def test_a_built_or_local_model_has_no_revision(default):
    default["models"]["base"]["revision"] = "8416d3fefb0cb3ff5775a7b13c1692d10ff1aa16"
    with pytest.raises(ConfigError, match=r"models\.base\.revision.*not a hub id"):
        check_semantics(validate_config(default), REPO)


def test_jobs_load_fetched_folders_never_hub_ids():
    from instructgen import plan
    from instructgen.settings import ConfigReader, model_spec

    config = validate_config(load("configs/paper.yaml"))
    study = plan.Study(config)
    assert sorted(study.fetched_models()) == sorted(study.config["models"])
    for name in study.config["models"]:
        spec = model_spec(ConfigReader(config), name, generates=True)
        assert spec.source == plan.FETCHED_MODEL.format(model=name) == study.model_files(name)[0]
