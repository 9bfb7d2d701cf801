"""Training killed with SIGKILL resumes from its last checkpoint to the same weights and log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.helpers import REPO, python

TRAIN = """
import json, os, signal, sys
from transformers import TrainerCallback
from instructgen.settings import Finetune, ModelSpec, Recipe
from instructgen.training import finetune

KILL_AT = {kill_at!r}


class Crash(TrainerCallback):
    # A real SIGKILL at an exact point of training, from inside the process, so the test does not
    # depend on how fast the machine is.
    def on_step_end(self, args, state, control, **kwargs):
        if KILL_AT == ("step", state.global_step):
            os.kill(os.getpid(), signal.SIGKILL)

    def on_save(self, args, state, control, **kwargs):
        if KILL_AT == ("save", state.global_step):
            os.kill(os.getpid(), signal.SIGKILL)


pairs = [(f"Instruction: say {{w}}\\n", f"{{w}} {{w}} river") for w in
         "alpha beta gamma delta eps zeta eta theta iota kappa lambda mu".split()]
recipe = Recipe(learning_rate=1e-3, batch_size=2, epochs=1, warmup_ratio=0.1,
                scheduler="linear", max_steps=12)
settings = Finetune(ModelSpec({model!r}), "paper1", "sft.recipes.paper1", recipe, 64, False,
                    False, 3)
log = finetune(settings, 2, pairs, {out!r}, {resume!r}, card={{"title": "resume test"}},
               save_steps=2, callbacks=[Crash()])
open({out!r} + ".log.json", "w").write(json.dumps(log))
"""


def train(model: str, out, resume, kill_at=None) -> str:
    return TRAIN.format(model=model, out=str(out), resume=str(resume), kill_at=kill_at)


@pytest.fixture(scope="module")
def uninterrupted(tiny_lm_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("train_full")
    python(train(tiny_lm_dir, work / "model", work / "resume"), work)
    return work


@pytest.mark.parametrize("kill_at", [("step", 3), ("save", 6), ("step", 11)])
def test_killed_training_resumes_to_identical_weights(
    tiny_lm_dir, uninterrupted, tmp_path, kill_at
):
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            train(tiny_lm_dir, tmp_path / "model", tmp_path / "resume", kill_at),
        ],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    assert not (tmp_path / "model").exists(), "a killed run must not leave a model folder"
    assert list((tmp_path / "resume").glob("checkpoint-*")), "a checkpoint was saved before"
    python(train(tiny_lm_dir, tmp_path / "model", tmp_path / "resume"), tmp_path)
    full = (uninterrupted / "model" / "model.safetensors").read_bytes()
    assert (tmp_path / "model" / "model.safetensors").read_bytes() == full
    log = json.loads((tmp_path / "model.log.json").read_text())
    assert log == json.loads((uninterrupted / "model.log.json").read_text())
    assert [step for step, _ in log] == list(range(1, 13))
    assert not (tmp_path / "resume").exists(), "the resume folder is removed once done"


def test_checkpoint_of_another_job_is_not_resumed(tiny_lm_dir, uninterrupted, tmp_path):
    # A killed run's checkpoint, then the data changed: the new job must start from scratch.
    stale = tmp_path / "resume" / "checkpoint-10"
    stale.mkdir(parents=True)
    (stale / "trainer_state.json").write_text('{"global_step": 10}')
    (tmp_path / "resume" / "job.json").write_text('{"fingerprint": "other data"}')
    python(train(tiny_lm_dir, tmp_path / "model", tmp_path / "resume"), tmp_path)
    full = (uninterrupted / "model" / "model.safetensors").read_bytes()
    assert (tmp_path / "model" / "model.safetensors").read_bytes() == full


def test_checkpoints_follow_the_wall_clock(tiny_lm_dir, tmp_path):
    """Without a step count, a checkpoint is asked for once `checkpoint_minutes` have passed."""
    from transformers import TrainerCallback

    from instructgen.settings import Finetune, ModelSpec, Recipe
    from instructgen.training import finetune

    class Saves(TrainerCallback):
        steps: list[int] = []

        def on_save(self, args, state, control, **kwargs):
            self.steps.append(state.global_step)

    pairs = [("Say a word.\n", "river")] * 8
    recipe = Recipe(1e-3, 2, 1, 0.0, "constant", 4)
    settings = Finetune(ModelSpec(tiny_lm_dir), None, "track_a.generator_training", recipe, 32,
                        False, False, 3)  # fmt: skip
    for minutes, expected in ((0.0, [1, 2, 3, 4]), (60.0, [])):
        saves = Saves()
        saves.steps = []
        finetune(settings, 2, pairs, str(tmp_path / f"m{minutes}"), str(tmp_path / f"r{minutes}"),
                 card={"title": "clock"}, checkpoint_minutes=minutes, callbacks=[saves])  # fmt: skip
        assert saves.steps == expected
