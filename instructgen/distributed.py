"""Run a training entry point on several processes (one per GPU) through `accelerate launch`.

A rule's script calls `launch("instructgen.sft:main", kwargs, processes=gpu)`. With one process
(the local profile, every CPU run) the function runs in-process, exactly as before. With more, the
keyword arguments go to a JSON file and `accelerate launch --num_processes N` starts N copies of
this module, each calling the same function; HF Trainer then trains data-parallel (DDP, or FSDP
with profiles/accelerate/fsdp.yaml) and only rank 0 writes the outputs. Which accelerate config
is used comes from the rule's `accelerate` resource (profiles/slurm sets it), default "ddp".
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from instructgen.errors import ConfigError
from instructgen.settings import Finetune, Training

LOG = logging.getLogger(__name__)
CONFIG_DIR = Path(__file__).resolve().parents[1] / "profiles" / "accelerate"


def accelerate_config(name: str) -> Path:
    """A config name under profiles/accelerate/ (ddp, fsdp, cpu) or a path to a YAML file."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else CONFIG_DIR / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in CONFIG_DIR.glob("*.yaml"))
        raise ConfigError("resources.accelerate", f"{name!r} not found (known: {', '.join(known)})")
    return path


def in_distributed_run() -> bool:
    """True inside a process started by accelerate/torchrun (so we never launch twice)."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def _target(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _free_port() -> int:
    # Two multi-GPU jobs on one node must not share accelerate's default port 29500.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fd_stream() -> Any:
    """sys.stderr when it has a file descriptor (a rule log does), else inherit the parent's."""
    try:
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return sys.stderr


def batch_layout(total: int, largest: int, world_size: int, key: str = "recipe") -> dict[str, int]:
    """How `world_size` processes make a recipe's global batch (`total`: examples per optimizer
    step over all devices): micro-batches of at most `largest` (per_device_batch_size) per
    process, accumulated. A global batch that does not split evenly is a ConfigError naming
    `key`'s entry."""
    if total % world_size:
        raise ConfigError(
            f"{key}.batch_size",
            f"the global batch of {total} does not split evenly over {world_size} processes",
        )
    per_process = total // world_size
    micro = min(largest, per_process)
    if per_process % micro:
        raise ConfigError(
            f"{key}.per_device_batch_size",
            f"{per_process} examples per process are not a whole number of micro-batches of "
            f"{micro} ({world_size} processes, global batch {total})",
        )
    return {
        "world_size": world_size,
        "per_device_batch_size": micro,
        "gradient_accumulation_steps": per_process // micro,
        "global_batch_size": total,
    }


def launch_command(spec: str, kwargs_path: str, processes: int, config: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        "--config_file",
        str(config),
        "--num_processes",
        str(processes),
        "--main_process_port",
        str(_free_port()),
        "--module",
        "instructgen.distributed",
        spec,
        kwargs_path,
    ]


def launch(spec: str, kwargs: dict[str, Any], *, processes: int = 1, config: str = "ddp") -> Any:
    """Call `module:function`(**kwargs) on `processes` processes; returns its result in-process."""
    processes = int(processes or 1)
    if processes <= 1 or in_distributed_run():
        return _target(spec)(**kwargs)
    path = accelerate_config(config)
    if path.stem != "cpu":
        import torch

        visible = torch.cuda.device_count()
        if visible < processes:
            raise ConfigError(
                "resources.gpu",
                f"gpu={processes} starts one training process per GPU but {visible} CUDA "
                "devices are visible; lower gpu or use the 'cpu' accelerate config",
            )
    with tempfile.TemporaryDirectory(prefix="instructgen-launch-") as tmp:
        kwargs_path = os.path.join(tmp, "kwargs.json")
        with open(kwargs_path, "w") as handle:
            json.dump(kwargs, handle)
        cmd = launch_command(spec, kwargs_path, processes, path)
        LOG.info("launching %d processes with %s: %s", processes, path.name, " ".join(cmd))
        sys.stderr.flush()
        # The children write to the same stream as this process: the rule's log.
        stream = _fd_stream()
        done = subprocess.run(cmd, stdout=stream, stderr=stream, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{spec} failed on {processes} processes (exit {done.returncode})")
    return None


def finetune_entry(spec: str) -> Callable[..., Any]:
    """A training rule's `main`: `spec` (a module's `train`) launched by `launch_finetune`
    with the rule's settings and job arguments."""

    def main(
        *,
        settings: Finetune,
        execution: Training,
        processes: int = 1,
        accelerate: str = "ddp",
        **job: Any,
    ) -> Any:
        return launch_finetune(
            spec, settings, execution, job, processes=processes, config=accelerate
        )

    return main


def launch_finetune(
    spec: str,
    settings: Finetune,
    execution: Training,
    job: dict[str, Any],
    *,
    processes: int = 1,
    config: str = "ddp",
) -> Any:
    """A training rule's entry: check that the processes can share the recipe's global batch
    (before any starts), then `spec`(**job, settings=..., execution=...) on one process per
    GPU. Both cross processes as plain data (JSON)."""
    processes = max(int(processes or 1), 1)
    batch_layout(
        settings.recipe.batch_size, execution.per_device_batch_size, processes, settings.recipe_key
    )
    job = job | {"settings": settings.params(), "execution": dataclasses.asdict(execution)}
    return launch(spec, job, processes=processes, config=config)


def _main(argv: list[str]) -> None:
    spec, kwargs_path = argv
    rank = int(os.environ.get("RANK", "0"))
    logging.basicConfig(
        # Rank 0 tells the story; the other ranks only warn.
        level=logging.INFO if rank == 0 else logging.WARNING,
        format=f"%(asctime)s %(levelname)s [rank {rank}] %(name)s: %(message)s",
        stream=sys.stderr,
    )
    with open(kwargs_path) as handle:
        kwargs = json.load(handle)
    _target(spec)(**kwargs)


if __name__ == "__main__":
    _main(sys.argv[1:])
