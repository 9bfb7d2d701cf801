"""One lock of exact pins; the conda envs carry the same versions."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO

REQUIRED = {
    "torch": "2.13.0",
    "trl": "1.12.0",
    "transformers": None,
    "peft": None,
    "bitsandbytes": None,
    "accelerate": None,
    "datasets": None,
    "tokenizers": None,
    "rouge-score": None,
    "yake": None,
    "benepar": None,
    "nltk": None,
    "matplotlib": None,
    "snakemake": None,
    "snakemake-executor-plugin-slurm": None,
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"requirements.lock: '{line}' is not an exact pin"
            pins[normalise(name)] = version
    return pins


def test_lock_pins_every_required_package_exactly():
    pins = lock()
    for name, version in REQUIRED.items():
        assert name in pins, f"{name} is not pinned"
        if version:
            assert pins[name] == version
    assert pins["snakemake"].startswith("9.")


def test_envs_agree_with_the_lock():
    pins = lock()
    envs = sorted((REPO / "envs").glob("*.yaml"))
    assert envs
    for env in envs:
        spec = yaml.safe_load(env.read_text())
        pip = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict))
        for requirement in pip:
            if requirement.startswith("--editable"):
                continue
            name, sep, version = requirement.partition("==")
            assert sep, f"{env.name}: '{requirement}' is not an exact pin"
            assert pins.get(normalise(name)) == version, f"{env.name}: {requirement} vs lock"
