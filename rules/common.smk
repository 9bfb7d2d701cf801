# Configuration checks and the helpers the rule files share. Every name and path comes from
# instructgen.plan (STUDY below), every rule's settings from instructgen.settings; rules never
# build or split a name themselves, and never pass a config section whole.
import sys

from snakemake.io import report as report_flag

from instructgen import plan, settings
from instructgen.tables import specs as tables
from instructgen.config import validate_config
from instructgen.errors import ConfigError
from instructgen.figures import catalog
from instructgen.standins import names as standins

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
