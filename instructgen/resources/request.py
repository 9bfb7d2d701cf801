"""What a rule's job asks SLURM for, from its estimate: host memory (`mem_mb`), wall time
(`runtime`, minutes) and GPUs.

The runtime is twice the estimate (the time model is calibrated within about 20% on most
measured lines but missed one by 2.6x, README "Performance"), rounded up to 5 minutes, at
least `RUNTIME_FLOOR_MINUTES` (model loading, queue-side overhead) and at most the partition's
limit; never more than 3x the estimate unless the floor says so. A job whose estimate exceeds
the limit gets the limit, and `make preflight` reports it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from instructgen.resources.steps import Estimator, JobEstimate, Site

RUNTIME_HEADROOM = 2.0
RUNTIME_CEILING_FACTOR = 3.0  # tests/test_resources.py holds requests to this
RUNTIME_FLOOR_MINUTES = 15
RUNTIME_STEP_MINUTES = 5
MEMORY_HEADROOM = 1.25
MEMORY_FLOOR_MB = 4000
MEMORY_STEP_MB = 1000


def runtime_minutes(estimate_hours: float, limit_minutes: int) -> int:
    wanted = RUNTIME_HEADROOM * estimate_hours * 60
    steps = math.ceil(wanted / RUNTIME_STEP_MINUTES) * RUNTIME_STEP_MINUTES
    return int(min(limit_minutes, max(RUNTIME_FLOOR_MINUTES, steps)))


def memory_mb(host_bytes: float) -> int:
    wanted = MEMORY_HEADROOM * host_bytes / 1e6
    return int(max(MEMORY_FLOOR_MB, math.ceil(wanted / MEMORY_STEP_MB) * MEMORY_STEP_MB))


def from_estimate(estimate: JobEstimate, site: Site) -> dict[str, int]:
    return {
        "mem_mb": memory_mb(estimate.host_bytes),
        "runtime": runtime_minutes(estimate.hours, site.max_runtime_minutes),
        "gpu": estimate.gpus,
    }


def request(
    rule: str,
    wildcards: Mapping[str, str],
    config: Mapping[str, Any],
    site: Site,
    root: str | Path = ".",
) -> dict[str, int]:
    """mem_mb, runtime (minutes) and gpu for one job of `rule` on `site`."""
    estimate = Estimator(config, site, root).estimate(rule, wildcards)
    if estimate is None:
        raise ValueError(f"rule {rule!r} runs no model on a GPU: no estimate to request from")
    return from_estimate(estimate, site)
