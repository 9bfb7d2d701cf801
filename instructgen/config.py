"""Configuration checks that run when the workflow starts, before any job.

The JSON schema (schemas/config.schema.yaml) catches wrong types, unknown keys and unknown
names; `check_semantics` catches what a schema cannot: references between sections and input
files that do not exist. Every error names the key path.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from instructgen.errors import ConfigError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "config.schema.yaml"
URL = re.compile(r"^https?://")


def load_schema(path: str | Path = SCHEMA_PATH) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    merged = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    return _resolve(merged, root)


def fill_defaults(config: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """Insert schema defaults for missing keys, recursively (objects and arrays of objects)."""
    schema = _resolve(schema, root)
    if isinstance(config, dict):
        properties = schema.get("properties", {})
        for key, sub in properties.items():
            sub = _resolve(sub, root)
            if key not in config and "default" in sub:
                config[key] = copy.deepcopy(sub["default"])
            if key in config:
                config[key] = fill_defaults(config[key], sub, root)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in config:
                if key not in properties:
                    config[key] = fill_defaults(config[key], extra, root)
    elif isinstance(config, list) and isinstance(schema.get("items"), dict):
        return [fill_defaults(item, schema["items"], root) for item in config]
    return config


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
    return error.message


def validate_config(config: dict[str, Any], schema_path: str | Path = SCHEMA_PATH) -> dict:
    """Validate against the schema, fill defaults, and return the completed config."""
    schema = load_schema(schema_path)
    if not isinstance(config, dict):
        raise ConfigError("<top level>", "the configuration must be a mapping")
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        error = min(errors, key=lambda e: len(list(e.absolute_path)) * -1)
        raise ConfigError(_key_path(error), _message(error))
    completed = fill_defaults(copy.deepcopy(config), schema, schema)
    return completed


def _check_model_ref(key: str, ref: str, config: dict[str, Any], datasets: set[str]) -> None:
    if ref.startswith("sft:"):
        name = ref[4:]
        if name not in datasets:
            raise ConfigError(key, f"'{ref}' names no SFT dataset (known: {sorted(datasets)})")
    elif ref not in config["models"]:
        raise ConfigError(key, f"unknown model '{ref}' (models: {sorted(config['models'])})")


def check_semantics(config: dict[str, Any], workdir: str | Path = ".") -> None:
    """Cross-references and input files; raises ConfigError naming the key."""
    from instructgen import plan

    workdir = Path(workdir)
    for name, entry in config["corpora"].items():
        source = entry["source"]
        key = f"corpora.{name}.source"
        if URL.match(source):
            if not entry.get("sha256") and not config.get("allow_unpinned_downloads"):
                raise ConfigError(
                    f"corpora.{name}.sha256",
                    "a URL source needs a pinned checksum (or allow_unpinned_downloads: true)",
                )
        elif not (workdir / source).exists():
            raise ConfigError(key, f"input file or folder does not exist: {source}")
    for name, model in config["models"].items():
        source = model["source"]
        if source.startswith((".", "/")) and not (workdir / source).exists():
            raise ConfigError(f"models.{name}.source", f"model folder does not exist: {source}")
    for required in ("base", "reward", "unieval"):
        if required not in config["models"]:
            raise ConfigError(f"models.{required}", "this model is required by the pipeline")
    if config["sft"]["load_in_4bit"] and not config["sft"]["use_lora"]:
        raise ConfigError("sft.load_in_4bit", "4-bit weights cannot be trained: set sft.use_lora")
    sft_names = set(plan.buildable_dataset_names(config))
    _check_model_ref(
        "fragments.llm_extraction.model",
        config["fragments"]["llm_extraction"]["model"],
        config,
        sft_names,
    )
    for index, name in enumerate(config["track_b"]["base_models"]):
        _check_model_ref(f"track_b.base_models.{index}", name, config, sft_names)
    generators = set(plan.generator_ids(config))
    strategies = set(config["fragments"]["strategies"])
    for index, entry in enumerate(config["track_a"]["datasets"]):
        key = f"track_a.datasets.{index}"
        for generator in entry["generator"]:
            if generator not in generators:
                raise ConfigError(f"{key}.generator", f"'{generator}' is not in track_a.generators")
        for strategy in entry["strategy"]:
            if strategy not in strategies:
                raise ConfigError(f"{key}.strategy", f"'{strategy}' is not in fragments.strategies")
        for filt in entry["filter"]:
            if filt.startswith("sft:"):
                _check_model_ref(f"{key}.filter", filt, config, sft_names)
        for size in entry.get("size", ["all"]):
            if size != "all" and not (isinstance(size, int) and size > 0):
                raise ConfigError(f"{key}.size", f"{size!r} is neither 'all' nor a count")
    known = set(plan.track_a_dataset_ids(config))
    for index, entry in enumerate(config["track_a"]["combined"]):
        for part in entry["parts"]:
            if part not in known:
                raise ConfigError(
                    f"track_a.combined.{index}.parts", f"'{part}' is not a configured dataset"
                )
    rl = config["track_b"]["rl"]
    per_step = rl["batch_size"] * rl["gradient_accumulation_steps"]
    if rl["algorithm"] == "grpo" and per_step % rl["num_generations"]:
        raise ConfigError(
            "track_b.rl.num_generations",
            f"GRPO needs batch_size x gradient_accumulation_steps ({per_step}) to be a multiple "
            f"of num_generations ({rl['num_generations']})",
        )
