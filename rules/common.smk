# Configuration checks and the helpers the rule files share. Every name and path comes from
# instructgen.plan (STUDY below); rules never build or split one themselves.
import sys

from snakemake.io import report as report_flag

from instructgen import plan, tables
from instructgen.config import validate_config
from instructgen.errors import ConfigError

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
    from instructgen.diversity import parser_problem

    _parser_problem = parser_problem("benepar")
else:
    from instructgen import link_grammar

    _parser_problem = link_grammar.problem()
if _parser_problem:
    print(f"Warning: config key 'analysis.parser': {_parser_problem}", file=sys.stderr)

STUDY = plan.Study(config)
SEED = config["seed"]


def corpus_files(wildcards):
    """A local corpus file or folder is an input of its fetch, so editing it reruns what
    depends on it (every file of a folder: a folder's time stamp does not change on edits).
    """
    return STUDY.source_files(wildcards.name)


def diversity_figures(ext):
    """Sunburst files; the PNGs are registered in the report under their paper."""
    sets = STUDY.diversity_sets()
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
    return STUDY.targets(tables.configured_tables(STUDY))
