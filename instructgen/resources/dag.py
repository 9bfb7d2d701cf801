"""Every job of the workflow's DAG under a configuration, from Snakemake's own API in this process
(the Snakefile, every input function and every param exactly as `snakemake -n` evaluates them).

`make preflight` estimates each job from its rule and wildcards; tests/replan.py also compares
params and inputs with a finished run to decide what a config change reruns.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PlannedJob:
    rule: str
    wildcards: dict[str, str]
    params: tuple[str, ...]
    inputs: tuple[str, ...]
    dependencies: tuple[tuple[str, ...], ...]  # output keys of the jobs it depends on
    # Snakemake would run it now: an output is missing, or was made from other params, inputs
    # or code (such as the default configuration's run in the same folder).
    reruns: bool = False


@contextlib.contextmanager
def _environment_restored():
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def plan_jobs(
    workdir: str | Path, configfiles: Sequence[str | Path]
) -> dict[tuple[str, ...], PlannedJob]:
    """Every job of the workflow in `workdir` under `configfiles` (layered in order over the
    Snakefile's own config.yaml), keyed by its sorted outputs."""
    return plan_dag(workdir, configfiles)[0]


def plan_dag(
    workdir: str | Path, configfiles: Sequence[str | Path]
) -> tuple[dict[tuple[str, ...], PlannedJob], dict[str, Any]]:
    """The jobs (as `plan_jobs`) and the configuration they were planned under, as the workflow
    validated it (rules/common.smk: schema defaults filled in)."""
    from snakemake.api import SnakemakeApi
    from snakemake.settings.types import (
        ConfigSettings,
        DAGSettings,
        OutputSettings,
        Quietness,
        ResourceSettings,
        StorageSettings,
    )

    workdir = Path(workdir)
    # Parsing the Snakefile sets the jobs' environment in this process (rules/common.smk);
    # patch.dict gives the caller's environment back afterwards.
    with (
        _environment_restored(),
        contextlib.redirect_stderr(io.StringIO()),
        SnakemakeApi(OutputSettings(quiet={Quietness.ALL})) as api,
    ):
        workflow_api = api.workflow(
            snakefile=workdir / "Snakefile",
            workdir=workdir,
            config_settings=ConfigSettings(configfiles=[Path(c) for c in configfiles]),
            resource_settings=ResourceSettings(cores=1),
            storage_settings=StorageSettings(),
        )
        workflow_api.dag(DAGSettings())
        workflow = workflow_api._workflow
        workflow._prepare_dag(forceall=False, ignore_incomplete=True, lock_warn_only=True)
        workflow._build_dag()
        dag, persistence = workflow.dag, workflow.persistence

        def key(job) -> tuple[str, ...]:
            return tuple(sorted(str(f) for f in job.output))

        jobs = {
            key(job): PlannedJob(
                job.rule.name,
                dict(job.wildcards_dict),
                tuple(persistence._params(job)),
                tuple(sorted(map(str, persistence._input(job)))),
                tuple(key(d) for d in dag.dependencies[job]),
                dag.needrun(job),
            )
            for job in dag.jobs
        }
        return jobs, copy.deepcopy(dict(workflow.config))


def rewritten_outputs(jobs: dict[tuple[str, ...], PlannedJob]) -> frozenset[str]:
    """The outputs (files and folders, relative to the workdir) of every job that reruns: what
    is there now is not what this configuration's run will read."""
    return frozenset(output for outputs, job in jobs.items() if job.reruns for output in outputs)
