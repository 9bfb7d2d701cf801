"""configs/rehearsal.yaml may change only what the issue allows, so the rehearsal cannot drift
from the paper configuration it rehearses."""

from __future__ import annotations

import re

import yaml
from snakemake.utils import update_config

from instructgen import plan
from instructgen.config import validate_config
from tests.conftest import REPO
from tools import fixture_corpora

PAPER = REPO / "configs/paper.yaml"
REHEARSAL = REPO / "configs/rehearsal.yaml"

# Key paths (dots between levels) the rehearsal may set, by what the issue allows.
ALLOWED = {
    "model sources and revisions": r"models\.[^.]+\.(source|revision)",
    "corpus URLs and checksums": (
        r"corpora\.[^.]+\.(source|sha256|git_blob_sha1|git_tree_sha1|revision)"
    ),
    "sizes": (
        r"unsupervised_corpus\.(wikipedia|c4)_passages|supervised_corpus\.superni_outputs"
        r"|track_a\.source_sizes\.[^.]+|track_b\.bootstrap\.num_instructions"
        r"|track_b\.instances\.subset_sizes|evaluation\.superni\.max_instances_per_task"
        r"|evaluation\.longform\.max_items|(.+\.)?max_new_tokens|sft\.mixtures\.[^.]+\.[^.]+"
    ),
    "step and round counts": (
        r"(.+\.)?max_steps|track_b\.rl\.steps|track_b\.bootstrap\.max_rounds|tiny_models\..+\.steps"
    ),
    "shard counts": r"(.+\.)?shards",
    "device": r"device",
    "the CUDA-only switches' CPU behaviour": r"(.+\.)?on_cpu_[a-z0-9_]+",
}
# Overrides outside that list, each with the reason it cannot be avoided.
EXCEPTIONS = {
    "analysis.parser": "benepar's parser model is downloaded at run time and has no stand-in",
}


def leaves(tree: dict, prefix: str = "") -> list[str]:
    """Key paths of every value that is not a mapping (a list is one value)."""
    paths = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        paths += leaves(value, f"{path}.") if isinstance(value, dict) else [path]
    return paths


def disallowed(overlay: dict) -> list[str]:
    pattern = re.compile("|".join(f"(?:{p})" for p in ALLOWED.values()))
    return [k for k in leaves(overlay) if not pattern.fullmatch(k) and k not in EXCEPTIONS]


def load(path):
    return yaml.safe_load(path.read_text())


def merged() -> dict:
    config = load(PAPER)
    update_config(config, load(REHEARSAL))
    return config


def test_the_rehearsal_overrides_only_what_it_may():
    assert disallowed(load(REHEARSAL)) == []
    assert set(EXCEPTIONS) <= set(leaves(load(REHEARSAL))), "an exception nothing uses"


def test_an_override_outside_the_list_is_caught():
    overlay = {
        "track_b": {"rl": {"kl_coef": 0.1, "steps": 2}, "reward": {"coherence": 1.0}},
        "models": {"base": {"dtype": "float32", "source": "x/y"}},
        "sft": {"recipes": {"paper1": {"batch_size": 8, "max_steps": 1}}},
    }
    assert sorted(disallowed(overlay)) == [
        "models.base.dtype",
        "sft.recipes.paper1.batch_size",
        "track_b.reward.coherence",
        "track_b.rl.kl_coef",
    ]


def test_the_rehearsal_keeps_the_paper_grids_and_hub_models():
    paper, rehearsal = validate_config(load(PAPER)), validate_config(merged())
    keep = lambda c: {  # noqa: E731
        "models": {n: {k: v for k, v in m.items()} for n, m in c["models"].items()},
        "generators": c["track_a"]["generators"],
        "datasets": c["track_a"]["datasets"],
        "base_models": c["track_b"]["base_models"],
        "baselines": c["sft"]["baselines"],
        "seq2seq": c["sft"]["seq2seq_backbones"],
    }
    assert keep(rehearsal) == keep(paper)
    study = plan.Study(rehearsal)
    assert len(study.generators()) == 7
    assert len(study.track_b_models()) == 3


def test_the_rehearsal_pins_the_fixture_corpora(tmp_path):
    """Each corpus URL is the real one's path on the fixture hub, with the fixture's hash."""
    fixtures = fixture_corpora.write(tmp_path)
    corpora = merged()["corpora"]
    assert {f.corpus for f in fixtures} == set(corpora)
    for fixture in fixtures:
        entry = corpora[fixture.corpus]
        assert entry["source"].startswith("http://127.0.0.1:")
        assert entry["source"].endswith(fixture.url_path)
        pins = {k: entry.get(k) for k in ("sha256", "git_blob_sha1", "git_tree_sha1")}
        # Every checksum the merged config holds is the fixture's (none is the real file's).
        assert {k: getattr(fixture, k) for k, v in pins.items() if v} == {
            k: v for k, v in pins.items() if v
        }, fixture.corpus
        assert any(pins.values()), fixture.corpus
