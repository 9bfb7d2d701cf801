"""Shared by the benchmark scripts: a tiny model to measure on, timing, and the JSON record."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Timing(NamedTuple):
    best_s: float
    rounds_s: list[float]
    result: object


REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def tiny_model_dir() -> str:
    """The pipeline's base model when it has been built, else a tiny one built here (seconds)."""
    built = REPO / "results/models/base"
    if (built / "model.safetensors").exists():
        return str(built)
    from instructgen.tiny.causal_lm import pretrain_causal_lm
    from instructgen.tiny.data import save_with_card
    from instructgen.tiny.tokenizer import train_tokenizer

    out = tempfile.mkdtemp(prefix="bench_model_")
    texts = [p["text"] for p in map(json.loads, open(REPO / "data/corpus/wikipedia.jsonl"))]
    tokenizer = train_tokenizer(texts, 2000, 2, out)
    settings = {
        "hidden_size": 128,
        "intermediate_size": 320,
        "num_layers": 2,
        "num_heads": 4,
        "max_position_embeddings": 2048,
        "seq_len": 128,
        "batch_size": 16,
        "steps": 60,
        "learning_rate": 3e-3,
    }
    model, _ = pretrain_causal_lm(tokenizer, texts, settings, seed=1)
    save_with_card(model, tokenizer, out, "benchmark model", seed=1)
    return out


def race(contenders: dict[str, Callable[[], object]], rounds: int = 1) -> dict[str, Timing]:
    """Time every contender once per round, in turn, and keep each one's fastest round.

    Interleaving matters on a shared machine: a noisy neighbour then slows one round of every
    side alike instead of the whole block of one side, which used to swing a ratio by 1.5x
    between runs. Returns {name: Timing(best seconds, per-round seconds, last result)}.
    """
    rounds_s: dict[str, list[float]] = {name: [] for name in contenders}
    results: dict[str, object] = {}
    for _ in range(rounds):
        for name, contender in contenders.items():
            start = time.perf_counter()
            results[name] = contender()
            rounds_s[name].append(time.perf_counter() - start)
    return {name: Timing(min(s), s, results[name]) for name, s in rounds_s.items()}


def write_json(path: str | None, record: dict) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps({**record, "machine": machine()}, indent=2) + "\n")
