"""A change reruns only what it changes: every leaf key of config.yaml and configs/paper.yaml,
changed, reruns exactly the steps whose settings (instructgen.settings) declare that they read
it, planned by Snakemake against an unchanged run (tests/replan.py).

How each key is read decides what may rerun:

- a result key (or a shard count, a layout key) read by a step: that step's jobs must redo
  their work for a reason of their own (params, inputs, outputs), and besides them only jobs
  of steps that read the key through the study grid (tables, figures: their rows come and go)
  or the merge of a sharded step. Everything downstream reruns by Snakemake's time stamps;
  that is not checked, and neither are jobs that only make new files (a dataset the change
  adds to the grid);
- an execution key (batch sizes, devices, permissions): nothing reruns at all;
- a grid key: only steps that read the grid rerun for their own reason;
- a key no step reads is an error.

Keys with the same readers are changed together in one plan (a reader that a key does not
declare shows up in the group's plan); every result key is also changed alone at the level of
its steps, where each job that declares it must get other params.
"""

from __future__ import annotations

import copy
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from instructgen import plan
from instructgen.config import load_schema, validate_config
from instructgen.errors import ConfigError
from instructgen.settings import EXECUTION, GRID, LAYOUT, RESULT, STEPS
from tests.helpers import copy_tracked
from tests.replan import Planner, reruns_of_each

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
CONFIGS = {"default": ["config.yaml"], "paper": ["config.yaml", "configs/paper.yaml"]}
HEX = re.compile(r"^[0-9a-f]+$")
# Keys that no single change can alter and still validate, with why (they are still read by
# steps, and changed together with the keys that name them they rerun what reads them).
_GENERATOR = "track_a.datasets names every generator by <source>-<format>"
_BOTH = {
    "fragments.strategies": "every strategy is used by a track_a.datasets entry",
    "track_a.combined.0.name": "sft.seq2seq_datasets names the combined set",
    "sft.load_in_4bit": "4-bit weights train only with sft.use_lora",
    **{
        f"track_a.generators.{i}.{part}": _GENERATOR
        for i in range(5)
        for part in ("source", "format")
    },
}
UNCHANGEABLE: dict[str, dict[str, str]] = {
    "default": {
        **{
            k: v
            for k, v in _BOTH.items()
            if not k.startswith(("track_a.generators.3", "track_a.generators.4"))
        },
        "models.t5.kind": "sft.seq2seq_backbones needs an encoder-decoder",
        "models.base.kind": "evaluation.judged.judge.model needs a causal LM",
        "track_b.base_models": "the default configuration has one causal LM",
        "track_b.instances.prompts": "Self-Instruct's prompts need its template files (corpora)",
    },
    "paper": {
        **_BOTH,
        **{
            f"models.{m}.kind": "sft.seq2seq_backbones needs an encoder-decoder"
            for m in ("t5_xl", "flan_t5_xl")
        },
        "models.judge.kind": "evaluation.judged.judge.model needs a causal LM",
        "track_b.rl.algorithm": "the adaptive KL controller (track_b.rl.kl_control) is PPO's",
        **{
            f"models.{m}.allow_unpinned": "no public commit: false needs a revision"
            for m in ("unieval", "t5_xl")
        },
        **{
            f"corpora.{c}.allow_unpinned": "no public checksum: false needs one"
            for c in ("superni", "longform_train")
        },
    },
}


def leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) of every setting; a list of mappings is walked by index."""
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in leaves(v, f"{path}.{k}" if path else k)]
    if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        return [leaf for i, v in enumerate(node) for leaf in leaves(v, f"{path}.{i}")]
    return [(path, node)]


def set_key(config: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node: Any = config
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[parts[-1]] = value


def schema_node(key: str) -> dict[str, Any]:
    """The schema entry of a dotted key (list indices walk into `items`)."""
    schema = load_schema()
    node = schema
    for part in key.split("."):
        node = _resolve(schema, node)
        if part.isdigit():
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        else:
            node = node.get("additionalProperties", {})
    return _resolve(schema, node)


def _resolve(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"].split("/")[-1]
        node = {**schema["definitions"][ref], **{k: v for k, v in node.items() if k != "$ref"}}
    return node if isinstance(node, dict) else {}


def siblings(key: str, config: dict[str, Any]) -> list[Any]:
    """The items of the same key in the other entries of its list (track_a.datasets.*.filter)."""
    parts = key.split(".")
    found: list[Any] = []
    for index, part in enumerate(parts):
        if part.isdigit():
            head, tail = ".".join(parts[:index]), parts[index + 1 :]
            for entry in _get(config, head):
                value = _get(entry, ".".join(tail)) if tail else entry
                found += value if isinstance(value, list) else [value]
    return found


def _get(node: Any, path: str) -> Any:
    for part in path.split("."):
        node = node.get(part, []) if isinstance(node, dict) else node[int(part)]
    return node


def candidates(key: str, value: Any, config: dict[str, Any]) -> list[Any]:
    """Other values for a key, likeliest to validate first; the first that validates is used."""
    node = schema_node(key)
    found: list[Any] = [v for v in node.get("enum", []) if v != value]
    if isinstance(value, bool):
        found.append(not value)
    elif isinstance(value, int):
        found += [value + 1, value * 2, max(1, value // 2), max(1, value - 1)]
    elif isinstance(value, float):
        found += [value / 2, value + 0.1, 0.5, 0.0]
    elif isinstance(value, str):
        if HEX.match(value) and len(value) in (40, 64):
            found.append(value[:-1] + ("0" if value[-1] != "0" else "1"))
        elif value.startswith("http"):
            found.append(value + "?changed=1")
        elif value == "build":
            found.append(f"resources/local/{key.split('.')[1]}")
        elif (REPO / value).is_dir():
            found += [str(p.relative_to(REPO)) for p in sorted((REPO / value).iterdir())]
        elif (REPO / value).is_file():
            found += [str(p.relative_to(REPO)) for p in sorted((REPO / "data").rglob("*.jsonl"))]
        found += [value + "2", *config["models"], "sft:dolly", "sft:superni_train"]
    elif isinstance(value, list):
        items = _resolve(load_schema(), node.get("items", {}))
        more = [v for v in siblings(key, config) + items.get("enum", []) if v not in value]
        if key.endswith(".parts"):
            more += [i for i in plan.Study(config).track_a_ids() if i not in value]
        found += [value + [v] for v in dict.fromkeys(more)]
        if value and all(isinstance(v, int) for v in value):
            found += [sorted({*value, max(1, min(value) // 2)}), value + ["all"]]
        if value and all(isinstance(v, str) for v in value):
            found += [value + [value[0] + " again"], value[:-1] + [value[-1] + "x"]]
        found += [value[:-1], value[1:]] if len(value) > 1 else [[]]
    elif value is None:
        found += ["0" * 64]
    return [v for v in found if v != value]


class Scope:
    """One configuration planned, what its steps declare they read, and one change per key."""

    def __init__(self, name: str, workdir: Path, configfiles: list[str]) -> None:
        self.name, self.workdir = name, workdir
        self.raw: dict[str, Any] = {}
        for name in configfiles:
            self.raw = plan.layered_config(self.raw, yaml.safe_load((workdir / name).read_text()))
        self.config = validate_config(copy.deepcopy(self.raw), workdir)
        self.planner = Planner(workdir, configfiles)
        self.keys = leaves(yaml.safe_load((workdir / configfiles[-1]).read_text()))
        self._changes: dict[str, tuple[Any, dict[str, Any]] | None] = {}
        # key -> kind -> rules whose jobs read it that way; and each job's settings params.
        self.readers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.declaring: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
        for job in self.planner.jobs.values():
            step = STEPS.get(job.rule)
            if step is None:
                continue
            for key, kind in step.reads(self.config, **job.wildcards).items():
                self.readers[key][kind].add(job.rule)
                if kind == RESULT:
                    self.declaring[key].append((job.rule, job.wildcards))

    def change(self, key: str) -> tuple[Any, dict[str, Any]] | None:
        """(the new value, the whole changed configuration) of the first candidate that
        validates, or None; found once per key."""
        if key not in self._changes:
            self._changes[key] = self._first_valid(key)
        return self._changes[key]

    def _first_valid(self, key: str) -> tuple[Any, dict[str, Any]] | None:
        value = dict(self.keys)[key]
        for new in candidates(key, value, self.config):
            changed = copy.deepcopy(self.raw)
            set_key(changed, key, new)
            try:
                validate_config(copy.deepcopy(changed), self.workdir)
            except ConfigError:
                continue
            return new, changed
        return None

    def expected(self, key: str) -> tuple[set[str], set[str]]:
        """(rules that must rerun for their own reason, rules that may)."""
        kinds = self.readers[key]
        required = kinds[RESULT] | kinds[LAYOUT]
        allowed = required | kinds[GRID]
        for rule in kinds[LAYOUT]:
            allowed.add(STEPS[rule].merge_rule)
        return required, allowed


@pytest.fixture(scope="module", params=list(CONFIGS))
def scope(request, tmp_path_factory) -> Scope:
    workdir = copy_tracked(tmp_path_factory.mktemp(f"scope_{request.param}"))
    return Scope(request.param, workdir, CONFIGS[request.param])


def test_every_key_is_read_by_a_step(scope: Scope) -> None:
    unread = [key for key, _ in scope.keys if key not in scope.readers]
    assert not unread, f"settings no step reads (instructgen.settings): {unread}"


def test_every_key_reruns_exactly_its_readers(scope: Scope) -> None:
    groups: dict[tuple[frozenset, frozenset], list[tuple[str, Any]]] = defaultdict(list)
    execution: list[tuple[str, Any]] = []
    unchangeable = []
    for key, _ in scope.keys:
        change = scope.change(key)
        if change is None:
            unchangeable.append(key)
            continue
        required, allowed = scope.expected(key)
        if not allowed:
            assert scope.readers[key][EXECUTION], key
            execution.append((key, change[0]))
        else:
            groups[frozenset(required), frozenset(allowed)].append((key, change[0]))
    assert sorted(unchangeable) == sorted(UNCHANGEABLE[scope.name])
    # Execution keys, all changed at once: a batch size (or device) change reruns nothing.
    changed = copy.deepcopy(scope.raw)
    for key, new in execution:
        set_key(changed, key, new)
    assert scope.planner.reruns(changed).jobs == set(), [k for k, _ in execution]
    checks, layers = [], []
    for (required, allowed), keys in groups.items():
        for batch in _valid_batches(scope, keys):
            changed = copy.deepcopy(scope.raw)
            for key, new in batch:
                set_key(changed, key, new)
            checks.append((required, allowed, [k for k, _ in batch]))
            layers.append(changed)
    for (required, allowed, names), reruns in zip(
        checks, reruns_of_each(scope.planner, layers), strict=True
    ):
        direct, redone = reruns.rules("direct"), reruns.rules("redone")
        assert required <= direct, (names, sorted(required - direct))
        assert redone <= allowed, (names, sorted(redone - allowed))


def _valid_batches(scope: Scope, keys: list[tuple[str, Any]]) -> list[list[tuple[str, Any]]]:
    """The keys changed together when that validates, else one at a time."""
    changed = copy.deepcopy(scope.raw)
    for key, new in keys:
        set_key(changed, key, new)
    try:
        validate_config(copy.deepcopy(changed), scope.workdir)
    except ConfigError:
        return [[pair] for pair in keys]
    return [keys]


def test_each_result_key_changes_the_params_of_every_job_that_declares_it(scope: Scope) -> None:
    for key, _ in scope.keys:
        if not scope.declaring.get(key):
            continue
        change = scope.change(key)
        if change is None:
            continue
        changed = validate_config(change[1], scope.workdir)
        for rule, wildcards in scope.declaring[key]:
            step = STEPS[rule]
            before = step.from_config(scope.config, **wildcards).params()
            after = step.from_config(changed, **wildcards).params()
            assert before != after, (key, rule, wildcards)


def test_subset_sizes_rerun_only_the_datasets_and_what_follows(scope: Scope) -> None:
    sizes = scope.config["track_b"]["instances"]["subset_sizes"]
    layer = {"track_b": {"instances": {"subset_sizes": sorted({*sizes, sizes[0] // 2})}}}
    reruns = scope.planner.reruns(layer)
    assert "track_b_datasets" in reruns.rules("direct")
    for rule in ("bootstrap_instructions", "rl_from_automated_feedback", "classify_instructions",
                 "generate_instances", "generate_candidates", "train_generator"):  # fmt: skip
        assert rule not in reruns.rules(), rule
    assert json.dumps(layer)  # the layer itself is plain data


def test_a_batch_size_change_reruns_nothing(scope: Scope) -> None:
    layer = {
        "track_a": {"candidates": {"batch_size": 3}, "filtering": {"batch_size": 5}},
        "track_b": {"instances": {"batch_size": 3}, "reward": {"batch_size": 3}},
        "evaluation": {"superni": {"batch_size": 7}, "longform": {"batch_size": 7}},
        "sft": {"recipes": {"paper1": {"per_device_batch_size": 1}}},
    }
    assert scope.planner.reruns(layer).jobs == set()
