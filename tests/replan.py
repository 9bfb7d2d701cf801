"""Planning the workflow in this process, against an unchanged run, to see what a config change
reruns.

`Planner` builds Snakemake's DAG of a configuration through Snakemake's own API
(`instructgen.resources.dag.plan_jobs`: the Snakefile, every input function and every param
exactly as `snakemake -n` evaluates them) and keeps each job's rule, wildcards, params and
inputs as Snakemake's persistence records them after a run.
`Planner.reruns(overlay)` plans the configuration with `overlay` layered on top and decides,
job by job, what Snakemake would decide against a finished run of the unchanged configuration:
a job reruns when its outputs are new (missing), when its params or its set of input files
changed (Snakemake's params and input triggers), or when a job it depends on reruns.
tests/test_workflow.py checks these decisions against `snakemake -n` on a real finished run.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from instructgen.plan import set_config_value

# Snakemake's DAG of a configuration, job by job (the library's, which `make preflight` uses too).
from instructgen.resources.dag import PlannedJob  # noqa: F401
from instructgen.resources.dag import plan_jobs as plan

# Rules with no work of their own: "all" lists targets, so its inputs follow every grid change.
IGNORED_RULES = frozenset({"all"})


@dataclass
class Reruns:
    """What a change reruns: `direct` jobs rerun for their own reason (new, params or inputs
    changed), `jobs` are those and every job downstream of them. `redone` are the direct jobs
    that redo work a finished run has: their params or inputs changed, or their outputs are
    new but include some of a finished job's (the others make only new files, such as the jobs
    of a dataset added to the grid)."""

    direct: set[tuple[str, ...]] = field(default_factory=set)
    jobs: set[tuple[str, ...]] = field(default_factory=set)
    redone: set[tuple[str, ...]] = field(default_factory=set)
    rules_of: dict[tuple[str, ...], str] = field(default_factory=dict)

    def rules(self, which: str = "jobs") -> set[str]:
        return {self.rules_of[k] for k in getattr(self, which)} - IGNORED_RULES


class Planner:
    """One configuration planned once, then changes of it planned against it."""

    def __init__(self, workdir: Path, configfiles: list[str]) -> None:
        self.workdir = workdir
        self.configfiles = [workdir / c for c in configfiles]
        self.jobs = plan(workdir, self.configfiles)

    def reruns(self, overlay: dict[str, Any]) -> Reruns:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".yaml", dir=self.workdir, delete=False
        ) as handle:
            yaml.safe_dump(overlay, handle)
        try:
            changed = plan(self.workdir, [*self.configfiles, Path(handle.name)])
        finally:
            Path(handle.name).unlink()
        result = Reruns(rules_of={k: job.rule for k, job in changed.items()})
        fresh = {out for out in changed if out not in self.jobs}
        # A fresh job that writes some of a finished job's files replaces that job.
        owner = {f: out for out in self.jobs for f in out}
        before = {
            out: self.jobs.get(out) or next(self.jobs[owner[f]] for f in out if f in owner)
            for out in changed
            if out in self.jobs or any(f in owner for f in out)
        }
        differs = {
            out
            for out, job in changed.items()
            if out in before
            and (before[out].params != job.params or before[out].inputs != job.inputs)
        }
        # Downstream: a job reruns when anything it depends on does (to a fixed point).
        result.jobs = fresh | differs
        grew = True
        while grew:
            grew = False
            for out, job in changed.items():
                if out not in result.jobs and any(d in result.jobs for d in job.dependencies):
                    result.jobs.add(out)
                    grew = True
        # A new job fed by a job that reruns is downstream of it, not a reason of its own.
        result.direct = differs | {
            out for out in fresh if not any(d in result.jobs for d in changed[out].dependencies)
        }
        result.redone = {out for out in result.direct if out in before}
        return result


_FORKED: Planner | None = None


def _reruns_in_child(overlay: dict[str, Any]) -> Reruns:
    assert _FORKED is not None
    return _FORKED.reruns(overlay)


def reruns_of_each(planner: Planner, overlays: list[dict[str, Any]]) -> list[Reruns]:
    """`planner.reruns` of every overlay, one process per core: each plan is independent, and
    forked children share the planned run (the paper configuration's ~250 plans take minutes)."""
    global _FORKED
    _FORKED = planner
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=context) as pool:
        return list(pool.map(_reruns_in_child, overlays))


def overlay_for(key: str, value: Any, config: dict[str, Any]) -> dict[str, Any]:
    """The smallest config layer that sets dotted `key` to `value` (a list of mappings is
    rewritten whole: Snakemake layers mappings, not list items)."""
    parts = key.split(".")
    for index, part in enumerate(parts):
        if part.isdigit():
            head = ".".join(parts[:index])
            items = [dict(x) for x in _get(config, head)]
            set_config_value(items[int(part)], ".".join(parts[index + 1 :]), value)
            return overlay_for(head, items, config)
    return set_config_value({}, key, value)


def _get(config: Any, path: str) -> Any:
    for part in path.split("."):
        config = config[int(part)] if isinstance(config, list) else config[part]
    return config
