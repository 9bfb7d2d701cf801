"""requirements-gpu.lock (`make venv-gpu`): every pin of the CPU lock plus the CUDA stack, and
pip's resolver installs it exactly as locked (tools/gpu_lock.py says why these versions and why
Python 3.13). The resolver runs in report mode: it downloads metadata, installs nothing."""

from __future__ import annotations

import platform

import pytest

from tools import gpu_lock


def test_the_gpu_lock_keeps_every_cpu_pin():
    cpu, gpu = gpu_lock.read_pins(gpu_lock.CPU_LOCK), gpu_lock.read_pins(gpu_lock.GPU_LOCK)
    assert {name: gpu.get(name) for name in cpu} == cpu, "CPU and GPU run the same libraries"
    assert gpu["torch"] == "2.13.0"
    assert "bitsandbytes" in gpu
    for requirement in gpu_lock.GPU_ADDITIONS:
        name, _, version = requirement.partition("==")
        assert gpu[gpu_lock.normalise(name)] == version


@pytest.mark.network
def test_pip_resolves_the_gpu_lock_as_locked():
    if (platform.system(), platform.machine()) != ("Linux", "x86_64"):
        pytest.skip("the GPU lock is resolved for Linux x86_64")
    python = gpu_lock.find_python()
    if python is None:
        pytest.skip("no Python 3.13 with pip (python3.13 on PATH, or PYTHON_GPU)")
    if problem := gpu_lock.registry_reachable(timeout=5):
        pytest.skip(problem)
    locked = gpu_lock.read_pins(gpu_lock.GPU_LOCK)
    report = gpu_lock.resolve(python, [f"{name}=={v}" for name, v in locked.items()])
    items = gpu_lock.installed(report)
    assert {name: item["metadata"]["version"] for name, item in items.items()} == locked
    # PyPI's Linux torch is the CUDA build: it pulls in the CUDA toolkit vLLM's wheel needs.
    torch_requires = " ".join(items["torch"]["metadata"].get("requires_dist", []))
    assert "cuda-toolkit" in torch_requires and "nvidia-cudnn-cu13" in items
    assert "+cpu" not in items["torch"]["download_info"]["url"]
