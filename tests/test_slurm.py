"""The workflow on a real (single-node) SLURM cluster through profiles/slurm.

tests/slurm/cluster.sh starts munge, MariaDB, slurmdbd, slurmctld and slurmd with one node that
declares four fake A100s (gres gpu:a100:4) in partition "gpu". A slice of the default pipeline
(corpora, a fragment set, and the GPU rules pretrain_base_lm and train_sft on dolly) runs locally
in one temporary copy of the repository and through the SLURM executor in others: with one GPU
per job the GPU jobs must show up in sacct with a GPU allocated and every file must equal the
local run's; with four GPUs for train_sft, as profiles/slurm asks, it must be one job holding
gres/gpu=4 whose script ran once and launched four training processes (gloo on this CPU),
training to the same loss log and weights as the one-process run with the same global batch.
Needs root and apt (or the packages installed): skipped with the reason otherwise.
"""

from __future__ import annotations

import csv
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import yaml

pytestmark = pytest.mark.slurm

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "tests/slurm/cluster.sh"
STARTED = Path("/run/instructgen-slurm/started")
ACCOUNT, CPU_PARTITION, GPU_PARTITION = "testacct", "cpu", "gpu"
GPU_RULES = ("pretrain_base_lm", "train_sft")
TARGETS = ["results/fragments/unsupervised/whole.jsonl", "results/sft/dolly/model"]
# Seconds of work per job: the point is the scheduling, not the models. (The LLM extraction
# fragment set is left out: the tiny model needs its full ~400 pre-training steps, minutes on two
# cores, before its extractions are non-empty.)
TINY = {
    "unsupervised_corpus": {"wikipedia_passages": 24, "c4_passages": 12},
    "tiny_models": {"causal_lm": {"steps": 20, "seq_len": 64}},
    "sft": {"recipes": {"paper1": {"max_steps": 4}}, "max_seq_len": 128},
}
SNAKEMAKE = [sys.executable, "-m", "snakemake"]


@pytest.fixture(scope="module")
def cluster():
    if os.geteuid() != 0:
        pytest.skip("starting a SLURM cluster needs root")
    if not shutil.which("slurmctld") and not shutil.which("apt-get"):
        pytest.skip("SLURM is not installed and apt-get is not available to install it")
    try:
        done = subprocess.run(
            ["bash", str(CLUSTER), "start"], capture_output=True, text=True, timeout=420
        )
        assert done.returncode == 0, f"cluster.sh start failed:\n{done.stdout}\n{done.stderr}"
        yield
    finally:
        # cluster.sh stop kills, by PID, only the daemons its start recorded, and removes the
        # packages start installed (with slurm-client left behind, every later Snakemake start
        # waits ~10 s on scontrol).
        stopped = subprocess.run(
            ["bash", str(CLUSTER), "stop"], capture_output=True, text=True, timeout=600
        )
        assert stopped.returncode == 0, f"cluster.sh stop failed:\n{stopped.stderr}"
        assert not STARTED.exists(), "every recorded daemon is stopped"


def _copy_repo(dest: Path) -> Path:
    """The tracked (and new, not ignored) files: no results/, .snakemake/ or venv."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / "tiny.yaml").write_text(yaml.safe_dump(TINY))
    return dest


def _site_profile(repo: Path, sft_gpus: int = 1) -> None:
    """profiles/slurm with this cluster's account/partitions and limits that fit one small node
    (four fake GPUs for train_sft when `sft_gpus` is 4, trained by gloo on the CPU)."""
    path = repo / "profiles/slurm/config.yaml"
    text = path.read_text()
    for placeholder in ("CHANGE_ME_ACCOUNT", "CHANGE_ME_CPU_PARTITION", "CHANGE_ME_GPU_PARTITION"):
        assert placeholder in text, f"profiles/slurm lost its {placeholder} placeholder"
    profile = yaml.safe_load(
        text.replace("CHANGE_ME_ACCOUNT", ACCOUNT)
        .replace("CHANGE_ME_CPU_PARTITION", CPU_PARTITION)
        .replace("CHANGE_ME_GPU_PARTITION", GPU_PARTITION)
    )
    assert profile["executor"] == "slurm"
    # The node feature of 80 GB cards is a real site's; this cluster's fake node has none.
    for resources in profile["set-resources"].values():
        resources.pop("constraint", None)
    for rule in GPU_RULES:
        resources = profile["set-resources"][rule]
        assert resources["slurm_partition"] == GPU_PARTITION and resources["gpu"] >= 1, rule
        # One node with four (fake) GPUs, 8 declared CPUs and ~20 GB.
        resources.update(gpu=1, cpus_per_gpu=1, mem_mb=1500, runtime=15)
    if sft_gpus > 1:
        # As profiles/slurm asks (gpu: 4, no tasks setting), with the CPU stand-in for NCCL.
        assert profile["set-resources"]["train_sft"].get("tasks") is None
        assert profile["set-resources"]["train_sft"].get("tasks_per_gpu") is None
        profile["set-resources"]["train_sft"].update(gpu=sft_gpus, accelerate="cpu")
    profile["default-resources"].update(mem_mb=1500, runtime=15)
    # One CPU per GPU here, so one thread per job, as the local reference run has.
    assert set(profile["set-threads"]) >= set(GPU_RULES), "every GPU rule gets its CPUs' threads"
    profile["set-threads"] = dict.fromkeys(profile["set-threads"], 1)
    profile.update({"latency-wait": 5, "retries": 0, "keep-going": False, "local-cores": 1})
    path.write_text(yaml.safe_dump(profile))


def _env(repo: Path) -> dict[str, str]:
    # sbatch --export=ALL hands this environment to the jobs: they import this copy's code.
    return {
        **os.environ,
        "PYTHONPATH": str(repo),
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "PYTHONHASHSEED": "0",
    }


def _run(cmd: list[str], repo: Path, timeout: int) -> None:
    # Own session, so a timeout also ends the job scripts Snakemake started, not just Snakemake.
    proc = subprocess.Popen(
        cmd,
        cwd=repo,
        env=_env(repo),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{' '.join(cmd)} ran over {timeout} s:\n{err[-8000:]}")
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{out[-4000:]}\n{err[-8000:]}"


def _sacct(workdir: Path) -> list[dict[str, str]]:
    fields = ["JobID", "Comment", "Partition", "Account", "AllocTRES", "State", "WorkDir"]
    out = subprocess.run(
        ["sacct", "-X", "-n", "-P", "-S", "now-1hour", f"--format={','.join(fields)}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [dict(zip(fields, line.split("|"), strict=True)) for line in out.splitlines() if line]
    return [r for r in rows if Path(r["WorkDir"]) == workdir]


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def local_run(cluster, tmp_path_factory) -> Path:
    local_repo = _copy_repo(tmp_path_factory.mktemp("local"))
    _run(
        # Snakemake runs a job's script with OMP_NUM_THREADS = its threads, and torch's CPU
        # kernels give other bits with another thread count; a SLURM job here has one thread
        # (one CPU per GPU on this node), so the local run's threaded rules get one too.
        # Targets first: --configfile takes several values.
        [*SNAKEMAKE, *TARGETS, "--profile", "profiles/local", "--cores", "2"]
        + ["--set-threads", "pretrain_base_lm=1", "train_sft=1", "--configfile", "tiny.yaml"],
        local_repo,
        timeout=360,
    )
    return local_repo


def _slurm_run(repo: Path) -> None:
    _run(
        [*SNAKEMAKE, *TARGETS, "--profile", "profiles/slurm", "--configfile", "tiny.yaml"]
        + ["--slurm-init-seconds-before-status-checks", "2"],
        repo,
        timeout=420,
    )


def _by_rule(repo: Path) -> dict[str, dict[str, str]]:
    jobs = _sacct(repo.resolve())
    return {r["Comment"].split("_wildcards_")[0].removeprefix("rule_"): r for r in jobs}


def test_fragment_slice_through_slurm_matches_local_run(local_run, tmp_path: Path) -> None:
    local_repo = local_run
    slurm_repo = _copy_repo(tmp_path / "slurm")
    _site_profile(slurm_repo)
    _slurm_run(slurm_repo)

    by_rule = _by_rule(slurm_repo)
    jobs = list(by_rule.values())
    for rule in GPU_RULES:
        assert rule in by_rule, f"{rule} was not submitted through sbatch: {jobs}"
        job = by_rule[rule]
        assert job["State"] == "COMPLETED", job
        assert job["Partition"] == GPU_PARTITION and job["Account"] == ACCOUNT, job
        assert "gres/gpu=1" in job["AllocTRES"], job
    assert (
        "train_tokenizer" in by_rule and "gres/gpu" not in by_rule["train_tokenizer"]["AllocTRES"]
    )
    assert by_rule["train_tokenizer"]["Partition"] == CPU_PARTITION
    # localrules ran on the submit host, not as jobs.
    assert not {"fetch_source", "sample_passages", "extract_fragments"} & set(by_rule), by_rule
    assert list((slurm_repo / ".snakemake/slurm_logs/rule_train_sft").rglob("*.log"))

    # Every result file, byte for byte (models, cards, loss logs, fragments).
    local_files, slurm_files = _files(local_repo / "results"), _files(slurm_repo / "results")
    assert local_files == slurm_files
    assert "fragments/unsupervised/whole.jsonl" in slurm_files
    assert "sft/dolly/model/model.safetensors" in slurm_files
    _, mismatch, errors = filecmp.cmpfiles(
        local_repo / "results", slurm_repo / "results", local_files, shallow=False
    )
    assert not mismatch and not errors, f"differ between SLURM and local runs: {mismatch}"


def test_four_gpu_training_is_one_job_one_launch_four_processes(local_run, tmp_path: Path):
    slurm_repo = _copy_repo(tmp_path / "slurm4")
    _site_profile(slurm_repo, sft_gpus=4)
    _slurm_run(slurm_repo)

    job = _by_rule(slurm_repo)["train_sft"]
    assert job["State"] == "COMPLETED" and "gres/gpu=4" in job["AllocTRES"], job
    # One job step running the rule once (the plugin's `srun -n1`), one task in it.
    steps = subprocess.run(
        ["sacct", "-j", job["JobID"], "-n", "-P", "--format=JobID,NTasks"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    numbered = [s for s in steps if s.split("|")[0].partition(".")[2].isdigit()]
    assert [s.split("|")[1] for s in numbered] == ["1"], steps
    log = (slurm_repo / "logs/sft/dolly.log").read_text()
    assert log.count("launching 4 processes") == 1, log[-3000:]
    card = json.loads((slurm_repo / "results/sft/dolly/model/card.json").read_text())
    single = json.loads((local_run / "results/sft/dolly/model/card.json").read_text())
    assert card["batch"]["world_size"] == 4 and single["batch"]["world_size"] == 1
    assert card["batch"]["global_batch_size"] == single["batch"]["global_batch_size"]

    # The same optimisation as one process: losses and weights agree to float reduction order.
    four = _losses(slurm_repo / "results/sft/dolly/model")
    one = _losses(local_run / "results/sft/dolly/model")
    assert [step for step, _ in four] == [step for step, _ in one]
    for (_, a), (_, b) in zip(one, four, strict=True):
        assert abs(a - b) <= 1e-3 * a, (one, four)
    from safetensors.torch import load_file

    weights = load_file(slurm_repo / "results/sft/dolly/model/model.safetensors")
    reference = load_file(local_run / "results/sft/dolly/model/model.safetensors")
    assert weights.keys() == reference.keys()
    for name, tensor in reference.items():
        assert torch.allclose(weights[name], tensor, rtol=1e-3, atol=1e-5), name
    # Everything upstream of training is byte for byte the local run's.
    upstream = [f for f in _files(local_run / "results") if not f.startswith("sft/")]
    _, mismatch, errors = filecmp.cmpfiles(
        local_run / "results", slurm_repo / "results", upstream, shallow=False
    )
    assert not mismatch and not errors, mismatch


def _losses(model_dir: Path) -> list[tuple[int, float]]:
    with open(model_dir / "training_log.csv") as handle:
        return [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(handle)]
