# Configuration checks and the helper functions every rule file uses.
import os
import re
from pathlib import Path
import sys

from snakemake.io import report as report_flag

from instructgen import analysis, plan
from instructgen.config import check_semantics, validate_config
from instructgen.errors import ConfigError

try:
    _validated = validate_config(config)
    check_semantics(_validated, workflow.basedir)
except ConfigError as err:
    sys.exit(f"Configuration error: {err}")
config.clear()
config.update(_validated)

# The parser is only loaded by the diversity figures, at the end of a long run: say now if it
# cannot be (a warning, so that dry runs of the paper config still plan on machines without it).
# benepar's check imports NLTK; Link Grammar's only looks for files, so it costs nothing.
_parser_problem = None
if config["analysis"]["parser"] == "benepar":
    from instructgen.diversity import parser_problem

    _parser_problem = parser_problem("benepar")
elif config["analysis"]["parser"] == "link_grammar":
    from instructgen import link_grammar

    _parser_problem = link_grammar.problem()
if _parser_problem:
    print(f"Warning: config key 'analysis.parser': {_parser_problem}", file=sys.stderr)

SEED = config["seed"]
INSTRUCTION_DATA = ("superni_train", "dolly", "self_instruct_seeds")
INSTRUCTION_SOURCES = {
    "superni_train": "superni",
    "dolly": "dolly",
    "self_instruct_seeds": "self_instruct_seeds",
    "longform": "longform_test",
}
RULE_STRATEGIES = ("whole", "keywords", "random_sentence")
# Track B's {model} wildcard: exactly the configured base models.
TRACK_B_MODELS = "|".join(re.escape(m) for m in config["track_b"]["base_models"])


wildcard_constraints:
    corpus="unsupervised|supervised",
    strategy="|".join(RULE_STRATEGIES),
    name="[a-z0-9_]+",
    dataset="[A-Za-z0-9_.-]+",


def source_dir(name):
    return f"resources/sources/{name}"


def local_source(wildcards):
    """A shipped file or folder is an input of its fetch, so editing it reruns what depends on it."""
    source = config["corpora"][wildcards.name]["source"]
    if source.startswith(("http://", "https://")):
        return []
    if os.path.isdir(source):
        # Every file, not the folder: a folder's time stamp does not change when a file in it is edited.
        return sorted(str(p) for p in Path(source).rglob("*") if p.is_file())
    return source


def instruction_data(names=INSTRUCTION_DATA):
    return [f"results/corpora/instruction_data/{n}.jsonl" for n in names]


def model_input(ref):
    """The files a model reference depends on: built models and SFT checkpoints, else none."""
    if ref.startswith("sft:"):
        return f"results/sft/{ref[4:]}/model"
    spec = config["models"][ref]
    if spec["source"] == "build":
        return f"results/models/{ref}"
    if os.path.isdir(spec["source"]):
        return spec["source"]
    return []


def folder_model_param(folder):
    """A causal LM that this workflow trained and saved (SFT checkpoint, RL policy)."""
    return {
        "source": folder,
        "kind": "causal_lm",
        "revision": None,
        "trust_remote_code": False,
        "dtype": "auto",
        "backend": config["generation"]["backend"],
    }


def model_param(ref):
    """What a script needs to load a model reference (same shape for hub ids and folders),
    with the generation backend every generating stage uses (config generation.backend).
    """
    if ref.startswith("sft:"):
        return folder_model_param(f"results/sft/{ref[4:]}/model")
    spec = dict(config["models"][ref], backend=config["generation"]["backend"])
    if spec["source"] == "build":
        spec["source"] = f"results/models/{ref}"
    return spec


def sft_dataset_path(name):
    """The instruction dataset behind an SFT dataset name (see instructgen.plan)."""
    if name in plan.BASELINES:
        return f"results/corpora/instruction_data/{name}.jsonl"
    if name.startswith("a.combined."):
        return f"results/track_a/datasets/combined/{name[len('a.combined.'):]}.jsonl"
    if name.startswith("a."):
        for dataset in plan.track_a_datasets(config):
            if dataset.name == name:
                return dataset.path
    if name.startswith("b."):
        _, model, method, size = name.split(".")
        return plan.track_b_dataset_path(model, method, size)
    raise ValueError(f"unknown SFT dataset {name!r}")


def sft_base_model(name):
    """Track B datasets fine-tune the backbone that generated them; all else the base model."""
    return name.split(".")[1] if name.startswith("b.") else "base"


def foundation_targets():
    """Corpora, tiny models and every fragment set."""
    targets = [
        "results/corpora/unsupervised.jsonl",
        "results/corpora/supervised.jsonl",
        "results/corpora/superni_test.jsonl",
        "results/corpora/longform_test.jsonl",
    ]
    targets += [
        f"results/models/{name}"
        for name in ("base", "reward", "unieval")
        if config["models"][name]["source"] == "build"
    ]
    for strategy in config["fragments"]["strategies"]:
        targets.append(f"results/fragments/unsupervised/{strategy}.jsonl")
    targets.append("results/fragments/supervised/whole.jsonl")
    return targets


def generator_data_inputs(generator):
    """The prepared instruction data a generator's training source draws on."""
    from instructgen.track_a import SOURCE_FILES

    names = SOURCE_FILES[generator.rsplit("-", 1)[0]]
    return dict(zip(names, instruction_data(names)))


def generator_param(generator):
    """A trained reverse instruction generator, loaded like the base model it was tuned from."""
    return {**model_param("base"), "source": f"results/track_a/generators/{generator}"}


def filter_ref(filter_dir):
    """A dataset's filter folder name back to its model reference ("sft-x" -> "sft:x")."""
    return f"sft:{filter_dir[4:]}" if filter_dir.startswith("sft-") else filter_dir


def track_a_shards(pattern, shards, **wildcards):
    """The shard files of one sharded Track A step (the count is part of each file name)."""
    return [pattern.format(shard=i, shards=shards, **wildcards) for i in range(shards)]


def combined_part_ids(name):
    """The dataset ids a combined Track A set unions (config track_a.combined)."""
    for entry in config["track_a"]["combined"]:
        if entry["name"] == name:
            return entry["parts"]
    raise ValueError(f"unknown combined dataset {name!r}")


def combined_parts(name):
    return [plan.parse_dataset_id(part).path for part in combined_part_ids(name)]


def track_a_targets():
    """Track A: every configured generator, the generated datasets (filtered and unfiltered)
    and their unions."""
    targets = [f"results/track_a/generators/{g}" for g in plan.generator_ids(config)]
    targets += [dataset.path for dataset in plan.track_a_datasets(config)]
    targets += [
        f"results/track_a/datasets/combined/{entry['name']}.jsonl"
        for entry in config["track_a"]["combined"]
    ]
    return targets


def track_b_policy_param(model, method):
    """Stage 3's generator: the RL-tuned policy (refine_af) or the untuned base (self_instruct)."""
    if method == "refine_af":
        return folder_model_param(f"results/track_b/{model}/rl/policy")
    return model_param(model)


def track_b_policy_input(model, method):
    if method == "refine_af":
        return f"results/track_b/{model}/rl/policy"
    return model_input(model)


def track_b_shards(model, method):
    shards = config["track_b"]["instances"]["shards"]
    return [
        f"results/track_b/{model}/instances/{method}/shard{k}.jsonl"
        for k in range(shards)
    ]


def track_b_targets():
    """Track B: bootstrapped instructions, RL-tuned policies and instance datasets."""
    targets = []
    for model in config["track_b"]["base_models"]:
        targets.append(f"results/track_b/{model}/bootstrap/instructions.jsonl")
        targets.append(f"results/track_b/{model}/rl/rewards.csv")
        targets.append(f"results/track_b/{model}/rl/policy")
        for method in plan.TRACK_B_METHODS:
            for size in plan.track_b_sizes(config):
                targets.append(plan.track_b_dataset_path(model, method, size))
    return targets


def evaluated_model_ref(name):
    """The model reference behind an evaluated name: the base model or an SFT checkpoint (a
    Track B checkpoint was itself fine-tuned from its own backbone, see sft_base_model).
    """
    return "base" if name == "base" else f"sft:{name}"


def evaluation_names():
    """plan.evaluated_models, less the names of a track that builds nothing in this workflow
    (one whose target function is still empty), so the DAG never asks for a missing rule.
    """
    tracks = {"a.": track_a_targets(), "b.": track_b_targets()}
    return [
        name
        for name in plan.evaluated_models(config)
        if all(
            targets or not name.startswith(prefix) for prefix, targets in tracks.items()
        )
    ]


def superni_shard_paths(name):
    n = config["evaluation"]["superni"]["shards"]
    return [
        f"results/evaluation/superni/{name}/shards/{k}-of-{n}.jsonl" for k in range(n)
    ]


def evaluation_targets():
    """SFT checkpoints evaluated on Super-NI and LongForm."""
    return [
        f"results/evaluation/{benchmark}/{name}/metrics.json"
        for name in evaluation_names()
        for benchmark in ("superni", "longform")
    ]


def table_inputs(table):
    """Metric files (and checkpoint folders, for data sizes) that a table's rows read."""
    from instructgen import tables

    return tables.table_inputs(table, config, evaluation_names())


def table_targets():
    """The papers' tables under results/tables/."""
    from instructgen import tables

    return [
        f"results/tables/{table}.{ext}"
        for table in tables.configured_tables(config, evaluation_names())
        for ext in ("md", "csv")
    ]


def figure_targets():
    """The papers' figures under results/figures/, the verb-noun table and the tables page."""
    return analysis.figure_targets(config)


def superni_metrics_path(name):
    return f"results/evaluation/superni/{name}/metrics.json"


def diversity_sets():
    """Each sunburst's instruction file, record field, paper and title (as plain dicts)."""
    return [vars(s) for s in analysis.diversity_sets(config)]


def diversity_figures(ext):
    """Sunburst files; the PNGs are registered in the report under their paper."""
    paths = {
        s.name: f"results/figures/diversity/{s.name}.{ext}"
        for s in analysis.diversity_sets(config)
    }
    if ext != "png":
        return list(paths.values())
    return [
        report_flag(
            paths[s.name],
            caption="../report/diversity.rst",
            category=s.paper,
            subcategory="Instruction diversity",
            labels={"instructions": s.title},
        )
        for s in analysis.diversity_sets(config)
    ]


def published_unique_pairs():
    """REFINE-AF's unique verb-noun pair counts per 'all' dataset (analysis.show_published)."""
    if not config["analysis"]["show_published"]:
        return {}
    counts = {}
    for name in analysis.track_b_all_names(config):
        _, model, method, _ = name.split(".")
        source = config["models"].get(model, {}).get("source")
        if method == "refine_af" and source in analysis.PUBLISHED_UNIQUE_PAIRS:
            counts[name] = analysis.PUBLISHED_UNIQUE_PAIRS[source]
    return counts


def published_reward_spearman(model):
    if not config["analysis"]["show_published"]:
        return None
    source = config["models"].get(model, {}).get("source")
    return analysis.PUBLISHED_REWARD_SPEARMAN.get(source)


def size_curve_points():
    """REFINE-AF Fig. 7: one point per Track B dataset (series = backbone and method)."""
    points = []
    for name in plan.track_b_names(config):
        _, model, method, _ = name.split(".")
        points.append(
            {
                "series": f"{model} {method}",
                "dataset": sft_dataset_path(name),
                "metrics": superni_metrics_path(name),
            }
        )
    return points


def strategy_points():
    """Paper 1 Fig. 3: one bar per unsupervised Track A dataset, grouped by strategy."""
    points = []
    for strategy, names in analysis.strategy_datasets(config).items():
        for name in names:
            _, _, _, generator, filt, size = name.split(".")
            variant = f"{generator}, filter {filt}" + (
                "" if size == "all" else f", {size}"
            )
            points.append(
                {
                    "strategy": strategy,
                    "variant": variant,
                    "metrics": superni_metrics_path(name),
                }
            )
    return points


def loss_logs(group):
    return {
        name: f"results/sft/{name}/model"
        for name in analysis.loss_groups(config)[group]
    }


def report_tables():
    """Every Markdown table of the configured study, for the report's tables page."""
    tables = [t for t in table_targets() if t.endswith(".md")]
    return tables + ["results/tables/verb_noun_pairs.md"]


def all_targets():
    """Everything the configured study produces."""
    return (
        foundation_targets()
        + track_a_targets()
        + track_b_targets()
        + evaluation_targets()
        + table_targets()
        + figure_targets()
    )
