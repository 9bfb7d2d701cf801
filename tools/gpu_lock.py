"""requirements-gpu.lock: the CPU lock's pins plus the CUDA stack, resolved together by pip.

The GPU environment (``make venv-gpu``) is the CPU lock (requirements.lock: every package at the
same version, so CPU tests run the library code the cluster runs) plus vLLM and what it pulls
in, with torch 2.13.0's CUDA build. Two facts decide its shape, both read from the packages'
metadata with pip:

- vLLM 0.31 and 0.32 are the releases built on torch 2.13.0 (0.33 and 0.34 need 2.14.0). 0.32
  needs transformers >=5.16.1,<5.20 and TRL 1.12.0 accepts >=4.56.2, so both locks pin
  transformers 5.19.0. PyPI's torch 2.13.0 for Linux x86_64 is the CUDA 13.0 build
  (cuda-toolkit 13.0.3), the CUDA that vLLM 0.32's PyPI wheel is built for.
- every vLLM release needs mistral_common >=1.11.6, which caps numpy below 2.4 on Python 3.12
  and older, while snakemake-executor-plugin-slurm >=2.7 (the lock has 2.8.0) needs numpy
  >=2.4.5: on Python 3.11 no numpy satisfies both. On Python 3.13 the cap is gone and every CPU
  pin stays as it is, so the GPU environment is a Python 3.13 one (`PYTHON`, default
  python3.13).

Usage, from the repository root, where PyPI is reachable (downloads metadata only)::

    python tools/gpu_lock.py            # rewrite requirements-gpu.lock
    python tools/gpu_lock.py --check    # resolve the lock as it is; exit 1 if pip disagrees

``tests/test_gpu_lock.py`` runs the check. pip runs isolated from local pip configuration
(find-links with CPU wheels, constraints, extra indexes), as on a fresh cluster account; its
index is PyPI unless PIP_INDEX_URL says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CPU_LOCK = REPO / "requirements.lock"
GPU_LOCK = REPO / "requirements-gpu.lock"
# What the GPU environment adds to the CPU lock (bitsandbytes is in both).
GPU_ADDITIONS = ("vllm==0.32.0",)
PYTHON = "python3.13"
PYPI = "https://pypi.org/simple"
# Local pip settings that would change what resolves: a find-links folder holding the CPU torch
# wheel, constraint files, extra indexes (a PyTorch index with another CUDA build).
_DROPPED = ("PIP_FIND_LINKS", "PIP_CONSTRAINT", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX")

HEADER = """\
# The GPU environment (`make venv-gpu`, Python 3.13): every pin of requirements.lock, plus vLLM
# and what it pulls in, resolved together by pip on Python 3.13 (Linux x86_64, PyPI).
# Written by tools/gpu_lock.py, which says why Python 3.13 and why these versions; do not edit
# by hand. tests/test_gpu_lock.py checks it against requirements.lock and pip's resolver.
# torch 2.13.0 from PyPI is its CUDA 13.0 build (NVIDIA driver 580 or newer).
"""


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of a lock of exact pins."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            if not sep:
                raise ValueError(f"{path.name}: '{line}' is not an exact pin")
            pins[normalise(name)] = version.strip()
    return pins


def index_url() -> str:
    return os.environ.get("PIP_INDEX_URL", PYPI)


def registry_reachable(timeout: float = 5.0) -> str | None:
    """None when the package index answers, else why not."""
    url = index_url().rstrip("/") + "/pip/"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read(1)
    except OSError as err:
        return f"{url} is not reachable ({err})"
    return None


def find_python(name: str | None = None) -> str | None:
    """The interpreter the GPU environment is resolved for (PYTHON_GPU, else python3.13), if
    it runs, is Python 3.13 and has pip."""
    path = shutil.which(name or os.environ.get("PYTHON_GPU") or PYTHON)
    if path is None:
        return None
    probe = "import sys, pip; print(sys.version_info[:2] == (3, 13))"
    done = subprocess.run([path, "-c", probe], capture_output=True, text=True)
    return path if done.returncode == 0 and done.stdout.strip() == "True" else None


def pip_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PIP_CONFIG_FILE"] = os.devnull  # no pip.conf: neither the user's nor the machine's
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def resolve(python: str, requirements: list[str], timeout: float = 1800) -> dict:
    """pip's resolver in report mode (`pip install --dry-run --report`): what it would install
    into an empty Python `python` for these requirement lines. Only metadata is downloaded
    (PEP 658 files, or HTTP range requests into wheels with fast-deps where an index lacks them;
    the few sdists are fetched and their metadata built)."""
    with tempfile.TemporaryDirectory() as tmp:
        requirements_file = Path(tmp) / "requirements.txt"
        requirements_file.write_text("\n".join(requirements) + "\n")
        report = Path(tmp) / "report.json"
        command = [
            python,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--use-feature=fast-deps",
            "--report",
            str(report),
            "--index-url",
            index_url(),
            "-r",
            str(requirements_file),
        ]
        done = subprocess.run(
            command,
            env=pip_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tmp,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pip could not resolve:\n{done.stderr[-6000:]}")
        return json.loads(report.read_text())


def installed(report: dict) -> dict[str, dict]:
    """{normalised name: report entry} of what pip would install."""
    return {normalise(item["metadata"]["name"]): item for item in report["install"]}


def lock_lines(report: dict) -> list[str]:
    items = installed(report)
    names = sorted(items, key=lambda n: (n != "torch", n))
    return [f"{items[n]['metadata']['name']}=={items[n]['metadata']['version']}" for n in names]


def write(python: str) -> None:
    pins = [line for line in CPU_LOCK.read_text().splitlines() if "==" in line.split("#")[0]]
    report = resolve(python, [*pins, *GPU_ADDITIONS])
    GPU_LOCK.write_text(HEADER + "\n".join(lock_lines(report)) + "\n")
    print(f"wrote {GPU_LOCK.name}: {len(report['install'])} packages")


def check(python: str) -> list[str]:
    """Problems with requirements-gpu.lock: pins pip would not install as locked."""
    locked = read_pins(GPU_LOCK)
    report = resolve(python, [f"{name}=={version}" for name, version in locked.items()])
    got = {name: item["metadata"]["version"] for name, item in installed(report).items()}
    problems = [f"{n}: pip adds {v}, the lock lacks it" for n, v in got.items() if n not in locked]
    problems += [f"{n}: locked, pip leaves it out" for n in locked if n not in got]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="resolve the lock as it is")
    parser.add_argument("--python", help=f"interpreter to resolve for (default {PYTHON})")
    args = parser.parse_args(argv)
    python = find_python(args.python)
    if python is None:
        print(
            f"no Python 3.13 with pip at {args.python or PYTHON} (set PYTHON_GPU or --python)",
            file=sys.stderr,
        )
        return 2
    if args.check:
        problems = check(python)
        print("\n".join(problems) or f"{GPU_LOCK.name} resolves as locked")
        return 1 if problems else 0
    write(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
