"""REFINE-AF Fig. 2: mean reward per PPO step (rule reward_curve)."""

from __future__ import annotations

from instructgen.errors import InputError
from instructgen.figures.common import read_rewards
from instructgen.logs import LOG


def main(
    *,
    rewards_csv: str,
    model: str,
    window: int,
    published_rho: float | None,
    out_png: str,
    out_pdf: str,
) -> float:
    """REFINE-AF Fig. 2: mean reward per PPO step, its moving average and Spearman(step, reward)."""
    from instructgen.plots import line_with_moving_average
    from instructgen.stats import moving_average

    steps, rewards = read_rewards(rewards_csv)
    if not steps:
        raise InputError(rewards_csv, "no RL steps logged")
    caption = f"{len(steps)} PPO steps; trailing moving average over {window} steps."
    if published_rho is not None:
        caption += f" Published Spearman \u03c1 for this backbone: {published_rho:.3f}."
    rho = line_with_moving_average(
        steps, rewards, window, "per step", f"Mean reward during PPO ({model})", out_png, out_pdf,
        caption=caption,
    )  # fmt: skip
    LOG.info("Spearman rho(step, reward) = %.4f; last moving average %.4f", rho,
             moving_average(rewards, window)[-1])  # fmt: skip
    return rho
