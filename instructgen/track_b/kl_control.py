"""The coefficient of PPO's KL penalty: fixed, or adapted after every step to the KL measured in
it, as TRL's PPOTrainer did when REFINE-AF used it (2024; `adap_kl_ctrl=True` by default).

TRL's AdaptiveKLController (trl/trainer/utils.py, v0.7 to v0.11) is the proportional controller
of Ziegler et al. (2019, arXiv:1909.08593):

    error = clip(current_kl / target - 1, -0.2, 0.2)
    value *= 1 + error * n_steps / horizon

where current_kl is the step's mean over rollouts of the per-token KL summed over the response,
and n_steps the rollouts of the step over every process. It ran after each PPOTrainer.step, so
a step is penalised with the coefficient the previous steps left.

TRL 1.12's PPOTrainer (trl.experimental.ppo) has no controller: it reads `args.kl_coef` at every
step when it turns the KL into per-token rewards. `AdaptiveKL` keeps the controller's value
there: after each step's log (which carries that step's `objective/kl`, the same quantity the
old trainer used) it sets `args.kl_coef` to the updated value, so the next step uses it. The
value lives only in `args.kl_coef`, which RL checkpoints save and restore
(instructgen.track_b.rl_checkpoints), so a resumed run continues with the same coefficient.
"""

from __future__ import annotations

import math

# TRL's clip of the proportional error (not configurable there either).
ERROR_CLIP = 0.2
# The log key under which the coefficient a step was penalised with is recorded.
USED_KEY = "objective/kl_coef"


def adaptive_kl_update(
    value: float, current_kl: float, target: float, horizon: float, n_steps: int
) -> float:
    """The coefficient after one step whose measured KL is `current_kl` (TRL's
    AdaptiveKLController.update, in float64 as numpy computed it)."""
    if not math.isfinite(current_kl):
        raise ValueError(f"the measured KL is {current_kl}: the adaptive KL controller stops")
    error = min(max(current_kl / target - 1, -ERROR_CLIP), ERROR_CLIP)
    return value * (1 + error * n_steps / horizon)


def adaptive_kl_callback(target: float, horizon: float):
    """A TrainerCallback for TRL's experimental PPOTrainer that adapts `args.kl_coef`."""
    from transformers import TrainerCallback

    class AdaptiveKL(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if not logs or "objective/kl" not in logs:
                return
            # The coefficient this step's rewards were computed with, then the next one.
            logs[USED_KEY] = args.kl_coef
            args.kl_coef = adaptive_kl_update(
                args.kl_coef, logs["objective/kl"], target, horizon, args.batch_size
            )

    return AdaptiveKL()
