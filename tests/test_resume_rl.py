"""RL from automated feedback killed with SIGKILL resumes to the same policy and rewards.csv."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.helpers import REPO, python
from tests.test_reward import rl_settings
from tests.tiny_track_b import build_models, write_project_prompts

RUN = """
import os, signal
import torch
from transformers import TrainerCallback
from instructgen.settings import RLExecution, RLFromFeedback
from instructgen.track_b.rlaf import main

KILL_AT = {kill_at!r}
real_save = torch.save


def save_then_maybe_die(obj, path, *args, **kwargs):
    # Dies while a checkpoint is half-written: weights and optimizer saved, scheduler not.
    if KILL_AT == "mid-save" and str(path).endswith("scheduler.pt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_save(obj, path, *args, **kwargs)


torch.save = save_then_maybe_die


class Crash(TrainerCallback):
    # A real SIGKILL at the end of a given step, after that step's checkpoint (if any) is saved.
    def on_step_end(self, args, state, control, **kwargs):
        if KILL_AT == state.global_step:
            os.kill(os.getpid(), signal.SIGKILL)


main(instructions_path={instructions!r}, prompts_path={prompts!r}, model_name="base",
     settings=RLFromFeedback.from_params({settings!r}),
     execution=RLExecution("cpu", 2, "error"), work_dir={work!r},
     rewards_path={out!r} + "/rewards.csv", policy_dir={out!r} + "/policy", save_steps=2,
     callbacks=[Crash()])
"""

INSTRUCTIONS = ["Sort the list.", "Name a fruit.", "Say hi.", "Count to three."]
# Each run's RL settings: PPO with its KL coefficient fixed or adapted every step (a horizon of
# one step's rollouts moves it by up to 20% a step; the resumed run must restore it), and GRPO.
RUNS = {
    "ppo": {"algorithm": "ppo"},
    "ppo-adaptive": {
        "algorithm": "ppo",
        "kl_coef": 0.3,
        "kl_control": "adaptive",
        "kl_target": 0.01,
        "kl_horizon": 2,
    },
    "grpo": {"algorithm": "grpo"},
}


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return build_models(tmp_path_factory.mktemp("tiny_rl"))


def rl_script(models, root, run, kill_at=None) -> str:
    instructions = root / "instructions.jsonl"
    instructions.write_text(
        "".join(
            json.dumps({"id": f"i{k}", "instruction": text}) + "\n"
            for k, text in enumerate(INSTRUCTIONS)
        )
    )
    return RUN.format(
        kill_at=kill_at,
        instructions=str(instructions),
        prompts=write_project_prompts(root),
        settings=rl_settings(models, steps=6, **RUNS[run]).params(),
        work=str(root / "resume"),
        out=str(root / "out"),
    )


@pytest.fixture(scope="module")
def uninterrupted(models, tmp_path_factory):
    runs = {}
    for run in RUNS:
        root = tmp_path_factory.mktemp(f"rl_{run}_full")
        python(rl_script(models, root, run), root)
        runs[run] = root / "out"
    return runs


@pytest.mark.parametrize(
    ("run", "kill_at"),
    [("ppo", 1), ("ppo", 3), ("ppo", 4), ("ppo", "mid-save"), ("ppo-adaptive", 3), ("grpo", 3)],
)
def test_killed_rl_resumes_to_identical_outputs(
    models, uninterrupted, tmp_path, run, kill_at
) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", rl_script(models, tmp_path, run, kill_at)],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    assert not (tmp_path / "out").exists(), "a killed run must not leave outputs"
    python(rl_script(models, tmp_path, run), tmp_path)
    full = uninterrupted[run]
    rewards = (tmp_path / "out" / "rewards.csv").read_text()
    assert rewards == (full / "rewards.csv").read_text()
    assert [line.split(",")[0] for line in rewards.splitlines()[1:]] == list("123456")
    weights = "policy/model.safetensors"
    assert (tmp_path / "out" / weights).read_bytes() == (full / weights).read_bytes()
    assert not (tmp_path / "resume").exists(), "the resume folder is removed once done"


def test_resume_folder_of_another_job_is_discarded(models, uninterrupted, tmp_path) -> None:
    stale = tmp_path / "resume" / "checkpoint-4"
    stale.mkdir(parents=True)
    (tmp_path / "resume" / "job.json").write_text('{"fingerprint": "another job"}')
    python(rl_script(models, tmp_path, "ppo"), tmp_path)
    full = uninterrupted["ppo"]
    assert (tmp_path / "out" / "rewards.csv").read_text() == (full / "rewards.csv").read_text()
