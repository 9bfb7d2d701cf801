"""Configuration checks that run when the workflow starts, before any job.

The JSON schema (schemas/config.schema.yaml) catches wrong types, unknown keys and malformed
names, and Snakemake's own validation fills its defaults; `check_semantics` catches what a
schema cannot: references between sections, names that instructgen.plan cannot parse, and
input files that do not exist. Every error names the key path.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from instructgen import plan
from instructgen.errors import ConfigError
from instructgen.hub import url_revision_problem

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "config.schema.yaml"
URL = re.compile(r"^https?://")


@functools.cache
def _schema_validator(path: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(path))


def load_schema(path: str | Path = SCHEMA_PATH) -> dict[str, Any]:
    # libyaml's loader: the pure-Python one takes a third of a second on the schema.
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _key_path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    if error.validator == "additionalProperties":
        unknown = re.findall(r"'([^']+)' was unexpected", error.message)
        if unknown:
            parts.append(unknown[0])
            return ".".join(parts)
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        if missing:
            parts.append(missing[0])
    return ".".join(parts) or "<top level>"


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return "unknown key (not in schemas/config.schema.yaml)"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {error.validator_value}"
    if error.validator == "pattern":
        return f"{error.instance!r} is not a valid name here (pattern {error.validator_value})"
    if error.validator == "propertyNames":
        return f"{error.instance!r} is not a valid name (letters, digits, '_' and '-' only)"
    return error.message


def check_schema(config: Any, schema_path: str | Path = SCHEMA_PATH) -> None:
    """Raise the deepest schema error as one line naming its key path."""
    if not isinstance(config, dict):
        raise ConfigError("<top level>", "the configuration must be a mapping")
    validator = _schema_validator(str(schema_path))
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        error = max(errors, key=lambda e: len(list(e.absolute_path)))
        raise ConfigError(_key_path(error), _message(error))


def validate_config(
    config: dict[str, Any], workdir: str | Path | None = None, schema_path: str | Path = SCHEMA_PATH
) -> dict[str, Any]:
    """Check the schema, fill its defaults (Snakemake's validation) and, given the working
    folder, the cross-references and input files. Returns the completed config."""
    from snakemake.utils import validate

    check_schema(config, schema_path)
    completed = copy.deepcopy(config)
    validate(completed, str(schema_path), set_default=True)
    completed = copy.deepcopy(completed)  # defaults are the schema's own objects
    if workdir is not None:
        check_semantics(completed, workdir)
    return completed


def _parse(key: str, parse, text: Any):
    try:
        return parse(text)
    except ValueError as error:
        raise ConfigError(key, str(error)) from None


def check_model_pin(name: str, model: dict[str, Any]) -> None:
    """fetch_model's pin rules, checked before any job: a hub model names its commit."""
    source, revision = model["source"], model.get("revision")
    if source == plan.BUILD or plan.is_local_source(source):
        if revision is not None:
            raise ConfigError(
                f"models.{name}.revision", f"{source} is not a hub id, so it has no revision"
            )
    elif revision is None and not model.get("allow_unpinned"):
        raise ConfigError(
            f"models.{name}.revision",
            f"{source} needs a pinned commit (or allow_unpinned: true, logged when fetched)",
        )
    elif revision is not None and not plan.COMMIT.match(revision):
        raise ConfigError(
            f"models.{name}.revision", f"{revision!r} is not a commit hash (40 hex digits)"
        )


def check_semantics(config: dict[str, Any], workdir: str | Path = ".") -> None:
    """Cross-references, names and input files; raises ConfigError naming the key."""
    workdir = Path(workdir)
    for name, entry in config["corpora"].items():
        source = entry["source"]
        if URL.match(source):
            pinned = entry.get("sha256") or entry.get("git_blob_sha1") or entry.get("git_tree_sha1")
            allowed = entry.get("allow_unpinned") or config.get("allow_unpinned_downloads")
            if not pinned and not allowed:
                raise ConfigError(
                    f"corpora.{name}.sha256",
                    "a URL source needs a pinned checksum (or allow_unpinned: true)",
                )
            problem = url_revision_problem(source, entry.get("revision"))
            if problem:
                raise ConfigError(f"corpora.{name}.{problem[0]}", problem[1])
        elif not (workdir / source).exists():
            raise ConfigError(
                f"corpora.{name}.source", f"input file or folder does not exist: {source}"
            )
    for name in plan.EVALUATION_SOURCES:
        for trained, source in plan.BASELINE_SOURCES.items():
            if config["corpora"][source]["source"] == config["corpora"][name]["source"]:
                raise ConfigError(
                    f"corpora.{source}.source",
                    f"is the evaluation set corpora.{name}.source, and the '{trained}' "
                    "dataset would train on it: point it at the training split",
                )
    for name, model in config["models"].items():
        source = model["source"]
        if name == plan.NO_FILTER:
            raise ConfigError(f"models.{name}", f"'{name}' means no filter; name the model else")
        if source.startswith((".", "/")) and not (workdir / source).exists():
            raise ConfigError(f"models.{name}.source", f"model folder does not exist: {source}")
        check_model_pin(name, model)
    for name in config["models"]:
        if name in plan.BASELINES:
            raise ConfigError(f"models.{name}", f"'{name}' is a dataset's name; name it else")
    for index, name in enumerate(config["sft"]["seq2seq_backbones"]):
        model = config["models"].get(name)
        if model is None or model["kind"] != "seq2seq":
            raise ConfigError(
                f"sft.seq2seq_backbones.{index}", f"'{name}' is not a model of kind seq2seq"
            )
    for required in (plan.BASE, "reward", "unieval"):
        if required not in config["models"]:
            raise ConfigError(f"models.{required}", "this model is required by the pipeline")
    if config["sft"]["load_in_4bit"] and not config["sft"]["use_lora"]:
        raise ConfigError("sft.load_in_4bit", "4-bit weights cannot be trained: set sft.use_lora")
    study = plan.Study(config)
    generators = {g.name for g in study.generators()}
    strategies = set(config["fragments"]["strategies"])
    for index, entry in enumerate(config["track_a"]["datasets"]):
        key = f"track_a.datasets.{index}"
        for generator in entry["generator"]:
            if _parse(f"{key}.generator", plan.Generator.parse, generator).name not in generators:
                raise ConfigError(f"{key}.generator", f"'{generator}' is not in track_a.generators")
        for strategy in entry["strategy"]:
            if strategy not in strategies:
                raise ConfigError(f"{key}.strategy", f"'{strategy}' is not in fragments.strategies")
        for size in entry.get("size", ["all"]):
            if size != "all" and not (isinstance(size, int) and size > 0):
                raise ConfigError(f"{key}.size", f"{size!r} is neither 'all' nor a count")
        for filt in entry["filter"]:
            _parse(f"{key}.filter", plan.parse_filter, filt)
    buildable = {d.name for d in study.buildable_datasets()}
    for index, name in enumerate(config["sft"]["seq2seq_datasets"]):
        if _parse(f"sft.seq2seq_datasets.{index}", plan.parse_dataset, name).name not in buildable:
            raise ConfigError(
                f"sft.seq2seq_datasets.{index}", f"'{name}' is not a configured dataset"
            )
    for key, text in study.model_refs():
        ref = _parse(key, plan.ModelRef.parse, text)
        if ref.dataset and ref.dataset.name not in buildable:
            raise ConfigError(key, f"'{text}' names no SFT dataset (known: {sorted(buildable)})")
        if ref.model and ref.model not in config["models"]:
            raise ConfigError(key, f"unknown model '{text}' (models: {sorted(config['models'])})")
    judge = config["evaluation"]["judged"]["judge"]
    if judge["prompt_wrapper"].count("{prompt}") != 1:
        raise ConfigError(
            "evaluation.judged.judge.prompt_wrapper",
            "must hold {prompt} exactly once: where the grading prompt goes",
        )
    judge_ref = plan.ModelRef.parse(judge["model"])
    if judge_ref.model and config["models"][judge_ref.model]["kind"] != "causal_lm":
        raise ConfigError(
            plan.JUDGE_KEY, f"'{judge_ref.model}' is not a causal LM: it cannot grade"
        )
    known = set(study.track_a_ids())
    for index, entry in enumerate(config["track_a"]["combined"]):
        for part in entry["parts"]:
            if part not in known:
                raise ConfigError(
                    f"track_a.combined.{index}.parts", f"'{part}' is not a configured dataset"
                )
    from instructgen.distributed import batch_layout

    recipes = {"track_a.generator_training": config["track_a"]["generator_training"]}
    recipes |= {f"sft.recipes.{name}": r for name, r in config["sft"]["recipes"].items()}
    for key, recipe in recipes.items():
        batch_layout(recipe["batch_size"], recipe["per_device_batch_size"], 1, key)
    if config["track_b"]["instances"]["prompts"] == "self_instruct":
        for name in plan.SELF_INSTRUCT_TEMPLATES.values():
            if name not in config["corpora"]:
                raise ConfigError(
                    f"corpora.{name}",
                    "Self-Instruct's prompts (track_b.instances.prompts) are read from this "
                    "template file: give its source",
                )
    total = config["track_b"]["bootstrap"]["num_instructions"]
    for index, size in enumerate(config["track_b"]["instances"]["subset_sizes"]):
        if size > total:
            raise ConfigError(
                f"track_b.instances.subset_sizes.{index}",
                f"{size} instructions is more than track_b.bootstrap.num_instructions ({total})",
            )
    rl = config["track_b"]["rl"]
    if rl["batch_size"] % rl["gradient_accumulation_steps"]:
        raise ConfigError(
            "track_b.rl.gradient_accumulation_steps",
            f"one RL step's {rl['batch_size']} rollouts (track_b.rl.batch_size) must split into "
            f"{rl['gradient_accumulation_steps']} equal micro-batches",
        )
    if rl["algorithm"] == "grpo" and rl["kl_control"] == "adaptive":
        raise ConfigError(
            "track_b.rl.kl_control",
            "the adaptive KL controller is PPO's; TRL's GRPOTrainer keeps its KL weight fixed",
        )
    if rl["algorithm"] == "grpo" and rl["batch_size"] % rl["num_generations"]:
        raise ConfigError(
            "track_b.rl.num_generations",
            f"GRPO needs the {rl['batch_size']} rollouts of a step (track_b.rl.batch_size) to be "
            f"a multiple of num_generations ({rl['num_generations']})",
        )
