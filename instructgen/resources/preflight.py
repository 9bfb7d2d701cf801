"""`make preflight`: before a configuration runs on the cluster, does each GPU job fit its card,
its time limit and the disk?

    python -m instructgen.resources.preflight --configfile configs/paper.yaml --profile profiles/slurm

Every job of the configuration's DAG (Snakemake's own, planned in this process:
`instructgen.resources.dag`) is estimated on the card the profile asks for
(`instructgen.resources.site`); writes results/preflight/<config-stem>.md (the table by rule,
totals, the submit host's peak memory, problems and assumptions) and .csv (one row per GPU job),
and exits non-zero with one line per problem, naming the job and the config key to change, when
a job's peak exceeds what its card can allocate, its estimate exceeds the partition's time
limit, or the checkpoints exceed the disk budget.

`--set KEY=VALUE` overrides an execution setting for the estimate only (the DAG is planned
without it), e.g. a batch_tokens the configuration does not have yet.

Every number is an estimate from the resource model, calibrated on the H200 figures of README
"Performance"; none is a measurement.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from instructgen import plan
from instructgen.plan import layered_config, set_config_value
from instructgen.resources import request as requests
from instructgen.resources.cards import ESTIMATE_ERROR, GIB, card
from instructgen.resources.site import site_from_profile
from instructgen.resources.steps import Estimator, JobEstimate, Site, lookup
from instructgen.resources.workloads import Workloads

REPO = Path(__file__).resolve().parents[2]
CSV_COLUMNS = ("rule", "job", "model", "gpus", "peak_gib", "card_gib", "hours", "runtime_h",
               "disk_gb")  # fmt: skip
DEFAULT_CHECKPOINT_BUDGET_TB = 2.0
DEFAULT_CONCURRENT_TRAINING = 4
TB = 1e12
# Sections whose batches a token budget caps (the configuration's `<section>.batch_tokens`).
TOKEN_BUDGET_SECTIONS = (
    "track_b.bootstrap",
    "track_a.candidates",
    "track_a.filtering",
    "fragments.llm_extraction",
    "track_b.instances",
    "track_b.classification",
    "evaluation.superni",
    "evaluation.longform",
    "evaluation.judged.responses",
    "evaluation.judged.judge",
)


@dataclass
class Report:
    config_name: str
    site: Site
    estimates: list[JobEstimate]
    problems: list[str] = field(default_factory=list)
    checkpoints: dict[str, float] = field(default_factory=dict)
    submit_host: tuple[float, str] = (0.0, "")
    assumptions: list[str] = field(default_factory=list)

    def by_rule(self) -> dict[str, list[JobEstimate]]:
        rules: dict[str, list[JobEstimate]] = defaultdict(list)
        for estimate in self.estimates:
            rules[estimate.rule].append(estimate)
        return dict(rules)

    @property
    def gpu_hours(self) -> float:
        return sum(e.gpu_hours for e in self.estimates)


def parse_set(items: Sequence[str]) -> dict[str, Any]:
    """KEY=VALUE pairs (dotted keys, YAML values) as a config layer."""
    layer: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"preflight: --set {item!r} is not KEY=VALUE")
        set_config_value(layer, key, yaml.safe_load(text))
    return layer


def run(
    configfiles: Sequence[str | Path],
    site: Site,
    *,
    overrides: Mapping[str, Any] | None = None,
    root: str | Path = REPO,
    checkpoint_budget_tb: float = DEFAULT_CHECKPOINT_BUDGET_TB,
    concurrent_training: int = DEFAULT_CONCURRENT_TRAINING,
) -> Report:
    """Plan the DAG of `configfiles` and estimate every GPU job on `site`."""
    from instructgen.resources.dag import plan_dag, rewritten_outputs

    root = Path(root).resolve()
    jobs, config = plan_dag(root, [Path(c).resolve() for c in configfiles])
    config = layered_config(config, overrides or {})
    return estimate_jobs(
        [(job.rule, job.wildcards) for job in jobs.values()],
        config,
        site,
        config_name=Path(configfiles[-1]).stem if configfiles else "config",
        root=root,
        rewritten=rewritten_outputs(jobs),
        checkpoint_budget_tb=checkpoint_budget_tb,
        concurrent_training=concurrent_training,
        overrides=overrides,
    )


def estimate_jobs(
    jobs: Sequence[tuple[str, Mapping[str, str]]],
    config: Mapping[str, Any],
    site: Site,
    *,
    config_name: str,
    root: str | Path = REPO,
    checkpoint_budget_tb: float = DEFAULT_CHECKPOINT_BUDGET_TB,
    concurrent_training: int = DEFAULT_CONCURRENT_TRAINING,
    overrides: Mapping[str, Any] | None = None,
    rewritten: Collection[str] = frozenset(),
) -> Report:
    """Estimates of `jobs` (rule, wildcards); files under `root` are measured unless they are
    among the `rewritten` outputs (resources.dag.rewritten_outputs)."""
    estimator = Estimator(config, site, root, rewritten)
    estimates = [e for rule, wc in jobs if (e := estimator.estimate(rule, wc)) is not None]
    estimates.sort(key=lambda e: (e.rule, e.job))
    report = Report(config_name, site, estimates)
    budget = site.card.budget_gib
    limit_h = site.max_runtime_minutes / 60
    for e in estimates:
        if e.peak_gib > budget:
            report.problems.append(
                f"{e.rule} {e.job}: peak {e.peak_gib:.1f} GiB exceeds the {budget:.1f} GiB "
                f"an estimate may reach on a {site.card.name} (its {site.card.allocatable_gib:.1f} "
                f"allocatable GiB less {ESTIMATE_ERROR:.0%} for the estimate's error); lower "
                f"{_keys(e.memory_keys)}" + _suggestion(e, estimator)
            )
        if e.hours > limit_h:
            report.problems.append(
                f"{e.rule} {e.job}: estimated {e.hours:.1f} h exceeds the partition's "
                f"{limit_h:g} h limit; change {_keys(e.runtime_keys)}"
            )
    report.checkpoints = checkpoint_disk(estimates, concurrent_training)
    if report.checkpoints["total"] > checkpoint_budget_tb * TB:
        largest = max(estimates, key=lambda e: e.model_bytes + e.checkpoint_bytes)
        report.problems.append(
            f"checkpoints: {report.checkpoints['total'] / TB:.2f} TB exceed the "
            f"{checkpoint_budget_tb:g} TB budget (--checkpoint-budget-tb); the largest is "
            f"{largest.rule} {largest.job} ({(largest.model_bytes + largest.checkpoint_bytes) / 1e9:.0f}"
            " GB); trim sft.baselines, track_a.datasets or sft.seq2seq_datasets, or run fewer "
            "training jobs at once (--concurrent-training)"
        )
    report.submit_host = submit_host_peak(config, estimator.workloads)
    report.assumptions = assumptions(config, concurrent_training, overrides or {})
    return report


def _keys(keys: Sequence[str]) -> str:
    return keys[0] + (f" (or {', '.join(keys[1:])})" if len(keys) > 1 else "")


def _suggestion(e: JobEstimate, estimator: Estimator) -> str:
    """For a job whose batches a token budget caps: the largest budget that fits."""
    key = e.memory_keys[0]
    section = key.removesuffix(".batch_tokens")
    if not key.endswith(".batch_tokens") or section not in TOKEN_BUDGET_SECTIONS:
        return ""
    fitting = largest_fitting_budget(e, estimator, section)
    return (
        f"; {key}: {fitting} fits" if fitting else "; no batch_tokens fits: one prompt is too long"
    )


def largest_fitting_budget(e: JobEstimate, estimator: Estimator, section: str) -> int | None:
    """The largest multiple of 1,024 tokens for `<section>.batch_tokens` under which this job's
    peak fits the card (None when not even one prompt does), the rest as `estimator` has it."""
    site, workloads = estimator.site, estimator.workloads

    def fits(budget: int) -> bool:
        budget_layer = set_config_value({}, f"{section}.batch_tokens", budget)
        trial = layered_config(estimator.config, budget_layer)
        found = Estimator(trial, site, workloads.root, workloads.rewritten).estimate(
            e.rule, e.wildcards
        )
        return found is not None and found.peak_gib <= site.card.budget_gib

    low, high = 0, 1 << 20  # in units of 1,024 tokens
    if not fits(1024):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle * 1024):
            low = middle
        else:
            high = middle
    return low * 1024


def checkpoint_disk(estimates: Sequence[JobEstimate], concurrent: int) -> dict[str, float]:
    """Disk the training jobs' checkpoints take at most: every model folder the DAG keeps (SFT
    checkpoints, reverse generators, RL policies), the resume checkpoint each of the
    `concurrent` largest training jobs holds while it runs (the Trainer keeps the newest and
    removes it when the job ends), and one more of the largest while it is being written (a
    new checkpoint is complete before the old one is deleted; jobs write every
    checkpoint_minutes, so two writing at the same moment is not assumed)."""
    kept = sum(e.model_bytes for e in estimates)
    held = sorted((e.checkpoint_bytes for e in estimates), reverse=True)
    resume = sum(held[:concurrent]) + (held[0] if held else 0.0)
    written = sum(e.disk_bytes for e in estimates if e.model_bytes)
    return {
        "kept": kept,
        "resume": resume,
        "total": kept + resume,
        "written": written,
        "largest_resume": held[0] if held else 0.0,
    }


# -- the submit host ---------------------------------------------------------------------------

# Python objects of parsed text (str headers, dicts, lists) take several times their bytes.
PYTHON_OBJECT_FACTOR = 3.0
INTERPRETER_BYTES = 0.3 * GIB
BYTES_PER_WORD = 6.5
# The largest unit a streaming reader holds before the files are fetched (then measured):
# a Parquet row group of the pinned Wikipedia/LongForm files, a Super-NI task file (each task
# is one JSON document), a JSON line of C4 or Dolly.
ASSUMED_UNIT_BYTES = {
    "parquet row group": 256 * 2**20,
    "Super-NI task file": 256 * 2**20,
    "JSON line": 1 * 2**20,
}


def submit_host_peak(config: Mapping[str, Any], workloads: Workloads) -> tuple[float, str]:
    """The largest host memory of the local rules that read corpora (sample_passages,
    build_supervised_corpus, prepare_instruction_data, prepare_superni_test,
    prepare_longform_test, prepare_reference_instructions): readers stream, so each holds its
    source's largest unit (row group, task file or record) as Python objects plus the sample
    it keeps. Returns (bytes, which rule and why)."""
    unsupervised = config["unsupervised_corpus"]
    passage_bytes = unsupervised["max_words"] * BYTES_PER_WORD
    superni_tasks = _largest_unit(workloads, "superni", "Super-NI task file")
    candidates = {
        "sample_passages": (
            _largest_unit(workloads, "wikipedia", "parquet row group")
            + (unsupervised["wikipedia_passages"] + unsupervised["c4_passages"]) * passage_bytes,
            "a Wikipedia row group and the kept passages",
        ),
        "build_supervised_corpus": (
            superni_tasks + config["supervised_corpus"]["superni_outputs"] * 1024,
            "a Super-NI task file and the kept outputs",
        ),
        "prepare_instruction_data": (
            superni_tasks + 75_317 * 2048,
            "a Super-NI task file and the kept training instances",
        ),
        "prepare_superni_test": (
            superni_tasks + 119 * config["evaluation"]["superni"]["max_instances_per_task"] * 4096,
            "a Super-NI task file and the test items",
        ),
        "prepare_longform_test": (
            _largest_unit(workloads, "longform_test", "parquet row group")
            + config["evaluation"]["longform"]["max_items"] * 4096,
            "the LongForm test file",
        ),
        "prepare_reference_instructions": (
            _largest_unit(workloads, "self_instruct_gpt3", "JSON line") + 82_000 * 512,
            "Self-Instruct's GPT-3 instructions",
        ),
    }
    rule, (held, why) = max(candidates.items(), key=lambda item: item[1][0])
    peak = held * PYTHON_OBJECT_FACTOR + INTERPRETER_BYTES
    return peak, f"{rule}: {why}"


def _largest_unit(workloads: Workloads, source: str, kind: str) -> float:
    """The largest unit of a fetched source (measured), else the assumption for its kind."""
    folder = workloads.file(plan.SOURCE.format(source=source))
    if folder and folder.is_dir():
        files = [p for p in folder.rglob("*") if p.is_file()]
        if kind == "parquet row group":
            groups = [_parquet_row_groups(p) for p in files if p.suffix == ".parquet"]
            if any(groups):
                return float(max(max(g) for g in groups if g))
        elif files:
            # A task file or a JSON-lines file: the largest file bounds its largest record.
            return float(max(p.stat().st_size for p in files))
    return float(ASSUMED_UNIT_BYTES[kind])


def _parquet_row_groups(path: Path) -> list[int]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)]


# -- report --------------------------------------------------------------------------------------


def assumptions(
    config: Mapping[str, Any], concurrent: int, overrides: Mapping[str, Any]
) -> list[str]:
    from instructgen.resources import steps

    budgets = {s: lookup(config, f"{s}.batch_tokens") for s in TOKEN_BUDGET_SECTIONS}
    lines = [
        "batch_tokens: "
        + ", ".join(f"{s} {v if v else 'absent (batch_size only)'}" for s, v in budgets.items()),
        "each prompt prefilled once for its k samples"
        if steps.PREFILL_ONCE
        else "each sample prefilled separately",
        "every row of a batch decodes max_new_tokens (a row that stops early only lowers this)",
        "training checkpoints: sharded every "
        f"{lookup(config, 'sft.checkpoint_minutes', steps.DEFAULT_CHECKPOINT_MINUTES):g} minutes "
        "(sft.checkpoint_minutes), one full save in the model's dtype at the end",
        f"checkpoint disk counts the resume checkpoints of {concurrent} training jobs at once",
        f"LongForm: {lookup(config, 'evaluation.longform.shards', 1)} shard(s) a checkpoint "
        "(evaluation.longform.shards; 1 when the key is absent)",
    ]
    if overrides:
        lines.append(f"--set overrides (estimate only): {overrides}")
    return lines


def markdown(report: Report, configfiles: Sequence[str], profile: str) -> str:
    site, card_ = report.site, report.site.card
    out = io.StringIO()
    w = out.write
    w(f"# Preflight: {', '.join(configfiles)} on {card_.name} ({profile})\n\n")
    w(
        "Estimates from the resource model (`instructgen.resources`), calibrated on the H200 "
        'figures of README "Performance"; not measurements. Peak memory is one GPU\'s; hours '
        "are wall-clock per job; GPU-hours are hours x GPUs.\n\n"
    )
    w(
        f"Card: {card_.name}, {card_.memory_gib:g} GiB, of which a job can allocate "
        f"{card_.allocatable_gib:.1f} GiB and an estimate may reach {card_.budget_gib:.1f} "
        f"(less {ESTIMATE_ERROR:.0%} for the estimates' error); partition limit {site.max_runtime_minutes / 60:g} h; "
        f"GPUs per job: "
        + ", ".join(f"{r} {n}" for r, n in sorted(site.gpus.items()) if n > 1)
        + " (1 for the other rules).\n\n"
    )
    w("| rule | jobs | GPUs/job | GPU-hours | longest job (h) | peak GiB | disk written (GB) |\n")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for rule, items in sorted(report.by_rule().items()):
        w(
            f"| {rule} | {len(items)} | {items[0].gpus} | {sum(e.gpu_hours for e in items):,.1f} "
            f"| {max(e.hours for e in items):,.2f} | {max(e.peak_gib for e in items):.1f} "
            f"| {sum(e.disk_bytes for e in items) / 1e9:,.1f} |\n"
        )
    total_disk = sum(e.disk_bytes for e in report.estimates) / 1e9
    w(
        f"| **total** | {len(report.estimates)} | | **{report.gpu_hours:,.1f}** | | "
        f"| {total_disk:,.1f} |\n\n"
    )
    c = report.checkpoints
    w("## Totals\n\n")
    w(f"- GPU-hours: **{report.gpu_hours:,.1f}** over {len(report.estimates)} GPU jobs.\n")
    w(
        f"- Checkpoint disk: **{c['total'] / TB:.2f} TB** = model checkpoints kept "
        f"{c['kept'] / TB:.2f} TB + resume checkpoints of the largest training jobs running at "
        f"once, one of them being replaced, {c['resume'] / TB:.2f} TB (one job holds "
        f"{c['largest_resume'] / 1e9:,.0f} GB at most); the training jobs write "
        f"{c['written'] / TB:.2f} TB in all, checkpoints included.\n"
    )
    peak, why = report.submit_host
    w(f"- Submit host peak memory: {peak / GIB:.1f} GiB ({why}).\n\n")
    w("## Problems\n\n")
    w("".join(f"- {p}\n" for p in report.problems) or "None: every job fits.\n")
    w("\n## Assumptions\n\n")
    w("".join(f"- {a}\n" for a in report.assumptions))
    w("\n## Largest job of each rule\n\n")
    for rule, items in sorted(report.by_rule().items()):
        e = max(items, key=lambda x: x.peak_gib)
        parts = ", ".join(f"{k} {v / GIB:.1f}" for k, v in e.memory.parts.items())
        w(f"- {rule} {e.job} ({e.model}): {e.peak_gib:.1f} GiB = {parts}; {'; '.join(e.notes)}\n")
    return out.getvalue()


def rows(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "rule": e.rule,
            "job": e.job,
            "model": e.model,
            "gpus": e.gpus,
            "peak_gib": f"{e.peak_gib:.2f}",
            "card_gib": f"{report.site.card.budget_gib:.2f}",
            "hours": f"{e.hours:.3f}",
            "runtime_h": f"{requests.runtime_minutes(e.hours, report.site.max_runtime_minutes) / 60:.2f}",
            "disk_gb": f"{e.disk_bytes / 1e9:.2f}",
        }
        for e in report.estimates
    ]


def write(report: Report, out_dir: str | Path, configfiles: Sequence[str], profile: str) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    md = out / f"{report.config_name}.md"
    md.write_text(markdown(report, configfiles, profile))
    with open(out / f"{report.config_name}.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(report))
    return md


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configfile", nargs="+", default=["configs/paper.yaml"])
    parser.add_argument("--profile", default="profiles/slurm")
    parser.add_argument("--card", help="the card to check against (default: the profile's)")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE")
    parser.add_argument("--checkpoint-budget-tb", type=float, default=DEFAULT_CHECKPOINT_BUDGET_TB)
    parser.add_argument(
        "--concurrent-training",
        type=int,
        default=DEFAULT_CONCURRENT_TRAINING,
        help="training jobs holding resume checkpoints at once",
    )
    parser.add_argument("--out-dir", default="results/preflight")
    args = parser.parse_args(argv)
    site = site_from_profile(args.profile, card_name=args.card)
    if args.card:
        card(args.card)  # an unknown name fails here, with the known ones
    report = run(
        args.configfile,
        site,
        overrides=parse_set(args.set),
        checkpoint_budget_tb=args.checkpoint_budget_tb,
        concurrent_training=args.concurrent_training,
    )
    md = write(report, args.out_dir, args.configfile, args.profile)
    print(
        f"preflight: {len(report.estimates)} GPU jobs, {report.gpu_hours:,.1f} GPU-hours, "
        f"checkpoints {report.checkpoints['total'] / TB:.2f} TB on {site.card.name}: {md}"
    )
    for problem in report.problems:
        print(f"preflight: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
