# Configuration checks and the helpers the rule files share. Every name and path comes from
# instructgen.plan (STUDY below), every rule's settings from instructgen.settings; rules never
# build or split a name themselves, and never pass a config section whole.
import os
import sys

from snakemake.io import report as report_flag

from instructgen import environment, plan, settings
from instructgen.resources import request as resource_request
from instructgen.resources import site as resource_site
from instructgen.tables import specs as tables
from instructgen.config import validate_config
from instructgen.errors import ConfigError
from instructgen.figures import catalog
from instructgen.standins import names as standins

# Every job runs with the workflow's environment (instructgen/environment.py: NLTK_DATA,
# PYTHONHASHSEED, HF_HUB_OFFLINE, ...) however Snakemake was started, with or without `make`:
# set in this process while the Snakefile is parsed, it is inherited by local jobs (its
# subprocesses) and by SLURM jobs (sbatch --export=ALL; each job parses the Snakefile again).
environment.apply(os.environ, workflow.basedir)

try:
    _validated = validate_config(config, workflow.basedir)
except ConfigError as err:
    sys.exit(f"Configuration error: {err}")
config.clear()
config.update(_validated)

# The parser is only loaded by the diversity figures, at the end of a long run: say now if it
# cannot be (a warning, so that dry runs of the paper config still plan on machines without it).
# benepar's check imports NLTK; Link Grammar's only looks for files, so it costs nothing.
if config["analysis"]["parser"] == "benepar":
    from instructgen.diversity.trees import parser_problem

    _parser_problem = parser_problem("benepar")
else:
    from instructgen import link_grammar

    _parser_problem = link_grammar.problem()
if _parser_problem:
    print(f"Warning: config key 'analysis.parser': {_parser_problem}", file=sys.stderr)

STUDY = plan.Study(config)


# One grammar for every wildcard of every rule (instructgen.plan's), plus the names the
# configuration defines: built encoder-decoder backbones and fetched models.
wildcard_constraints:
    source="|".join(config["corpora"]),
    baseline="|".join(plan.BASELINES),
    backbone="|".join(STUDY.built_seq2seq_backbones()) or "(?!)",
    fetched="|".join(STUDY.fetched_models()) or "(?!)",
    org=plan.HUB_PART,
    repo=plan.HUB_PART,
    corpus="|".join(plan.CORPORA),
    strategy="|".join(plan.STRATEGIES),
    generator=plan.GENERATOR,
    filter=plan.FILTER,
    size=plan.SIZE,
    combined=plan.COMBINED_NAME,
    mixture=plan.COMBINED_NAME,
    model=plan.MODEL_NAME,
    method="|".join(plan.TRACK_B_METHODS),
    dataset=plan.DATASET_WILDCARD,
    shard=r"\d+",
    shards=r"\d+",
    table="|".join(tables.TABLES),
    reference="|".join(catalog.ROUGE_REFERENCES),
    group="|".join(catalog.LOSS_GROUPS),
    judged_set="|".join(plan.JUDGED_SETS),


def step_params(step):
    """A rule's `settings` param: the result-changing part of its step's settings for each
    job, so a job reruns exactly when what it writes would change (instructgen.settings).
    """
    return lambda wildcards: step.from_config(
        config, **dict(wildcards.items())
    ).params()


# The card, GPUs per rule and time limit the profile gives GPU jobs (its set-resources); a
# profile without them (profiles/local) gets the paper's card, whose numbers nothing enforces.
SITE = resource_site.site_from_resources(workflow.resource_settings.overwrite_resources)
# What a job asks for when the resource model has no estimate for it (a model whose shape it
# cannot read before the model is fetched): generous host memory, the partition's limit.
FALLBACK_REQUEST = {"mem_mb": 64000, "runtime": SITE.max_runtime_minutes}
_requests = {}


def requested(rulename, wildcards):
    """What one GPU job asks SLURM for: the resource model's estimate of it on the profile's
    card (instructgen.resources.request), computed once per job."""
    key = (rulename, tuple(wildcards.items()))
    if key not in _requests:
        try:
            _requests[key] = resource_request.request(
                rulename, dict(wildcards.items()), config, SITE
            )
        except (ValueError, KeyError, ConfigError) as err:
            print(
                f"Warning: no resource estimate for {rulename} ({err}); asking for "
                f"{FALLBACK_REQUEST}",
                file=sys.stderr,
            )
            _requests[key] = FALLBACK_REQUEST
    return _requests[key]


def job_resource(name):
    """Resource `name` (mem_mb, runtime) of a GPU job, from its estimate (twice the
    estimated time, at most the partition's limit; the host memory the job loads into).
    Snakemake gives a resource function that asks for `rulename` the job's rule name."""
    return lambda wildcards, rulename: requested(rulename, wildcards)[name]


def corpus_files(wildcards):
    """A local corpus file or folder is an input of its fetch, so editing it reruns what
    depends on it (every file of a folder: a folder's time stamp does not change on edits).
    """
    return STUDY.source_files(wildcards.source)


def diversity_figures(ext):
    """Sunburst files; the PNGs are registered in the report under their paper."""
    sets = catalog.diversity_sets(STUDY)
    paths = [plan.DIVERSITY_FIGURE.format(name=s.name, ext=ext) for s in sets]
    if ext != "png":
        return paths
    return [
        report_flag(
            path,
            caption="../report/diversity.rst",
            category=s.paper,
            subcategory="Instruction diversity",
            labels={"instructions": s.title},
        )
        for path, s in zip(paths, sets)
    ]


def all_targets():
    """Everything the configured study produces."""
    configured = tables.configured_tables(STUDY)
    return STUDY.targets(configured) + catalog.figures(STUDY)
