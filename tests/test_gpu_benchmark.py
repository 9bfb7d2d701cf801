"""benchmarks/gpu.py without a GPU: its projection arithmetic, the paper workloads it reads, and
its one-line refusal on a CPU machine."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import gpu  # noqa: E402

PAPER = yaml.safe_load((REPO / "configs/paper.yaml").read_text())


def hand_made(**changes) -> gpu.Workloads:
    values = {
        "bootstrap_instructions": 700,
        "bootstrap_tasks_per_call": 7,
        "bootstrap_batch_size": 32,
        "bootstrap_new_tokens": 1000,
        "unsupervised_fragments": 600,
        "supervised_fragments": 400,
        "k": 3,
        "candidate_new_tokens": 100,
        "candidate_batch_size": 64,
        "filter_batch_size": 64,
        "superni_tasks": 10,
        "superni_per_task": 50,
        "superni_new_tokens": 20,
        "superni_batch_size": 32,
        "rl_steps": 200,
        "rl_batch_size": 4,
        "rl_new_tokens": 256,
        "rl_four_bit": True,
    }
    return gpu.Workloads(**(values | changes))


def test_a_one_billion_parameter_measurement_scales_by_seven_to_7b():
    assert gpu.parameter_scale(1e9) == pytest.approx(7.0)
    assert gpu.parameter_scale(0.5e9, target_params=13e9) == pytest.approx(26.0)
    # 1,000 tokens/s measured on 1B is 1000/7 tokens/s at 7B: 3.6M tokens take 7 hours.
    assert gpu.gpu_hours(3.6e6, 1000, gpu.parameter_scale(1e9)) == pytest.approx(7.0)
    assert gpu.gpu_hours(3600, 1, 1.0) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        gpu.parameter_scale(0)
    with pytest.raises(ValueError):
        gpu.gpu_hours(1, 0)


def test_workload_sizes_multiply_out():
    w = hand_made()
    assert w.fragments == 1000
    assert w.candidate_tokens == 3 * 1000 * 100  # k x fragments x max_new_tokens
    assert w.filter_pairs == 3 * 1000
    assert w.superni_prompts == 500
    assert w.superni_tokens == 500 * 20
    # 700 instructions at 7 per call: 100 calls, in whole rounds of 32 prompts: 128 calls.
    assert w.bootstrap_calls() == 128
    assert w.bootstrap_tokens() == 128 * 1000
    # A measured keep rate of 0.5 per call: 1,400 calls, 44 rounds.
    assert w.bootstrap_calls(kept_per_call=0.5) == 44 * 32


def test_projection_of_hand_made_rates():
    w = hand_made()
    rates = gpu.Rates(
        params=1e9,
        candidate_tokens_per_s=1000.0,
        bootstrap_tokens_per_s=3200.0,
        superni_tokens_per_s=500.0,
        filter_pairs_per_s=10.0,
        ppo_step_s=10.0,
        ppo_reward_s=2.0,
        ppo_four_bit=True,
    )
    rows = {row.name: row for row in gpu.project(rates, w)}
    hours = {name: row.hours for name, row in rows.items()}
    assert hours["Track A candidates, per generator"] == pytest.approx(300_000 / 1000 * 7 / 3600)
    assert hours["Track B bootstrapping"] == pytest.approx(128_000 / 3200 * 7 / 3600)
    assert hours["Track A perplexity filter, per filter model"] == pytest.approx(
        3000 / 10 * 7 / 3600
    )
    assert hours["Super-NI evaluation, one checkpoint"] == pytest.approx(10_000 / 500 * 7 / 3600)
    # PPO: the 8 s of policy and value work scale by 7, the 2 s of reward models do not.
    assert hours["Track B PPO, per base model"] == pytest.approx(200 * (8 * 7 + 2) / 3600)
    assert "4-bit" in rows["Track B PPO, per base model"].work
    assert "300,000 tokens" in rows["Track A candidates, per generator"].work

    # No PPO figure (the step failed): no PPO line; another target size scales every line.
    without = gpu.project(gpu.Rates(**{**rates.__dict__, "ppo_step_s": None}), w, 14e9)
    assert "Track B PPO, per base model" not in {row.name for row in without}
    assert without[0].hours == pytest.approx(2 * hours[without[0].name])


def test_paper_workloads_come_from_configs_paper_yaml():
    w = gpu.read_workloads()
    boot, candidates = PAPER["track_b"]["bootstrap"], PAPER["track_a"]["candidates"]
    assert w.bootstrap_instructions == boot["num_instructions"] == 15000
    assert w.bootstrap_new_tokens == boot["max_new_tokens"] == 1024
    assert w.bootstrap_tasks_per_call == boot["max_tasks_per_generation"]
    assert (w.unsupervised_fragments, w.supervised_fragments) == (13500, 13500)
    assert w.k == candidates["k"]
    assert w.candidate_new_tokens == candidates["max_new_tokens"]
    assert w.candidate_batch_size == candidates["batch_size"]
    assert w.filter_batch_size == PAPER["track_a"]["filtering"]["batch_size"]
    assert w.superni_prompts == 119 * PAPER["evaluation"]["superni"]["max_instances_per_task"]
    assert w.superni_new_tokens == PAPER["evaluation"]["superni"]["max_new_tokens"]
    assert (w.rl_steps, w.rl_batch_size) == (200, 4)
    assert w.rl_four_bit is True
    assert w.candidate_tokens == w.k * 27000 * w.candidate_new_tokens
    # The pinned Super-NI revision is the one whose test split lists 119 tasks.
    assert "119 tasks" in (REPO / "configs/paper.yaml").read_text()


def test_a_changed_config_changes_the_workloads():
    config = copy.deepcopy(PAPER)
    config["track_a"]["candidates"]["k"] = 2
    config["supervised_corpus"]["superni_outputs"] = 500
    w = gpu.Workloads.from_config(config)
    assert (
        w.candidate_tokens == 2 * (13500 + 500) * config["track_a"]["candidates"]["max_new_tokens"]
    )


def test_on_a_cpu_machine_it_refuses_with_one_line():
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/gpu.py")],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("gpu.py: no GPU")


@pytest.mark.slow
def test_the_whole_script_runs_on_toy_models_on_the_cpu(tmp_path):
    out = tmp_path / "gpu.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/gpu.py"), "--tiny-on-cpu", "--json", str(out)],
        cwd=REPO,
        env=dict(os.environ, CUDA_VISIBLE_DEVICES=""),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert sum(line.strip().startswith("projection: ") for line in lines) == 6
    assert lines[-1].startswith("gpu: generation")
    record = json.loads(out.read_text())
    assert record["ppo"]["bf16 LoRA"]["step_s"] > 0
    names = [row["contender"] for row in record["generation_sweep"]]
    assert names[0] == "one at a time" and len(names) >= 2
    assert {row["workload"] for row in record["generation_workloads"]} == {
        "candidates",
        "bootstrap",
        "superni",
    }
    # Tokens are counted from the model's forward calls: prompts x samples x new tokens.
    candidates = next(r for r in record["generation_workloads"] if r["workload"] == "candidates")
    assert candidates["tokens_per_s"] * candidates["best_s"] == pytest.approx(
        candidates["prompts"] * candidates["samples"] * candidates["max_new_tokens"]
    )
