"""The workflow carries its own environment (instructgen/environment.py): `make`, the workflow
and the tests read the same definition, and a job started by `snakemake` from a bare
environment (no make around it) runs with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from instructgen import environment
from tests.helpers import REPO, copy_tracked

NAMES = ("NLTK_DATA", "PYTHONHASHSEED", "TOKENIZERS_PARALLELISM", "TRL_EXPERIMENTAL_SILENCE")


def bare_environment(**extra: str) -> dict[str, str]:
    """Only PATH and HOME, as a login shell on a cluster node might have before any set-up."""
    return {**{k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}, **extra}


def test_the_variables_are_defined_once():
    fixed = environment.fixed(REPO)
    assert set(fixed) == set(NAMES)
    assert fixed["NLTK_DATA"] == str(REPO / "resources" / "nltk_data")
    assert fixed["PYTHONHASHSEED"] == "0"
    assert environment.DEFAULTS == {"HF_HUB_OFFLINE": "1"}
    # A caller may go online (make's ?=), never change the others (make's :=).
    job = environment.job_environment(REPO, {"HF_HUB_OFFLINE": "0", "PYTHONHASHSEED": "7"})
    assert job == {**fixed, "HF_HUB_OFFLINE": "0"}
    assert environment.job_environment(REPO, {})["HF_HUB_OFFLINE"] == "1"


def test_apply_puts_the_checkout_first_on_pythonpath_once(tmp_path):
    environ = {"PYTHONPATH": os.pathsep.join(["/elsewhere", str(tmp_path)])}
    environment.apply(environ, tmp_path)
    environment.apply(environ, tmp_path)
    assert environ["PYTHONPATH"] == os.pathsep.join([str(tmp_path.resolve()), "/elsewhere"])
    assert environ["NLTK_DATA"] == str(tmp_path.resolve() / "resources" / "nltk_data")
    assert environ["HF_HUB_OFFLINE"] == "1"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_exports_the_same_variables():
    probe = "print-environment:\n\t@env\n"
    out = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", "-", "print-environment"],
        cwd=REPO,
        input=probe,
        env=bare_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    exported = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert {k: exported.get(k) for k in (*NAMES, "HF_HUB_OFFLINE")} == (
        environment.job_environment(REPO, {})
    )


def test_wordnet_is_the_checkouts_without_nltk_data(tmp_path):
    """The library reads resources/nltk_data of its checkout, not whatever NLTK_DATA says."""
    if not (environment.nltk_data(REPO) / "corpora" / "wordnet").is_dir():
        pytest.skip("WordNet is not installed in this checkout (make nltk-data)")
    code = "from instructgen.wordnet import load_wordnet; print(load_wordnet().root.path)"
    for extra in ({}, {"NLTK_DATA": str(tmp_path)}):
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=bare_environment(PYTHONPATH=str(REPO), **extra),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert Path(out) == environment.nltk_data(REPO) / "corpora" / "wordnet", extra


PROBE_RULE = """
rule probe_environment:
    output:
        "results/probe/environment.json",
    localrule: True
    script:
        "probe.py"
"""

PROBE_SCRIPT = """
import json, os, sys
import instructgen
names = {names!r}
with open(snakemake.output[0], "w") as handle:
    json.dump({{
        "environ": {{name: os.environ.get(name) for name in names}},
        "hash": hash("instructgen"),
        "library": instructgen.__file__,
        "python": sys.executable,
    }}, handle)
"""


def test_a_job_started_without_make_gets_the_environment(tmp_path):
    """`python -m snakemake` from an environment with only PATH and HOME: the job (a script,
    as every rule's is) sees the variables, its str hashes are PYTHONHASHSEED=0's, and it
    imports the library of the workflow's checkout."""
    workdir = copy_tracked(tmp_path / "checkout")
    (workdir / "probe.smk").write_text(PROBE_RULE)
    (workdir / "probe.py").write_text(PROBE_SCRIPT.format(names=(*NAMES, "HF_HUB_OFFLINE")))
    with open(workdir / "Snakefile", "a") as handle:
        handle.write('\ninclude: "probe.smk"\n')
    target = "results/probe/environment.json"
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "1", target],
        cwd=workdir,
        env=bare_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads((workdir / target).read_text())
    assert probe["environ"] == environment.job_environment(workdir, {})
    expected_hash = subprocess.run(
        [sys.executable, "-c", "print(hash('instructgen'))"],
        env=bare_environment(PYTHONHASHSEED="0"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert str(probe["hash"]) == expected_hash
    assert Path(probe["library"]) == workdir.resolve() / "instructgen" / "__init__.py"
    assert probe["python"] == sys.executable
