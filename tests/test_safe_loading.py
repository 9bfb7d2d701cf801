"""Safe loading: safetensors only, no remote code unless asked, nothing in a config runs."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from instructgen.config import validate_config
from instructgen.errors import ConfigError, InputError
from instructgen.modeling import check_checkpoint, load_model
from tests.conftest import REPO


def test_checkpoint_without_weights_is_refused(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(InputError, match="no safetensors weights"):
        check_checkpoint(tmp_path)


def test_pickle_weights_are_not_loaded(tiny_lm_dir, tmp_path):
    import shutil

    import torch

    folder = tmp_path / "pickled"
    shutil.copytree(tiny_lm_dir, folder)
    state = load_model(tiny_lm_dir).state_dict()
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    with pytest.raises(InputError, match="safetensors"):
        load_model(str(folder))


def test_remote_code_is_off_unless_the_config_names_the_model():
    config = validate_config(yaml.safe_load(open(REPO / "config.yaml")))
    assert all(spec["trust_remote_code"] is False for spec in config["models"].values())
    paper = validate_config(yaml.safe_load(open(REPO / "configs/paper.yaml")))
    assert all(spec["trust_remote_code"] is False for spec in paper["models"].values())


def test_model_names_cannot_escape_the_working_directory():
    config = yaml.safe_load(open(REPO / "config.yaml"))
    bad = copy.deepcopy(config)
    bad["models"]["../../outside"] = {"source": "build", "kind": "causal_lm"}
    with pytest.raises(ConfigError, match="models"):
        validate_config(bad)


def test_all_targets_stay_inside_the_working_directory():
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--quiet", "all", "--detailed-summary"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    paths = [line.split("\t")[0] for line in result.stdout.splitlines()[1:] if "\t" in line]
    assert paths
    for path in paths:
        assert not Path(path).is_absolute() and ".." not in Path(path).parts, path


def test_config_is_never_evaluated_as_code(tmp_path):
    marker = tmp_path / "pwned"
    config = tmp_path / "evil.yaml"
    config.write_text(f'seed: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--configfile", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert not marker.exists()
