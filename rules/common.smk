# Configuration checks and the helper functions every rule file uses.
import os
import re
import sys

from instructgen import plan
from instructgen.config import check_semantics, validate_config
from instructgen.errors import ConfigError

try:
    _validated = validate_config(config)
    check_semantics(_validated, workflow.basedir)
except ConfigError as err:
    sys.exit(f"Configuration error: {err}")
config.clear()
config.update(_validated)

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


def model_param(ref):
    """What a script needs to load a model reference (same shape for hub ids and folders)."""
    if ref.startswith("sft:"):
        return {
            "source": f"results/sft/{ref[4:]}/model",
            "kind": "causal_lm",
            "revision": None,
            "trust_remote_code": False,
            "dtype": "auto",
        }
    spec = dict(config["models"][ref])
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
        return f"results/track_b/{model}/datasets/{method}/{size}.jsonl"
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


def track_a_targets():
    """Track A: generated datasets (filtered and unfiltered) and their unions."""
    return []


def track_b_policy_param(model, method):
    """Stage 3's generator: the RL-tuned policy (refine_af) or the untuned base (self_instruct)."""
    if method == "refine_af":
        return {
            "source": f"results/track_b/{model}/rl/policy",
            "kind": "causal_lm",
            "revision": None,
            "trust_remote_code": False,
            "dtype": "auto",
        }
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
                targets.append(
                    f"results/track_b/{model}/datasets/{method}/{size}.jsonl"
                )
    return targets


def evaluation_targets():
    """SFT checkpoints evaluated on Super-NI and LongForm."""
    return []


def table_targets():
    """The papers' tables under results/tables/."""
    return []


def figure_targets():
    """The papers' figures under results/figures/."""
    return []


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
