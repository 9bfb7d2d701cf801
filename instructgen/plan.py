"""Every name and path of the study: what the configured grid holds, what each thing is called
and where it lives. This module is the only place that builds or parses a name; rules, scripts,
tables and figures ask it and never split or slice one.

Names (one spelling each, used alike as config values, wildcards and folder names):

- a model reference: a key of ``models`` (``base``, ``reward``, ``llama2_7b``, ...) or
  ``sft:<dataset>``, the checkpoint the SFT stage trains on that dataset;
- a generator: ``<source>-<format>`` (``seed-instruction``, ``dolly_superni-alpaca``);
- datasets, each fine-tuned into ``results/sft/<name>/model``:
  - a baseline: ``superni_train``, ``dolly``, ``self_instruct_seeds``, ``longform``,
    ``self_instruct_gpt3`` (Self-Instruct's 82K GPT-3 instances), ``supervised_manual`` (the
    supervised corpus's Super-NI instances with their human-written instructions);
  - a mixture of baselines, ``mix.<name>`` (config ``sft.mixtures``: paper 1 Table 2's
    "+SUPERNI+LongForm");
  - Track A: ``a.<corpus>.<strategy>.<generator>.<filter>.<size>``, where the filter is
    ``none`` or a model reference (``base``, ``sft:dolly``) and the size ``all`` or a count;
    its id in ``track_a.combined`` is ``<corpus>/<strategy>/<generator>/<filter>[/<size>]``;
  - a Track A union: ``a.combined.<name>``;
  - Track B: ``b.<model>.<method>.<size>``, method ``refine_af`` or ``self_instruct``;
  - any of these fine-tuned into another backbone than its own: ``<dataset>@<model>``
    (paper 1 Table 6: ``dolly@t5_xl``);
- an evaluated model: a model as it is (``base``, ``t5_xl``) or a dataset name.

Path patterns use Snakemake's ``{wildcard}`` syntax, so a rule's output and the concrete path a
table, a figure or the target list asks for come from the same string.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# -- grammar ----------------------------------------------------------------------------------
# schemas/config.schema.yaml carries these patterns too; tests/test_plan.py checks that they
# agree, so the schema accepts exactly the names this module parses.

MODEL_NAME = r"[A-Za-z0-9_-]+"
COMBINED_NAME = r"[A-Za-z0-9_-]+"
GENERATOR_SOURCES = ("seed", "dolly", "superni", "dolly_superni")
GENERATOR_FORMATS = ("instruction", "chatbot", "query", "alpaca")
CORPORA = ("unsupervised", "supervised")
STRATEGIES = ("whole", "keywords", "random_sentence", "llm_extraction")
RULE_BASED_STRATEGIES = ("whole", "keywords", "random_sentence")
TRACK_B_METHODS = ("refine_af", "self_instruct")
BASELINES = (
    "superni_train",
    "dolly",
    "self_instruct_seeds",
    "longform",
    "self_instruct_gpt3",
    "supervised_manual",
)
SIZE = r"all|[1-9][0-9]*"
BASE = "base"
NO_FILTER = "none"
SFT_PREFIX = "sft:"
ON_BACKBONE = "@"
GENERATOR = f"({'|'.join(GENERATOR_SOURCES)})-({'|'.join(GENERATOR_FORMATS)})"
# The characters of a dataset name; none is a slash, so a name is always one folder.
DATASET_CHARS = r"[A-Za-z0-9_.:@-]+"
DATASET_WILDCARD = DATASET_CHARS
# A model reference (config values, and the filter folder of a Track A dataset, where a model
# name may also be "none").
MODEL_REF = rf"{MODEL_NAME}|{SFT_PREFIX}{DATASET_CHARS}"
FILTER = MODEL_REF

# Which prepared instruction data each generator training source draws on.
SOURCE_DATA = {
    "seed": ("self_instruct_seeds",),
    "dolly": ("dolly",),
    "superni": ("superni_train",),
    "dolly_superni": ("dolly", "superni_train"),
}
# The instruction data the tiny models are trained on (with the passages), in this order.
TINY_MODEL_DATA = ("superni_train", "dolly", "self_instruct_seeds")
# The corpus source (config `corpora`) each baseline dataset is prepared from.
BASELINE_SOURCES = {
    "superni_train": "superni",
    "dolly": "dolly",
    "self_instruct_seeds": "self_instruct_seeds",
    "longform": "longform_train",
    "self_instruct_gpt3": "self_instruct_gpt3",
    "supervised_manual": "superni",
}
# The sets the papers evaluate with judges (paper 1 Fig. 4: Vicuna's questions, graded 1-10 by
# GPT-4; REFINE-AF Fig. 6: Self-Instruct's user-oriented instructions, rated A-D by people) and
# the corpus source (config `corpora`) each is prepared from.
JUDGED_SOURCES = {"vicuna": "vicuna_questions", "user_oriented": "user_oriented"}
JUDGED_SETS = tuple(JUDGED_SOURCES)
# Corpus sources that only evaluate: no dataset that trains a model may be prepared from them.
EVALUATION_SOURCES = ("longform_test", *JUDGED_SOURCES.values())
# The SFT recipe (config sft.recipes) each kind of dataset trains with.
RECIPES = {"baseline": "paper1", "track_a": "paper1", "track_b": "refine_af"}

# -- path patterns ----------------------------------------------------------------------------

SOURCE = "resources/sources/{source}"
PASSAGES = "results/corpora/{corpus}.jsonl"
INSTRUCTION_DATA = "results/corpora/instruction_data/{baseline}.jsonl"
MIXTURE_DATASET = "results/corpora/mixtures/{mixture}.jsonl"
SUPERNI_TEST = "results/corpora/superni_test.jsonl"
LONGFORM_TEST = "results/corpora/longform_test.jsonl"
GPT3_INSTRUCTIONS = "results/corpora/self_instruct_gpt3.jsonl"
BUILT_MODEL = "results/models/{model}"
# A hub or local-folder model as fetch_model left it (verified, safetensors only, card.json):
# the only copy of it any other rule loads.
FETCHED_MODEL = "resources/models/{model}"
# The config key of the judge's model reference.
JUDGE_KEY = "evaluation.judged.judge.model"
# What `source` says for a model the rules train offline.
BUILD = "build"
# A pinned revision: a full git commit id.
COMMIT = re.compile(r"^[0-9a-f]{40}$")
TOKENIZER = "results/models/tokenizer"
FRAGMENTS = "results/fragments/{corpus}/{strategy}.jsonl"
EXTRACTION_RESUME = "results/.resume/fragments/{corpus}/llm_extraction.jsonl"

GENERATOR_DATA = "results/track_a/generator_data/{generator}.jsonl"
GENERATOR_CHECKPOINT = "results/track_a/generators/{generator}"
GENERATOR_RESUME = "results/.resume/generators/{generator}"
CANDIDATE_SHARD = (
    "results/track_a/candidates/{corpus}/{strategy}/{generator}/shards/{shard}-of-{shards}.jsonl"
)
CANDIDATE_RESUME = (
    "results/.resume/candidates/{corpus}/{strategy}/{generator}/{shard}-of-{shards}.jsonl"
)
CANDIDATES = "results/track_a/candidates/{corpus}/{strategy}/{generator}/candidates.jsonl"
SCORE_SHARD = (
    "results/track_a/scores/{corpus}/{strategy}/{generator}/{filter}/shards/"
    "{shard}-of-{shards}.jsonl"
)
SCORE_RESUME = (
    "results/.resume/scores/{corpus}/{strategy}/{generator}/{filter}/{shard}-of-{shards}.jsonl"
)
SCORES = "results/track_a/scores/{corpus}/{strategy}/{generator}/{filter}/scores.jsonl"
TRACK_A_DATASET = "results/track_a/datasets/{corpus}/{strategy}/{generator}/{filter}/{size}.jsonl"
COMBINED_DATASET = "results/track_a/datasets/combined/{combined}.jsonl"

BOOTSTRAP = "results/track_b/{model}/bootstrap/instructions.jsonl"
BOOTSTRAP_RESUME = "results/.resume/track_b/{model}/bootstrap"
RL_REWARDS = "results/track_b/{model}/rl/rewards.csv"
RL_POLICY = "results/track_b/{model}/rl/policy"
RL_RESUME = "results/.resume/track_b/{model}/rl"
# The instance-stage prompts the run fills (the project's own or Self-Instruct's, parsed from
# its pinned template files: corpora.<SELF_INSTRUCT_TEMPLATES>).
INSTANCE_PROMPTS = "results/track_b/instance_prompts.json"
SELF_INSTRUCT_TEMPLATES = {
    "instance": "self_instruct_instance_template",
    "classification": "self_instruct_clf_template",
}
# Self-Instruct's classification identification of each instruction, with the model that then
# generates its instances (its card, plan.card(CLASSIFICATION), holds the counts).
CLASSIFICATION = "results/track_b/{model}/classification/{method}.jsonl"
CLASSIFICATION_RESUME = "results/.resume/track_b/{model}/classification/{method}.jsonl"
INSTANCE_SHARD = "results/track_b/{model}/instances/{method}/shards/{shard}-of-{shards}.jsonl"
INSTANCE_RESUME = "results/.resume/track_b/{model}/instances/{method}/{shard}-of-{shards}.jsonl"
# Self-Instruct's post-processing of the instance texts (the self_instruct mode).
POSTPROCESSED_INSTANCES = "results/track_b/{model}/instances/{method}/postprocessed.jsonl"
TRACK_B_DATASET = "results/track_b/{model}/datasets/{method}/{size}.jsonl"

SFT_CHECKPOINT = "results/sft/{dataset}/model"
SFT_RESUME = "results/.resume/sft/{dataset}"

SUPERNI_SHARD = "results/evaluation/superni/{dataset}/shards/{shard}-of-{shards}.jsonl"
SUPERNI_RESUME = "results/.resume/evaluation/superni/{dataset}/{shard}-of-{shards}.jsonl"
SUPERNI_PREDICTIONS = "results/evaluation/superni/{dataset}/predictions.jsonl"
SUPERNI_METRICS = "results/evaluation/superni/{dataset}/metrics.json"
LONGFORM_SHARD = "results/evaluation/longform/{dataset}/shards/{shard}-of-{shards}.jsonl"
LONGFORM_RESUME = "results/.resume/evaluation/longform/{dataset}/{shard}-of-{shards}.jsonl"
LONGFORM_PREDICTIONS = "results/evaluation/longform/{dataset}/predictions.jsonl"
LONGFORM_METRICS = "results/evaluation/longform/{dataset}/metrics.json"
# Judged evaluations: a set's items, each evaluated model's answers (sharded like the
# benchmarks'), every model's answers merged into one file per set, and the judge's grades of
# them with their summary per model.
JUDGED_ITEMS = "results/corpora/judged/{judged_set}.jsonl"
JUDGED_RESPONSE_SHARD = (
    "results/evaluation/judged/{judged_set}/responses/{dataset}/{shard}-of-{shards}.jsonl"
)
JUDGED_RESPONSE_RESUME = (
    "results/.resume/evaluation/judged/{judged_set}/{dataset}/{shard}-of-{shards}.jsonl"
)
JUDGED_RESPONSES = "results/evaluation/judged/{judged_set}/responses.jsonl"
JUDGEMENTS = "results/evaluation/judged/{judged_set}/judgements.jsonl"
JUDGEMENTS_RESUME = "results/.resume/evaluation/judged/{judged_set}/judgements.jsonl"
JUDGED_SCORES = "results/evaluation/judged/{judged_set}/scores.json"

# The config key of each sharded step's shard count (its layout: the count names the files).
SHARD_KEYS = {
    CANDIDATE_SHARD: "track_a.candidates.shards",
    SCORE_SHARD: "track_a.filtering.shards",
    INSTANCE_SHARD: "track_b.instances.shards",
    SUPERNI_SHARD: "evaluation.superni.shards",
    LONGFORM_SHARD: "evaluation.longform.shards",
    JUDGED_RESPONSE_SHARD: "evaluation.judged.responses.shards",
}

TABLE = "results/tables/{table}.{ext}"
VERB_NOUN_TABLE = "results/tables/verb_noun_pairs.{ext}"
TABLES_PAGE = "results/tables/index.html"
DIVERSITY_FIGURE = "results/figures/diversity/{name}.{ext}"
REWARD_FIGURE = "results/figures/reward/{model}.{ext}"
ROUGE_L_FIGURE = "results/figures/rouge_l/{reference}/{model}.{ext}"
LENGTHS_FIGURE = "results/figures/lengths/{model}/{method}.{ext}"
SIZE_FIGURE = "results/figures/superni_vs_size.{ext}"
STRATEGY_FIGURE = "results/figures/extraction_strategies.{ext}"
LOSS_FIGURE = "results/figures/training_loss/{group}.{ext}"
FIGURE_FORMATS = ("png", "pdf")

# A hub id ("org/repo"): the stand-ins of the rehearsal are named by its two parts.
HUB_PART = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
HUB_ID = rf"{HUB_PART}/{HUB_PART}"
# A model source that names a folder rather than a hub repository (instructgen.modeling and
# instructgen.hub decide the same way, through is_local_source).
LOCAL_PREFIXES = (".", "/", "results/", "resources/")


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(pattern: str, **values: Any) -> str:
    """Fill some wildcards of a pattern and keep the others (``fill(TABLE, ext="md")``)."""
    return string.Formatter().vformat(pattern, (), _KeepMissing(values))


def card(path: str) -> str:
    """The card written beside a dataset file (``x.jsonl`` -> ``x.card.json``)."""
    if not path.endswith(".jsonl"):
        raise ValueError(f"{path!r} is not a .jsonl dataset")
    return path.removesuffix(".jsonl") + ".card.json"


def shard_paths(pattern: str, count: int, **wildcards: Any) -> list[str]:
    """The shard files of one sharded step (the count is part of each file name)."""
    return [pattern.format(**{**wildcards, "shard": i, "shards": count}) for i in range(count)]


def is_local_source(source: str) -> bool:
    """Whether a model source is a local folder (else a hub id or "build")."""
    return Path(source).is_dir() or source.startswith(LOCAL_PREFIXES)


def is_hub_id(source: str) -> bool:
    """Whether a model source names a hub repository (``org/repo``)."""
    return source != BUILD and not is_local_source(source) and bool(re.fullmatch(HUB_ID, source))


def config_value(config: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted key path of the configuration (list items by index)."""
    node: Any = config
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def layered_config(base: Mapping[str, Any], layer: Mapping[str, Any]) -> dict[str, Any]:
    """`layer` over `base` as Snakemake layers config files (mappings merge, the rest replaces)."""
    out = dict(base)
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = layered_config(out[key], value)
        else:
            out[key] = value
    return out


def set_config_value(config: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """`config` with `value` at a dotted key path, creating the mappings on the way."""
    *parents, last = path.split(".")
    node = config
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return config


def judged_source(judged_set: str) -> str:
    """The fetched corpus source a judged set is prepared from."""
    return SOURCE.format(source=JUDGED_SOURCES[judged_set])


def hub_repo(hub_id: str) -> dict[str, str]:
    """A hub id as its {org} and {repo} parts."""
    _match("hub id", HUB_ID, hub_id)
    org, repo = hub_id.split("/")
    return {"org": org, "repo": repo}


def hub_id(org: str, repo: str) -> str:
    """The hub id that {org} and {repo} name."""
    return _match("hub id", HUB_ID, f"{org}/{repo}")


def input_files(source: str) -> list[str]:
    """A file, or every file of a folder, as a rule's inputs: a folder's time stamp does not
    change when a file in it is edited, so its files are listed one by one."""
    path = Path(source)
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*") if p.is_file())
    return [source]


# -- names ------------------------------------------------------------------------------------


def _match(kind: str, pattern: str, text: Any) -> str:
    if not isinstance(text, str) or not re.fullmatch(pattern, text):
        raise ValueError(f"{text!r} is not a {kind} name")
    return text


@dataclass(frozen=True)
class Generator:
    """A reverse instruction generator: a training source in one prompt format (Table 9)."""

    source: str
    format: str

    @classmethod
    def parse(cls, name: str) -> Generator:
        _match("generator", GENERATOR, name)
        source, fmt = name.rsplit("-", 1)
        return cls(source, fmt)

    @property
    def name(self) -> str:
        return f"{self.source}-{self.format}"

    @property
    def checkpoint(self) -> str:
        return GENERATOR_CHECKPOINT.format(generator=self.name)

    @property
    def instruction_data(self) -> dict[str, str]:
        """The prepared instruction files (by baseline name) its training pairs come from."""
        return {name: INSTRUCTION_DATA.format(baseline=name) for name in SOURCE_DATA[self.source]}


class _Dataset:
    """What every dataset has: a file, a card, a checkpoint, a recipe and a backbone."""

    kind: str

    @property
    def name(self) -> str:
        raise NotImplementedError

    @property
    def path(self) -> str:
        raise NotImplementedError

    @property
    def card(self) -> str:
        return card(self.path)

    @property
    def checkpoint(self) -> str:
        return SFT_CHECKPOINT.format(dataset=self.name)

    @property
    def recipe(self) -> str:
        return RECIPES[self.kind]

    @property
    def backbone(self) -> str:
        """The named model the SFT stage fine-tunes on this dataset."""
        return BASE


@dataclass(frozen=True)
class Baseline(_Dataset):
    """An existing instruction dataset, fine-tuned on as it is (paper 1, Table 2)."""

    dataset: str
    kind = "baseline"

    def __post_init__(self) -> None:
        if self.dataset not in BASELINES:
            raise ValueError(f"{self.dataset!r} is not a baseline ({', '.join(BASELINES)})")

    @property
    def name(self) -> str:
        return self.dataset

    @property
    def path(self) -> str:
        return INSTRUCTION_DATA.format(baseline=self.dataset)

    @property
    def source_dir(self) -> str:
        """The fetched corpus source it is prepared from."""
        return SOURCE.format(source=BASELINE_SOURCES[self.dataset])

    @property
    def inputs(self) -> dict[str, str]:
        """What preparing it reads: its source, and for ``supervised_manual`` the supervised
        corpus whose instances it keeps (paper 1 Table 4's "manual annotation" of them)."""
        files = {"source": self.source_dir}
        if self.dataset == "supervised_manual":
            files["passages"] = PASSAGES.format(corpus="supervised")
        return files


@dataclass(frozen=True)
class MixtureDataset(_Dataset):
    """Records drawn from several baselines, a given number from each (paper 1 Table 2's
    "+SUPERNI+LongForm"; config ``sft.mixtures``)."""

    mixture: str
    kind = "baseline"

    @property
    def name(self) -> str:
        return f"mix.{self.mixture}"

    @property
    def path(self) -> str:
        return MIXTURE_DATASET.format(mixture=self.mixture)


@dataclass(frozen=True)
class ModelRef:
    """A config value naming a model: a key of ``models``, or ``sft:<dataset>``."""

    model: str | None = None
    dataset: Dataset | None = None

    @classmethod
    def parse(cls, text: str) -> ModelRef:
        if isinstance(text, str) and text.startswith(SFT_PREFIX):
            return cls(dataset=parse_dataset(text.removeprefix(SFT_PREFIX)))
        return cls(model=_match("model", MODEL_NAME, text))

    @property
    def ref(self) -> str:
        return f"{SFT_PREFIX}{self.dataset.name}" if self.dataset else str(self.model)


def parse_filter(text: str) -> ModelRef | None:
    """A Track A filter: ``none`` (keep the first candidate) or a model reference."""
    return None if text == NO_FILTER else ModelRef.parse(text)


@dataclass(frozen=True)
class TrackADataset(_Dataset):
    """Instructions generated for one fragment set and chosen by one filter (paper 1, 3.1-3.2)."""

    corpus: str
    strategy: str
    generator: Generator
    filter: ModelRef | None  # None: the first candidate, unfiltered
    size: str = "all"
    kind = "track_a"

    @classmethod
    def build(
        cls, corpus: str, strategy: str, generator: str, filter: str, size: str | int = "all"
    ) -> TrackADataset:
        """From the spellings config and wildcards use."""
        _match("corpus", "|".join(CORPORA), corpus)
        _match("strategy", "|".join(STRATEGIES), strategy)
        _match("size", SIZE, str(size))
        return cls(corpus, strategy, Generator.parse(generator), parse_filter(filter), str(size))

    @classmethod
    def parse_id(cls, dataset_id: str) -> TrackADataset:
        """``<corpus>/<strategy>/<generator>/<filter>[/<size>]`` (config track_a.combined)."""
        parts = dataset_id.split("/") if isinstance(dataset_id, str) else []
        if len(parts) == 4:
            parts.append("all")
        if len(parts) != 5:
            raise ValueError(
                f"{dataset_id!r} is not <corpus>/<strategy>/<generator>/<filter>[/<size>]"
            )
        return cls.build(*parts)

    @property
    def wildcards(self) -> dict[str, str]:
        return {
            "corpus": self.corpus,
            "strategy": self.strategy,
            "generator": self.generator.name,
            "filter": self.filter.ref if self.filter else NO_FILTER,
            "size": self.size,
        }

    @property
    def id(self) -> str:
        return "/".join(self.wildcards.values())

    @property
    def name(self) -> str:
        return ".".join(("a", *self.wildcards.values()))

    @property
    def path(self) -> str:
        return TRACK_A_DATASET.format(**self.wildcards)

    @property
    def inputs(self) -> dict[str, str]:
        """The fragments, candidates and (when filtered) perplexities it is built from."""
        files = {
            "fragments": FRAGMENTS.format(**self.wildcards),
            "candidates": CANDIDATES.format(**self.wildcards),
        }
        if self.filter:
            files["scores"] = SCORES.format(**self.wildcards)
        return files


@dataclass(frozen=True)
class CombinedDataset(_Dataset):
    """Generated Track A datasets concatenated (paper 1, Table 2's last row)."""

    combined: str
    kind = "track_a"

    @property
    def name(self) -> str:
        return f"a.combined.{self.combined}"

    @property
    def path(self) -> str:
        return COMBINED_DATASET.format(combined=self.combined)


@dataclass(frozen=True)
class TrackBDataset(_Dataset):
    """The instances of one backbone and method for its first `size` instructions."""

    model: str
    method: str
    size: str
    kind = "track_b"

    @property
    def name(self) -> str:
        return f"b.{self.model}.{self.method}.{self.size}"

    @property
    def path(self) -> str:
        return TRACK_B_DATASET.format(model=self.model, method=self.method, size=self.size)

    @property
    def backbone(self) -> str:
        return self.model


@dataclass(frozen=True)
class OnBackbone(_Dataset):
    """A dataset fine-tuned into another backbone than its own (paper 1 Table 6's T5s)."""

    dataset: Baseline | MixtureDataset | TrackADataset | CombinedDataset | TrackBDataset
    model: str

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.dataset.kind

    @property
    def name(self) -> str:
        return f"{self.dataset.name}{ON_BACKBONE}{self.model}"

    @property
    def path(self) -> str:
        return self.dataset.path

    @property
    def backbone(self) -> str:
        return self.model


Dataset = Baseline | MixtureDataset | TrackADataset | CombinedDataset | TrackBDataset | OnBackbone

_TRACK_A_NAME = re.compile(r"a\.([^.]+)\.([^.]+)\.([^.]+)\.(.+)\.([^.]+)")
_COMBINED_NAME = re.compile(rf"a\.combined\.({COMBINED_NAME})")
_MIXTURE_NAME = re.compile(rf"mix\.({COMBINED_NAME})")
_TRACK_B_NAME = re.compile(rf"b\.({MODEL_NAME})\.({'|'.join(TRACK_B_METHODS)})\.({SIZE})")


def parse_dataset(name: str) -> Dataset:
    """A dataset name back to what it names; ValueError for anything else."""
    if isinstance(name, str):
        if ON_BACKBONE in name:
            dataset, model = name.rsplit(ON_BACKBONE, 1)
            if re.fullmatch(MODEL_NAME, model):
                inner = parse_dataset(dataset)
                if isinstance(inner, OnBackbone):
                    raise ValueError(f"{name!r} names two backbones")
                return OnBackbone(inner, model)
        if name in BASELINES:
            return Baseline(name)
        if match := _COMBINED_NAME.fullmatch(name):
            return CombinedDataset(match[1])
        if match := _MIXTURE_NAME.fullmatch(name):
            return MixtureDataset(match[1])
        if match := _TRACK_B_NAME.fullmatch(name):
            return TrackBDataset(*match.groups())
        if match := _TRACK_A_NAME.fullmatch(name):
            try:
                return TrackADataset.build(*match.groups())
            except ValueError as error:
                raise ValueError(f"{name!r} is not a Track A dataset name: {error}") from None
    raise ValueError(
        f"{name!r} is not a dataset name: a baseline ({', '.join(BASELINES)}), mix.<name>, "
        "a.<corpus>.<strategy>.<generator>.<filter>.<size>, a.combined.<name>, "
        "b.<model>.<method>.<size>, or one of them followed by @<model>"
    )


def track_b_sizes(total: int, subsets: list[int]) -> list[str]:
    """Table II's instruction counts below the pool size, then the whole pool ("all")."""
    return [*(str(size) for size in subsets if size < total), "all"]


def trained_checkpoint(evaluated: str) -> str | None:
    """The SFT checkpoint an evaluated name loads, or None when it names a model as it is
    (model names are never dataset names: they hold no dot or "@" and are no baseline)."""
    if re.fullmatch(MODEL_NAME, evaluated) and evaluated not in BASELINES:
        return None
    return parse_dataset(evaluated).checkpoint


# -- the configured study ---------------------------------------------------------------------


class Study:
    """The configured grid: every generator, dataset, checkpoint and output it plans."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    # sources and models -----------------------------------------------------------------

    def source_files(self, name: str) -> list[str]:
        """A local corpus file, or every file of a local folder; nothing for a URL."""
        source = self.config["corpora"][name]["source"]
        if source.startswith(("http://", "https://")):
            return []
        return input_files(source)

    def fetched_models(self) -> list[str]:
        """Named models that fetch_model brings in: a hub id or a local folder as source."""
        return [name for name, m in self.config["models"].items() if m["source"] != BUILD]

    def model_folder(self, name: str) -> str:
        """Where model `name` is loaded from: built by a rule, or fetched."""
        template = BUILT_MODEL if self.config["models"][name]["source"] == BUILD else FETCHED_MODEL
        return template.format(model=name)

    def model_source_files(self, name: str) -> list[str]:
        """Every file of a local model folder (so editing one refetches); nothing for a hub id."""
        source = self.config["models"][name]["source"]
        if source == BUILD or not is_local_source(source) or not Path(source).is_dir():
            return []
        return input_files(source)

    def model_files(self, ref: str | ModelRef) -> list[str]:
        """What a model reference depends on: a built or fetched model, or an SFT checkpoint."""
        ref = ModelRef.parse(ref) if isinstance(ref, str) else ref
        if ref.dataset:
            return [ref.dataset.checkpoint]
        return [self.model_folder(ref.model)]

    def seq2seq_backbones(self) -> list[str]:
        """Encoder-decoder backbones the SFT datasets are also tuned into (paper 1 Table 6)."""
        return list(self.config["sft"]["seq2seq_backbones"])

    def built_seq2seq_backbones(self) -> list[str]:
        models = self.config["models"]
        return [m for m in self.seq2seq_backbones() if models[m]["source"] == BUILD]

    # Track A ----------------------------------------------------------------------------

    def generators(self) -> list[Generator]:
        return [Generator(g["source"], g["format"]) for g in self.config["track_a"]["generators"]]

    def track_a_datasets(self) -> list[TrackADataset]:
        seen: dict[str, TrackADataset] = {}
        for entry in self.config["track_a"]["datasets"]:
            for corpus, strategy, generator, filt, size in itertools.product(
                entry["corpus"],
                entry["strategy"],
                entry["generator"],
                entry["filter"],
                entry.get("size", ["all"]),
            ):
                dataset = TrackADataset.build(corpus, strategy, generator, filt, size)
                seen.setdefault(dataset.name, dataset)
        return list(seen.values())

    def track_a_ids(self) -> list[str]:
        """Ids a combined dataset may name (a full set may leave out its size)."""
        ids = []
        for dataset in self.track_a_datasets():
            ids.append(dataset.id)
            if dataset.size == "all":
                ids.append(dataset.id.removesuffix("/all"))
        return ids

    def combined(self) -> list[CombinedDataset]:
        return [CombinedDataset(entry["name"]) for entry in self.config["track_a"]["combined"]]

    def combined_part_ids(self, combined: str) -> list[str]:
        """The dataset ids a combined set unions, as the config writes them."""
        for entry in self.config["track_a"]["combined"]:
            if entry["name"] == combined:
                return list(entry["parts"])
        raise ValueError(f"unknown combined dataset {combined!r}")

    def combined_parts(self, combined: str) -> list[TrackADataset]:
        return [TrackADataset.parse_id(part) for part in self.combined_part_ids(combined)]

    def shards(self, pattern: str, **wildcards: Any) -> list[str]:
        """The shard files of a sharded step, as many as its config key asks for."""
        count = config_value(self.config, SHARD_KEYS[pattern])
        return shard_paths(pattern, count, **wildcards)

    # baselines ------------------------------------------------------------------------

    def mixtures(self) -> list[MixtureDataset]:
        return [MixtureDataset(name) for name in self.config["sft"]["mixtures"]]

    def mixture_parts(self, mixture: str) -> dict[str, int]:
        """{baseline: records drawn from it} of a mixture, in config order."""
        try:
            return dict(self.config["sft"]["mixtures"][mixture])
        except KeyError:
            raise ValueError(f"unknown mixture {mixture!r} (sft.mixtures)") from None

    def mixture_part_paths(self, mixture: str) -> dict[str, str]:
        """{baseline: its prepared file} of a mixture's parts."""
        return {part: Baseline(part).path for part in self.mixture_parts(mixture)}

    # Track B ----------------------------------------------------------------------------

    def track_b_models(self) -> list[str]:
        return list(self.config["track_b"]["base_models"])

    def track_b_sizes(self) -> list[str]:
        return track_b_sizes(
            self.config["track_b"]["bootstrap"]["num_instructions"],
            self.config["track_b"]["instances"]["subset_sizes"],
        )

    def track_b_datasets(self) -> list[TrackBDataset]:
        return [
            TrackBDataset(model, method, size)
            for model in self.track_b_models()
            for method in TRACK_B_METHODS
            for size in self.track_b_sizes()
        ]

    def track_b_subsets(self, pattern: str) -> list[str]:
        """One file per size for a rule whose model and method stay wildcards."""
        return [fill(pattern, size=size) for size in self.track_b_sizes()]

    def instance_mode(self) -> str:
        """How stage 3 turns instructions into instances (track_b.instances.mode)."""
        return self.config["track_b"]["instances"]["mode"]

    def instance_prompt_sources(self) -> dict[str, str]:
        """What the instance prompts are parsed from: Self-Instruct's fetched template files
        (by kind, as SELF_INSTRUCT_TEMPLATES names them), or nothing for the project's own."""
        if self.config["track_b"]["instances"]["prompts"] != "self_instruct":
            return {}
        return {kind: SOURCE.format(source=s) for kind, s in SELF_INSTRUCT_TEMPLATES.items()}

    def classification_files(self, model: str, method: str) -> list[str]:
        """The classification answers instance generation needs (the self_instruct mode)."""
        if self.instance_mode() != "self_instruct":
            return []
        return [CLASSIFICATION.format(model=model, method=method)]

    def instance_files(self, model: str, method: str) -> list[str]:
        """What the Table II subsets are built from: the instance shards (one_pair), or
        Self-Instruct's post-processing of them (self_instruct)."""
        if self.instance_mode() == "self_instruct":
            return [POSTPROCESSED_INSTANCES.format(model=model, method=method)]
        return self.shards(INSTANCE_SHARD, model=model, method=method)

    def instance_policy_files(self, model: str, method: str) -> list[str]:
        """Stage 3's generator: the RL-tuned policy (refine_af) or the untuned backbone."""
        if method == "refine_af":
            return [RL_POLICY.format(model=model)]
        return self.model_files(model)

    # SFT and evaluation -----------------------------------------------------------------

    def buildable_datasets(self) -> list[Dataset]:
        """Every dataset an ``sft:<name>`` reference may point at."""
        return [
            *(Baseline(name) for name in BASELINES),
            *self.mixtures(),
            *self.track_a_datasets(),
            *self.combined(),
            *self.track_b_datasets(),
        ]

    def model_refs(self) -> list[tuple[str, str]]:
        """(config key, value) of every model reference in the config."""
        llm = self.config["fragments"]["llm_extraction"]["model"]
        refs = [("fragments.llm_extraction.model", llm)]
        refs += [(f"track_b.base_models.{i}", m) for i, m in enumerate(self.track_b_models())]
        refs.append((JUDGE_KEY, self.judge_ref()))
        for index, entry in enumerate(self.config["track_a"]["datasets"]):
            key = f"track_a.datasets.{index}.filter"
            refs += [(key, f) for f in entry["filter"] if f != NO_FILTER]
        return refs

    def sft_datasets(self) -> list[Dataset]:
        """Every dataset the SFT stage turns into a checkpoint: the baselines asked for, every
        generated dataset, and any other dataset a model reference names."""
        datasets: dict[str, Dataset] = {}
        for dataset in [
            *(Baseline(name) for name in self.config["sft"]["baselines"]),
            *self.mixtures(),
            *self.track_a_datasets(),
            *self.combined(),
            *self.track_b_datasets(),
        ]:
            datasets.setdefault(dataset.name, dataset)
        for name in self.config["sft"]["seq2seq_datasets"]:
            for model in self.seq2seq_backbones():
                tuned = OnBackbone(parse_dataset(name), model)
                datasets.setdefault(tuned.name, tuned)
        for _, text in self.model_refs():
            ref = ModelRef.parse(text)
            if ref.dataset:
                datasets.setdefault(ref.dataset.name, ref.dataset)
        return list(datasets.values())

    def sft_dataset(self, name: str) -> Dataset:
        """A configured dataset by name (the SFT rule's wildcard)."""
        for dataset in self.sft_datasets():
            if dataset.name == name:
                return dataset
        raise ValueError(f"{name!r} is not a dataset the configuration fine-tunes on")

    def evaluated(self) -> list[str]:
        """Names evaluated on Super-NI and LongForm: the untuned backbones (the base model and
        any encoder-decoder ones) and every SFT checkpoint."""
        return [BASE, *self.seq2seq_backbones(), *(d.name for d in self.sft_datasets())]

    def evaluated_ref(self, name: str) -> ModelRef:
        """What an evaluated name loads: a named model as it is, or a dataset's checkpoint."""
        if name in self.config["models"]:
            return ModelRef(model=name)
        return ModelRef(dataset=parse_dataset(name))

    def judge_ref(self) -> str:
        """The model reference that grades the judged sets' answers."""
        return self.config["evaluation"]["judged"]["judge"]["model"]

    def judge_label(self) -> str:
        """The judge as tables and score files name it: a hub model by its id and commit, a
        model the rules build or a fine-tuned checkpoint by what it is."""
        ref = ModelRef.parse(self.judge_ref())
        if ref.dataset:
            return f"the base model fine-tuned on {ref.dataset.name} (sft:{ref.dataset.name})"
        model = self.config["models"][ref.model]
        if model["source"] == BUILD:
            return f"the tiny '{ref.model}' model this workflow builds"
        revision = model.get("revision")
        return model["source"] + (f" at commit {revision}" if revision else "")

    def judged_response_shards(self, judged_set: str) -> list[str]:
        """Every evaluated model's answer shards of a judged set, model by model."""
        return [
            path
            for name in self.evaluated()
            for path in self.shards(JUDGED_RESPONSE_SHARD, judged_set=judged_set, dataset=name)
        ]

    # targets ----------------------------------------------------------------------------

    def targets(self, tables: list[str]) -> list[str]:
        """Everything the configured study produces, given the tables it fills."""
        targets = [
            PASSAGES.format(corpus="unsupervised"),
            PASSAGES.format(corpus="supervised"),
            SUPERNI_TEST,
            LONGFORM_TEST,
        ]
        for name in (BASE, "reward", "unieval", *self.seq2seq_backbones()):
            targets += self.model_files(name)
        targets += [
            FRAGMENTS.format(corpus="unsupervised", strategy=s)
            for s in self.config["fragments"]["strategies"]
        ]
        targets.append(FRAGMENTS.format(corpus="supervised", strategy="whole"))
        targets += [g.checkpoint for g in self.generators()]
        targets += [d.path for d in self.track_a_datasets()]
        targets += [d.path for d in self.combined()]
        targets += [d.path for d in self.mixtures()]
        for model in self.track_b_models():
            targets += [
                BOOTSTRAP.format(model=model),
                RL_REWARDS.format(model=model),
                RL_POLICY.format(model=model),
            ]
        targets += [d.path for d in self.track_b_datasets()]
        for name in self.evaluated():
            targets += [
                SUPERNI_METRICS.format(dataset=name),
                LONGFORM_METRICS.format(dataset=name),
            ]
        for judged_set in JUDGED_SETS:
            targets += [
                JUDGED_ITEMS.format(judged_set=judged_set),
                JUDGED_RESPONSES.format(judged_set=judged_set),
                JUDGED_SCORES.format(judged_set=judged_set),
            ]
        targets += [TABLE.format(table=t, ext=ext) for t in tables for ext in ("md", "csv")]
        targets += [VERB_NOUN_TABLE.format(ext=ext) for ext in ("csv", "md")]
        targets.append(TABLES_PAGE)
        return targets
