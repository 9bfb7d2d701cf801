"""Crash-safe RL runs: a killed PPO or GRPO job resumes from its last checkpoint.

Three things make a resumed run byte-identical to an uninterrupted one:
- every step reseeds the random generators from (seed, step, rank), so sampling never depends on
  how many steps ran in this process;
- PPO reads its batches from `StepBatches`, whose batch k is a function of (seed, k) alone
  (TRL's own loader draws its order from the global generator at the start of every pass);
- the trainable weights (policy and value LoRA adapters, value head), optimizer and scheduler
  state, and PPO's KL coefficient (which an adaptive controller changes every step,
  instructgen.track_b.kl_control) are saved every `save_steps` steps, atomically, under the
  job's resume folder. GRPO goes through transformers' Trainer, whose checkpoints already hold
  all of that (its KL weight is fixed).
The per-step reward rows go to an append-only `ResumeLog` beside the checkpoints. A resume folder
whose fingerprint differs (other instructions, models, settings or seed) is discarded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch

from instructgen.io import atomic_dir, write_json
from instructgen.resume import ResumeLog, prepare_work_dir

LOG = logging.getLogger(__name__)
CHECKPOINT_PREFIX = "checkpoint-"


def step_seed(seed: int, step: int, rank: int = 0) -> int:
    """The seed of one step on one process: independent of where the run (re)started."""
    digest = hashlib.sha256(f"{seed}:{step}:{rank}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def latest_checkpoint(work: Path) -> Path | None:
    """The newest complete checkpoint; folders a kill left half-written are removed."""
    for torn in work.glob(f".{CHECKPOINT_PREFIX}*.tmp"):
        shutil.rmtree(torn, ignore_errors=True)
    folders = sorted(
        work.glob(f"{CHECKPOINT_PREFIX}*"), key=lambda p: int(p.name[len(CHECKPOINT_PREFIX) :])
    )
    return folders[-1] if folders else None


class StepBatches:
    """Training batches where batch k depends only on (seed, k), for this process's rank.

    Iterating yields the rest of the current pass over the data, like one pass of a DataLoader,
    so TRL's `while True: yield from dataloader` keeps working; `start` skips finished batches.
    """

    def __init__(
        self,
        dataset: Sequence[dict[str, Any]],
        batch_size: int,
        seed: int,
        collate: Callable[[list[dict[str, Any]]], Any],
        *,
        start: int = 0,
        rank: int = 0,
        world_size: int = 1,
    ) -> None:
        self.dataset = dataset
        self.batch_size = batch_size
        self.seed = seed
        self.collate = collate
        self.next_batch = start
        self.rank = rank
        self.world_size = world_size
        self.per_pass = len(dataset) // (batch_size * world_size)
        if self.per_pass == 0:
            raise ValueError(
                f"{len(dataset)} prompts cannot fill one batch of {batch_size} x {world_size}"
            )

    def order(self, data_pass: int) -> list[int]:
        generator = torch.Generator().manual_seed(step_seed(self.seed, data_pass, rank=-1))
        return torch.randperm(len(self.dataset), generator=generator).tolist()

    def __iter__(self):
        data_pass, position = divmod(self.next_batch, self.per_pass)
        order = self.order(data_pass)
        for index in range(position, self.per_pass):
            start = (index * self.world_size + self.rank) * self.batch_size
            self.next_batch += 1
            yield self.collate([self.dataset[i] for i in order[start : start + self.batch_size]])


def _step_callback(
    seed: int,
    rank: int,
    rows: ResumeLog,
    reward_history: Any,
    total_steps: int,
    start_step: int,
    save: Callable[[Any, int], None] | None,
    save_steps: int,
):
    """The callback both trainers get: per-step seeds, reward rows, and (PPO) checkpoints."""
    from transformers import TrainerCallback

    from instructgen.modeling import set_seed
    from instructgen.track_b.kl_control import USED_KEY
    from instructgen.track_b.reward import COMPONENTS

    class RLSteps(TrainerCallback):
        def reseed(self, state) -> None:
            set_seed(step_seed(seed, state.global_step + 1, rank))

        def on_train_begin(self, args, state, control, **kwargs):
            if start_step:
                # TRL's PPO loop counts from zero: put its counters where the checkpoint stopped.
                state.global_step = start_step
                state.episode = start_step * args.batch_size
                state.max_steps = total_steps
            self.reseed(state)

        def on_step_begin(self, args, state, control, **kwargs):
            # GRPO (Trainer) only; it restores its own RNG on resume, this overrides it per step.
            self.reseed(state)

        def on_log(self, args, state, control, logs=None, **kwargs):
            # Both trainers log a step's metrics (KL included) once per step with logging_steps=1:
            # before on_step_end in PPO, after it in Trainer. The rewards scored since the last
            # log belong to this step.
            means = reward_history.drain()
            if means is None:
                return
            logs = logs or {}
            row = {"step": state.global_step, "mean_reward": means["reward"]}
            row.update({k: means[k] for k in COMPONENTS})
            row.update({"kl": logs.get("objective/kl", logs.get("kl")), "n": means["n"]})
            # The KL coefficient this step was penalised with: PPO's as the adaptive
            # controller (registered before this callback) recorded it, else the fixed one.
            row["kl_coef"] = logs.get(
                USED_KEY, getattr(args, "kl_coef", getattr(args, "beta", None))
            )
            row["triplets"] = means["triplets"]
            if rank == 0:
                rows.append([(state.global_step, row)])
            LOG.info("step %d: mean reward %.4f", state.global_step, means["reward"])

        def on_step_end(self, args, state, control, **kwargs):
            if save and save_steps and state.global_step % save_steps == 0:
                if state.global_step < total_steps:
                    save(kwargs["model"], state.global_step)
            self.reseed(state)

    return RLSteps()


class PPOCheckpoints:
    """Save and restore what a PPO step changes: trainable weights, optimizer, scheduler, and
    the KL coefficient the next step uses (`args.kl_coef`, adapted when kl_control is
    adaptive)."""

    def __init__(self, work: Path, accelerator, optimizer, lr_scheduler, args) -> None:
        self.work = work
        self.accelerator = accelerator
        self.optimizer = optimizer
        self.lr_scheduler = lr_scheduler
        self.args = args

    def save(self, model, step: int) -> None:
        from safetensors.torch import save_file

        if not self.accelerator.is_main_process:
            return
        unwrapped = self.accelerator.unwrap_model(model)
        trainable = {
            name: parameter.detach().cpu().contiguous()
            for name, parameter in unwrapped.named_parameters()
            if parameter.requires_grad
        }
        previous = latest_checkpoint(self.work)
        with atomic_dir(self.work / f"{CHECKPOINT_PREFIX}{step}") as tmp:
            save_file(trainable, tmp / "trainable.safetensors")
            torch.save(self.optimizer.state_dict(), tmp / "optimizer.pt")
            torch.save(self.lr_scheduler.state_dict(), tmp / "scheduler.pt")
            write_json(tmp / "step.json", {"step": step, "kl_coef": self.args.kl_coef})
        if previous is not None and previous.name != f"{CHECKPOINT_PREFIX}{step}":
            shutil.rmtree(previous, ignore_errors=True)
        LOG.info("saved RL checkpoint at step %d", step)

    def restore(self, model, checkpoint: Path) -> int:
        from safetensors.torch import load_file

        unwrapped = self.accelerator.unwrap_model(model)
        parameters = dict(unwrapped.named_parameters())
        saved = load_file(checkpoint / "trainable.safetensors")
        trainable = {n for n, p in parameters.items() if p.requires_grad}
        if set(saved) != trainable:
            raise RuntimeError(f"{checkpoint} does not match the model being trained")
        with torch.no_grad():
            for name, tensor in saved.items():
                parameters[name].copy_(tensor)
        self.optimizer.load_state_dict(torch.load(checkpoint / "optimizer.pt", weights_only=True))
        self.lr_scheduler.load_state_dict(
            torch.load(checkpoint / "scheduler.pt", weights_only=True)
        )
        saved_step = json.loads((checkpoint / "step.json").read_text())
        step = saved_step["step"]
        self.args.kl_coef = saved_step["kl_coef"]
        LOG.info(
            "resuming RL from step %d, KL coefficient %r (%s)", step, self.args.kl_coef, checkpoint
        )
        return int(step)


class RLResume:
    """One RL job's resume folder: its fingerprint check, reward rows and callbacks."""

    def __init__(
        self,
        work: str | Path,
        job_fingerprint: str,
        seed: int,
        save_steps: int,
        extra_callbacks: Sequence[Any] = (),
    ) -> None:
        self.work = Path(work)
        prepare_work_dir(self.work, job_fingerprint)
        self.rows = ResumeLog(self.work / "rewards.jsonl", job_fingerprint)
        self.seed = seed
        self.save_steps = save_steps
        self.extra_callbacks = list(extra_callbacks)

    def attach(self, trainer, reward_history, total_steps, start_step=0, save=None) -> None:
        """Add the per-step callback (seeds, reward rows, PPO checkpoints via `save`) and the
        caller's extra callbacks to `trainer`."""
        trainer.add_callback(
            _step_callback(
                self.seed,
                trainer.accelerator.process_index,
                self.rows,
                reward_history,
                total_steps,
                start_step,
                save,
                self.save_steps,
            )
        )
        for callback in self.extra_callbacks:
            trainer.add_callback(callback)

    def reward_rows(self, total_steps: int) -> list[dict[str, Any]]:
        return [self.rows.done[step] for step in sorted(self.rows.done) if step <= total_steps]

    def finish(self) -> None:
        """The outputs are written: the checkpoints are no longer needed."""
        shutil.rmtree(self.work, ignore_errors=True)
