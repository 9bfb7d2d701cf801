"""The benchmarks' timing helper: rounds interleave the contenders, each keeps its fastest."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import common  # noqa: E402


def test_race_interleaves_rounds_and_keeps_each_contenders_fastest(monkeypatch):
    clock = iter([0.0, 3.0, 3.0, 4.0, 10.0, 12.0, 12.0, 20.0])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    calls = []

    def contender(name):
        def run():
            calls.append(name)
            return f"{name} {len(calls)}"

        return run

    timings = common.race({"slow": contender("slow"), "fast": contender("fast")}, rounds=2)

    assert calls == ["slow", "fast", "slow", "fast"]
    assert timings["slow"].rounds_s == [3.0, 2.0]
    assert timings["fast"].rounds_s == [1.0, 8.0]
    assert (timings["slow"].best_s, timings["fast"].best_s) == (2.0, 1.0)
    assert timings["fast"].result == "fast 4"
