"""Training killed with SIGKILL resumes from its last checkpoint to the same weights and log."""

from __future__ import annotations

import json

import pytest

from tests.helpers import kill_when, python

TRAIN = """
import json, sys
from instructgen.training import finetune
pairs = [(f"Instruction: say {{w}}\\n", f"{{w}} {{w}} river") for w in
         "alpha beta gamma delta eps zeta eta theta iota kappa lambda mu".split()]
recipe = dict(learning_rate=1e-3, batch_size=2, gradient_accumulation_steps=1, epochs=1,
              warmup_ratio=0.1, scheduler="linear", max_steps=12)
log = finetune({{"source": {model!r}}}, pairs, recipe, {out!r}, {resume!r}, seed=3,
               max_seq_len=64, card={{"title": "resume test"}}, save_steps=2)
open({out!r} + ".log.json", "w").write(json.dumps(log))
"""


def train(model: str, out, resume) -> str:
    return TRAIN.format(model=model, out=str(out), resume=str(resume))


@pytest.fixture(scope="module")
def uninterrupted(tiny_lm_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("train_full")
    python(train(tiny_lm_dir, work / "model", work / "resume"), work)
    return work


@pytest.mark.parametrize("kill_at", [2, 6, 10])
def test_killed_training_resumes_to_identical_weights(
    tiny_lm_dir, uninterrupted, tmp_path, kill_at
):
    code = train(tiny_lm_dir, tmp_path / "model", tmp_path / "resume")
    checkpoint = tmp_path / "resume" / f"checkpoint-{kill_at}"
    killed = kill_when(code, tmp_path, lambda: (checkpoint / "trainer_state.json").exists())
    assert killed, "training finished before it could be killed"
    assert not (tmp_path / "model").exists(), "a killed run must not leave a model folder"
    python(code, tmp_path)
    full = (uninterrupted / "model" / "model.safetensors").read_bytes()
    assert (tmp_path / "model" / "model.safetensors").read_bytes() == full
    log = json.loads((tmp_path / "model.log.json").read_text())
    assert log == json.loads((uninterrupted / "model.log.json").read_text())
    assert [step for step, _ in log] == list(range(1, 13))
    assert not (tmp_path / "resume").exists(), "the resume folder is removed once done"
