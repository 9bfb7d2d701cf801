"""Exact settings per step: what each rule's job reads from the configuration, and nothing more.

Every rule that runs pipeline logic has one frozen dataclass here (``STEPS`` maps rule names to
them). ``Step.from_config(config, **wildcards)`` builds it from the validated configuration
through a ``ConfigReader``, which records each key path it reads and how:

- ``result``: the key changes what the job writes. The rule passes these fields, and only
  these, as its ``params`` (``Step.params()``), so Snakemake reruns a job exactly when one of
  them changes;
- ``execution``: the key changes only how the job runs (batch sizes, the device, permissions).
  A job reads them from the configuration at run time (``Step.execution(config)``), so
  retuning a batch size for another GPU reruns nothing; the invariance tests prove the results
  do not depend on them;
- ``layout``: a shard count. It names the shard files, so changing it reruns the sharded step
  and its merge; each item's result does not depend on it;
- ``grid``: a key of the study grid (``plan.Study``) read while naming what a job works on or
  lists (datasets, backbones, table rows).

``tests/test_rerun_scope.py`` plans every leaf key of config.yaml and configs/paper.yaml
against an unchanged run and checks that the jobs Snakemake reruns are those of the steps that
declare the key, and that no key is read by no step.

Nothing here imports torch: the workflow builds these while it plans.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from instructgen import plan

RESULT, EXECUTION, LAYOUT, GRID = "result", "execution", "layout", "grid"
# A key read two ways counts as the strongest: a grid key a step also reads for its result
# is a result key of that step.
_STRENGTH = {GRID: 0, EXECUTION: 1, LAYOUT: 2, RESULT: 3}


class ConfigReader:
    """The validated configuration, read by key path; remembers every path read and how."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.reads: dict[str, str] = {}

    def _record(self, path: str, kind: str) -> None:
        old = self.reads.get(path)
        if old is None or _STRENGTH[kind] > _STRENGTH[old]:
            self.reads[path] = kind

    def _read(self, path: str, kind: str) -> Any:
        value = plan.config_value(self.config, path)
        self._record(path, kind)
        return value

    def result(self, path: str) -> Any:
        return self._read(path, RESULT)

    def execution(self, path: str) -> Any:
        return self._read(path, EXECUTION)

    def layout(self, path: str) -> Any:
        return self._read(path, LAYOUT)

    def study(self) -> plan.Study:
        """The study grid over a view of the configuration that records what it reads."""
        return plan.Study(_RecordingView(self.config, "", self))

    def keys(self, kind: str) -> set[str]:
        return {path for path, how in self.reads.items() if how == kind}


class _RecordingView(Mapping):
    """A read-only mapping over part of the configuration whose leaf reads are recorded as
    grid reads: a scalar or a list of scalars is a leaf, a mapping or a list of mappings is a
    view of its own."""

    def __init__(self, data: Mapping[str, Any], path: str, reader: ConfigReader) -> None:
        self._data, self._path, self._reader = data, path, reader

    def _wrap(self, value: Any, path: str) -> Any:
        if isinstance(value, Mapping):
            return _RecordingView(value, path, self._reader)
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            return [self._wrap(v, f"{path}.{i}") for i, v in enumerate(value)]
        self._reader._record(path, GRID)
        return value

    def __getitem__(self, key: str) -> Any:
        return self._wrap(self._data[key], f"{self._path}.{key}" if self._path else key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


# -- models -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelSpec:
    """How a job loads a model: the folder it was built or fetched into (or a checkpoint the
    workflow trained), what kind of model it is, its dtype, whether its own code may run, and
    which backend generates with it."""

    source: str
    kind: str = "causal_lm"
    dtype: str = "auto"
    trust_remote_code: bool = False
    backend: str = "transformers"


def model_spec(cfg: ConfigReader, ref: str | plan.ModelRef, *, generates: bool) -> ModelSpec:
    """The spec of a model reference: a named model (``models.<name>``) as built or fetched,
    or ``sft:<dataset>``, the checkpoint the SFT stage trains. `generates`: the step samples
    text with it, so the generation backend is part of what it produces."""
    ref = plan.ModelRef.parse(ref) if isinstance(ref, str) else ref
    study = cfg.study()
    if ref.dataset:
        kind = cfg.result(f"models.{ref.dataset.backbone}.kind")
        return ModelSpec(ref.dataset.checkpoint, kind, backend=_backend(cfg, kind, generates))
    name = ref.model
    kind = cfg.result(f"models.{name}.kind")
    return ModelSpec(
        study.model_folder(name),
        kind,
        cfg.result(f"models.{name}.dtype"),
        cfg.result(f"models.{name}.trust_remote_code"),
        _backend(cfg, kind, generates),
    )


def _backend(cfg: ConfigReader, kind: str, generates: bool) -> str:
    """`generation.backend` for a decoder-only model that generates; transformers otherwise.
    vLLM serves decoder-only models, so encoder-decoder ones (paper 1 Table 6's T5 backbones
    and their SFT checkpoints) generate with transformers whatever the config says, and their
    jobs do not rerun when it changes."""
    if generates and kind == "causal_lm":
        return cfg.result("generation.backend")
    return "transformers"


def generator_spec(cfg: ConfigReader, generator: str) -> ModelSpec:
    """A reverse instruction generator: the base model's spec on its trained checkpoint."""
    base = model_spec(cfg, plan.BASE, generates=True)
    return dataclasses.replace(base, source=plan.Generator.parse(generator).checkpoint)


def instance_policy_source(cfg: ConfigReader, model: str, method: str) -> str:
    """Where REFINE-AF stage 3's generator is loaded from (see `instance_policy_spec`)."""
    if method == "refine_af":
        return plan.RL_POLICY.format(model=model)
    return cfg.study().model_folder(model)


def instance_policy_spec(cfg: ConfigReader, model: str, method: str) -> ModelSpec:
    """REFINE-AF stage 3's generator: the RL-tuned policy (refine_af), a causal LM the RL step
    saved in full precision, or the untuned backbone (the self_instruct baseline)."""
    if method == "refine_af":
        backend = cfg.result("generation.backend")
        return ModelSpec(plan.RL_POLICY.format(model=model), backend=backend)
    return model_spec(cfg, model, generates=True)


# -- steps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inference:
    """How a model step runs: where, and how large a batch may be: at most `batch_size` items
    and, when set, at most `batch_tokens` tokens over its rows (what bounds a batch's memory
    whatever its prompts' lengths; see instructgen.generation.plan_batches)."""

    device: str
    batch_size: int
    batch_tokens: int | None = None


@dataclass(frozen=True)
class Training:
    """How a fine-tuning job runs: the largest micro-batch one device takes (the rest of its
    share of the global batch is accumulated) and how often it checkpoints, in minutes."""

    per_device_batch_size: int
    checkpoint_minutes: float = 30.0


@dataclass(frozen=True)
class NoExecution:
    """A step whose running needs no setting."""


class Step:
    """A step's settings: built from the configuration (``from_config``), passed to its rule
    as params (``params``) and rebuilt from them in the job (``from_params``)."""

    #: The rules whose jobs take these settings.
    rules: ClassVar[tuple[str, ...]] = ()
    #: A sharded step's shard files (plan.SHARD_KEYS names the key of their count) and the
    #: rule that merges them.
    shard_pattern: ClassVar[str | None] = None
    merge_rule: ClassVar[str | None] = None

    @classmethod
    def read(cls, cfg: ConfigReader, **wildcards: str) -> Self:
        raise NotImplementedError

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **wildcards: str) -> Any:
        return NoExecution()

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **wildcards: str) -> Self:
        return cls.read(ConfigReader(config), **wildcards)

    @classmethod
    def execution(cls, config: Mapping[str, Any], **wildcards: str) -> Any:
        return cls.read_execution(ConfigReader(config), **wildcards)

    @classmethod
    def reads(cls, config: Mapping[str, Any], **wildcards: str) -> dict[str, str]:
        """Every key path a job with these wildcards reads, with how it reads it."""
        cfg = ConfigReader(config)
        cls.read(cfg, **wildcards)
        cls.read_execution(cfg, **wildcards)
        if pattern := cls.sharded(**wildcards):
            cfg.layout(plan.SHARD_KEYS[pattern])
        return dict(cfg.reads)

    @classmethod
    def sharded(cls, **wildcards: str) -> str | None:
        """The shard file pattern of a job of this step, if it is sharded."""
        return cls.shard_pattern

    def params(self) -> dict[str, Any]:
        """The result-changing settings as plain data, for the rule's params."""
        return json.loads(json.dumps(dataclasses.asdict(self)))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        return _build(cls, params)

    def section(self) -> dict[str, Any]:
        """The settings without the seed, as the config section spells them (what the tiny
        model builders take and their cards record)."""
        return {k: v for k, v in self.params().items() if k != "seed"}


def _build(cls: type, data: Mapping[str, Any]) -> Any:
    """A dataclass (nested dataclasses included) from its ``asdict`` form."""
    hints = {f.name: f.type for f in dataclasses.fields(cls)}
    values = {}
    for name, value in data.items():
        kind = _NESTED.get(hints[name])
        values[name] = _build(kind, value) if kind and value is not None else value
        if isinstance(values[name], list):
            values[name] = tuple(values[name])
    return cls(**values)


def decoding_args(
    max_new_tokens: int, temperature: float, stop_strings: Sequence[str]
) -> dict[str, Any]:
    """instructgen.generation.SamplingParams's arguments for an answer decoded greedily at
    temperature 0, else sampled from the whole distribution at that temperature, ending before
    the first of its stop strings (the evaluations' config keys)."""
    sampled = temperature > 0
    return {
        "max_new_tokens": max_new_tokens,
        "do_sample": sampled,
        "temperature": temperature if sampled else 1.0,
        "stop_strings": tuple(stop_strings),
    }


def _inference(cfg: ConfigReader, section: str) -> Inference:
    return Inference(
        cfg.execution("device"),
        cfg.execution(f"{section}.batch_size"),
        cfg.execution(f"{section}.batch_tokens"),
    )


# Corpora ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFetch(Step):
    """A raw source copied or downloaded and verified (config ``corpora.<name>``)."""

    rules = ("fetch_source",)
    source: str
    sha256: str | None = None
    git_blob_sha1: str | None = None
    revision: str | None = None
    archive_subdir: str | None = None
    git_tree_sha1: str | None = None

    @classmethod
    def read(cls, cfg: ConfigReader, source: str, **_: str) -> Self:
        key = f"corpora.{source}"
        fields = ("source", "sha256", "git_blob_sha1", "revision", "archive_subdir")
        return cls(*(cfg.result(f"{key}.{f}") for f in (*fields, "git_tree_sha1")))

    @classmethod
    def read_execution(cls, cfg: ConfigReader, source: str, **_: str) -> bool:
        """Whether an unpinned URL may be downloaded, by the config or by this source (a
        permission: the bytes are the same)."""
        everywhere = cfg.execution("allow_unpinned_downloads")
        return cfg.execution(f"corpora.{source}.allow_unpinned") or everywhere


@dataclass(frozen=True)
class PassageSample(Step):
    """Paper 1's unsupervised corpus: seeded samples of Wikipedia and C4 passages."""

    rules = ("sample_passages",)
    wikipedia_passages: int
    c4_passages: int
    min_words: int
    max_words: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        fields = ("wikipedia_passages", "c4_passages", "min_words", "max_words")
        values = (cfg.result(f"unsupervised_corpus.{f}") for f in fields)
        return cls(*values, cfg.result("seed"))


@dataclass(frozen=True)
class SupervisedCorpus(Step):
    """Paper 1's supervised corpus: outputs of Super-NI training tasks."""

    rules = ("build_supervised_corpus",)
    superni_outputs: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        return cls(cfg.result("supervised_corpus.superni_outputs"), cfg.result("seed"))


@dataclass(frozen=True)
class InstructionData(Step):
    """An existing instruction dataset prepared as a baseline; Super-NI's training split keeps
    at most `max_instances_per_task` of each task (None for the others)."""

    rules = ("prepare_instruction_data",)
    max_instances_per_task: int | None
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, baseline: str, **_: str) -> Self:
        cap = None
        if baseline == "superni_train":
            cap = cfg.result("instruction_data.superni_max_instances_per_task")
        return cls(cap, cfg.result("seed"))


@dataclass(frozen=True)
class Mixture(Step):
    """Records drawn from several prepared baselines (config ``sft.mixtures.<name>``)."""

    rules = ("mix_instruction_data",)
    sizes: dict[str, int]  # baseline -> records drawn from it, in config order
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, mixture: str, **_: str) -> Self:
        parts = cfg.config["sft"]["mixtures"].get(mixture)
        if parts is None:
            raise ValueError(f"unknown mixture {mixture!r} (sft.mixtures)")
        sizes = {part: cfg.result(f"sft.mixtures.{mixture}.{part}") for part in parts}
        return cls(sizes, cfg.result("seed"))


@dataclass(frozen=True)
class SuperNITest(Step):
    """The Super-NI test items: the first `max_instances_per_task` of each test task."""

    rules = ("prepare_superni_test",)
    max_instances_per_task: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        return cls(cfg.result("evaluation.superni.max_instances_per_task"))


@dataclass(frozen=True)
class LongFormTest(Step):
    """The LongForm test items: the first `max_items`."""

    rules = ("prepare_longform_test",)
    max_items: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        return cls(cfg.result("evaluation.longform.max_items"))


@dataclass(frozen=True)
class JudgedSet(Step):
    """A judged set's items: Vicuna's questions less the excluded categories (paper 1 §4.2
    keeps 70 of 80), or every user-oriented instruction with its input and reference output."""

    rules = ("prepare_judged_set",)
    judged_set: str
    excluded_categories: tuple[str, ...]

    @classmethod
    def read(cls, cfg: ConfigReader, judged_set: str, **_: str) -> Self:
        excluded = ()
        if judged_set == "vicuna":
            excluded = tuple(cfg.result("evaluation.judged.vicuna.excluded_categories"))
        return cls(judged_set, excluded)


# Models that rules build or fetch -----------------------------------------------------------


@dataclass(frozen=True)
class TinyTokenizer(Step):
    """A byte-level BPE tokenizer trained on the shipped corpus (deterministic: no seed)."""

    rules = ("train_tokenizer",)
    vocab_size: int
    min_frequency: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        key = "tiny_models.tokenizer"
        return cls(cfg.result(f"{key}.vocab_size"), cfg.result(f"{key}.min_frequency"))


@dataclass(frozen=True)
class TinyCausalLM(Step):
    """The tiny Llama that stands in for the base model, pre-trained on the shipped corpus."""

    rules = ("pretrain_base_lm",)
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    max_position_embeddings: int
    steps: int
    batch_size: int
    seq_len: int
    learning_rate: float
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        names = [f.name for f in dataclasses.fields(cls)][:-1]
        return cls(*(cfg.result(f"tiny_models.causal_lm.{n}") for n in names), cfg.result("seed"))


@dataclass(frozen=True)
class TinyReward(Step):
    """The tiny reward model, trained on preference pairs from the tiny base model."""

    rules = ("train_reward_model",)
    steps: int
    batch_size: int
    learning_rate: float
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        names = ("steps", "batch_size", "learning_rate")
        return cls(*(cfg.result(f"tiny_models.reward.{n}") for n in names), cfg.result("seed"))


@dataclass(frozen=True)
class TinySeq2Seq(Step):
    """The tiny T5 behind the UniEval stand-in and paper 1 Table 6's encoder-decoder."""

    rules = ("train_unieval_model", "pretrain_seq2seq_backbone")
    d_model: int
    num_layers: int
    num_heads: int
    d_ff: int
    steps: int
    batch_size: int
    learning_rate: float
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        names = [f.name for f in dataclasses.fields(cls)][:-1]
        return cls(*(cfg.result(f"tiny_models.seq2seq.{n}") for n in names), cfg.result("seed"))


@dataclass(frozen=True)
class ModelFetch(Step):
    """A hub model (at its pinned commit) or a local folder, fetched once for every job."""

    rules = ("fetch_model",)
    source: str
    revision: str | None
    kind: str

    @classmethod
    def read(cls, cfg: ConfigReader, fetched: str, **_: str) -> Self:
        key = f"models.{fetched}"
        return cls(cfg.result(f"{key}.source"), cfg.result(f"{key}.revision"),
                   cfg.result(f"{key}.kind"))  # fmt: skip

    @classmethod
    def read_execution(cls, cfg: ConfigReader, fetched: str, **_: str) -> bool:
        """Whether a hub model without a pinned commit may be fetched (a permission)."""
        return cfg.execution(f"models.{fetched}.allow_unpinned")


@dataclass(frozen=True)
class Standin(Step):
    """A hub-shaped stand-in of a configured hub model, for the rehearsal."""

    rules = ("build_standin",)
    name: str
    revision: str | None
    tiny_models: dict[str, Any]
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, org: str, repo: str, **_: str) -> Self:
        from instructgen.standins.names import standin_name

        name = standin_name(cfg.study().config, plan.hub_id(org, repo))
        sections = ("tokenizer", "causal_lm", "reward", "seq2seq")
        tiny = {
            section: {key: cfg.result(f"tiny_models.{section}.{key}")
                      for key in cfg.config["tiny_models"][section]}
            for section in sections
        }  # fmt: skip
        return cls(name, cfg.result(f"models.{name}.revision"), tiny, cfg.result("seed"))


# Fragments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFragments(Step):
    """A rule-based fragment strategy (paper 1, 3.2): YAKE's settings for `keywords`, the
    seed for `random_sentence`, nothing for `whole`."""

    rules = ("extract_fragments",)
    strategy: str
    top_k: int | None = None
    max_ngram_size: int | None = None
    dedup_threshold: float | None = None
    seed: int | None = None

    @classmethod
    def read(cls, cfg: ConfigReader, strategy: str, **_: str) -> Self:
        if strategy == "keywords":
            key = "fragments.keywords"
            names = ("top_k", "max_ngram_size", "dedup_threshold")
            return cls(strategy, *(cfg.result(f"{key}.{n}") for n in names))
        if strategy == "random_sentence":
            return cls(strategy, seed=cfg.result("seed"))
        return cls(strategy)


@dataclass(frozen=True)
class LLMExtraction(Step):
    """LLM extraction with the Table 10 prompt, decoded greedily."""

    rules = ("extract_fragments_llm",)
    model: ModelSpec
    max_new_tokens: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        ref = cfg.result("fragments.llm_extraction.model")
        return cls(
            model_spec(cfg, ref, generates=True),
            cfg.result("fragments.llm_extraction.max_new_tokens"),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "fragments.llm_extraction")


# Track A ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratorData(Step):
    """Output-to-instruction training pairs for one generator: `size` pairs of its source."""

    rules = ("generator_data",)
    size: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, generator: str, **_: str) -> Self:
        source = plan.Generator.parse(generator).source
        return cls(cfg.result(f"track_a.source_sizes.{source}"), cfg.result("seed"))


@dataclass(frozen=True)
class Recipe:
    """A fine-tuning recipe's result-changing part: the global batch (examples per optimiser
    step over all devices), not how a device splits it."""

    learning_rate: float
    batch_size: int
    epochs: float
    warmup_ratio: float
    scheduler: str
    max_steps: int

    @classmethod
    def read(cls, cfg: ConfigReader, key: str) -> Recipe:
        return cls(*(cfg.result(f"{key}.{f.name}") for f in dataclasses.fields(cls)))


@dataclass(frozen=True)
class Finetune(Step):
    """Supervised fine-tuning of a model on (prompt, response) pairs: the reverse instruction
    generator (train_generator) and every SFT checkpoint (train_sft)."""

    rules = ("train_generator", "train_sft")
    model: ModelSpec
    recipe_name: str | None  # an SFT recipe's name (sft.recipes.<name>); None for the generator
    recipe_key: str  # the config key of the recipe, named in errors
    recipe: Recipe
    max_seq_len: int
    use_lora: bool
    load_in_4bit: bool
    seed: int

    @staticmethod
    def recipe_of(cfg: ConfigReader, generator: str | None, dataset: str | None) -> str | None:
        """The name of the SFT recipe a job trains with (None: the generator's recipe)."""
        return None if generator is not None else cfg.study().sft_dataset(dataset).recipe

    @staticmethod
    def recipe_key_of(name: str | None) -> str:
        return "track_a.generator_training" if name is None else f"sft.recipes.{name}"

    @classmethod
    def read(
        cls, cfg: ConfigReader, generator: str | None = None, dataset: str | None = None, **_: str
    ) -> Self:
        name = cls.recipe_of(cfg, generator, dataset)
        key = cls.recipe_key_of(name)
        if generator is not None:
            spec = model_spec(cfg, plan.BASE, generates=False)
            use_lora = load_in_4bit = False
        else:
            backbone = cfg.study().sft_dataset(dataset).backbone
            spec = model_spec(cfg, backbone, generates=False)
            use_lora, load_in_4bit = cfg.result("sft.use_lora"), cfg.result("sft.load_in_4bit")
        return cls(
            spec,
            name,
            key,
            Recipe.read(cfg, key),
            cfg.result("sft.max_seq_len"),
            use_lora,
            load_in_4bit,
            cfg.result("seed"),
        )

    @classmethod
    def read_execution(
        cls, cfg: ConfigReader, generator: str | None = None, dataset: str | None = None, **_: str
    ) -> Training:
        key = cls.recipe_key_of(cls.recipe_of(cfg, generator, dataset))
        return Training(
            cfg.execution(f"{key}.per_device_batch_size"), cfg.execution("sft.checkpoint_minutes")
        )


@dataclass(frozen=True)
class CandidateGeneration(Step):
    """k candidate instructions per fragment by nucleus sampling (paper 1, 3.1)."""

    rules = ("generate_candidates",)
    shard_pattern = plan.CANDIDATE_SHARD
    merge_rule = "merge_candidates"
    model: ModelSpec
    format: str
    k: int
    temperature: float
    top_p: float
    top_k: int
    max_new_tokens: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, generator: str, **_: str) -> Self:
        key = "track_a.candidates"
        names = ("k", "temperature", "top_p", "top_k", "max_new_tokens")
        return cls(
            generator_spec(cfg, generator),
            plan.Generator.parse(generator).format,
            *(cfg.result(f"{key}.{n}") for n in names),
            cfg.result("seed"),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "track_a.candidates")


@dataclass(frozen=True)
class Perplexity(Step):
    """PPL(fragment | candidate) under a filter model: nothing but the model changes it."""

    rules = ("score_candidates",)
    shard_pattern = plan.SCORE_SHARD
    merge_rule = "merge_scores"
    model: ModelSpec

    @classmethod
    def read(cls, cfg: ConfigReader, filter: str, **_: str) -> Self:
        return cls(model_spec(cfg, filter, generates=False))

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "track_a.filtering")


@dataclass(frozen=True)
class Sampling:
    """Candidate sampling as a dataset card records it."""

    k: int
    temperature: float
    top_p: float
    top_k: int
    max_new_tokens: int


@dataclass(frozen=True)
class TrackADataset(Step):
    """The chosen instruction per fragment as a dataset; its card records how the candidates
    were made (sampling, the generator's training source size and recipe)."""

    rules = ("track_a_dataset",)
    dataset: str  # the id <corpus>/<strategy>/<generator>/<filter>/<size>
    candidates: Sampling
    source_size: int
    generator_recipe: Recipe
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **wildcards: str) -> Self:
        dataset = plan.TrackADataset.build(**wildcards)
        sampling = Sampling(
            *(cfg.result(f"track_a.candidates.{f.name}") for f in dataclasses.fields(Sampling))
        )
        source = dataset.generator.source
        return cls(
            dataset.id,
            sampling,
            cfg.result(f"track_a.source_sizes.{source}"),
            Recipe.read(cfg, "track_a.generator_training"),
            cfg.result("seed"),
        )


@dataclass(frozen=True)
class CombinedDataset(Step):
    """Generated Track A datasets concatenated (paper 1 Table 2's last row)."""

    rules = ("combine_track_a",)
    part_ids: tuple[str, ...]
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, combined: str, **_: str) -> Self:
        for index, entry in enumerate(cfg.config["track_a"]["combined"]):
            if entry["name"] == combined:
                parts = cfg.result(f"track_a.combined.{index}.parts")
                return cls(tuple(parts), cfg.result("seed"))
        raise ValueError(f"unknown combined dataset {combined!r}")


# Track B ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bootstrap(Step):
    """REFINE-AF stage 1: Self-Instruct bootstrapping with its reading and filtering rules
    (instructgen.track_b.bootstrap)."""

    rules = ("bootstrap_instructions",)
    model: ModelSpec
    num_instructions: int
    num_human_examples: int
    num_machine_examples: int
    fill_with_seeds: bool
    prompts_per_round: int
    max_new_tokens: int
    temperature: float
    top_p: float
    presence_penalty: float
    max_rounds: int
    stop_sequences: tuple[str, ...]
    max_tasks_per_generation: int
    join_lines: bool
    on_truncation: str
    min_words: int
    max_words: int
    blacklist: tuple[str, ...]
    banned_prefixes: tuple[str, ...]
    reject_punctuation_start: bool
    reject_non_ascii_start: bool
    rouge_threshold: float
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, **_: str) -> Self:
        values = {}
        for f in dataclasses.fields(cls)[1:-1]:
            value = cfg.result(f"track_b.bootstrap.{f.name}")
            values[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(model_spec(cfg, model, generates=True), **values, seed=cfg.result("seed"))

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        """A round's prompts are one batch unless `batch_tokens` splits them (their texts do not
        depend on it: each prompt samples from its own stream)."""
        key = "track_b.bootstrap"
        return Inference(
            cfg.execution("device"),
            cfg.result(f"{key}.prompts_per_round"),
            cfg.execution(f"{key}.batch_tokens"),
        )


@dataclass(frozen=True)
class RewardWeights:
    """Equation 1's weights (REFINE-AF II-C, see README "Reward provenance"):
    reward = intercept + sum of weight x indicator over the four indicators."""

    intercept: float
    reward_model: float
    understandability: float
    naturalness: float
    coherence: float

    INDICATORS: ClassVar[tuple[str, ...]] = (
        "reward_model",
        "understandability",
        "naturalness",
        "coherence",
    )

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> RewardWeights:
        """From a track_b.reward section (its batch_size, an execution setting, is ignored)."""
        return cls(*(float(section[f.name]) for f in dataclasses.fields(cls)))

    def combine(self, components: Mapping[str, float]) -> float:
        """Equation 1 (as configured): the intercept plus the weighted indicators."""
        return self.intercept + sum(
            getattr(self, k) * float(components[k]) for k in self.INDICATORS
        )


@dataclass(frozen=True)
class Lora:
    r: int
    alpha: int
    dropout: float


@dataclass(frozen=True)
class RLFromFeedback(Step):
    """REFINE-AF stage 2: PPO (or GRPO) of the backbone with LoRA against the composite reward."""

    rules = ("rl_from_automated_feedback",)
    policy: ModelSpec
    reward_model: ModelSpec
    unieval_model: ModelSpec
    reward: RewardWeights
    algorithm: str
    steps: int
    batch_size: int  # rollouts per policy update
    gradient_accumulation_steps: int
    learning_rate: float
    kl_coef: float  # PPO: the fixed coefficient, or the adaptive controller's first value
    kl_control: str  # "fixed" or "adaptive" (PPO only; instructgen.track_b.kl_control)
    kl_target: float | None  # adaptive only: the KL the controller steers towards
    kl_horizon: float | None  # adaptive only: the controller's horizon in rollouts
    max_new_tokens: int
    num_generations: int | None  # GRPO only
    lora: Lora
    load_in_4bit: bool
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, **_: str) -> Self:
        key = "track_b.rl"
        algorithm = cfg.result(f"{key}.algorithm")
        reward = RewardWeights(
            *(cfg.result(f"track_b.reward.{f.name}") for f in dataclasses.fields(RewardWeights))
        )
        names = ("steps", "batch_size", "gradient_accumulation_steps", "learning_rate",
                 "kl_coef")  # fmt: skip
        control = cfg.result(f"{key}.kl_control")
        adaptive = control == "adaptive"
        return cls(
            model_spec(cfg, model, generates=False),
            model_spec(cfg, "reward", generates=False),
            model_spec(cfg, "unieval", generates=False),
            reward,
            algorithm,
            *(cfg.result(f"{key}.{n}") for n in names),
            control,
            cfg.result(f"{key}.kl_target") if adaptive else None,
            cfg.result(f"{key}.kl_horizon") if adaptive else None,
            cfg.result(f"{key}.max_new_tokens"),
            cfg.result(f"{key}.num_generations") if algorithm == "grpo" else None,
            Lora(*(cfg.result(f"{key}.lora.{f.name}") for f in dataclasses.fields(Lora))),
            cfg.result(f"{key}.load_in_4bit"),
            cfg.result("seed"),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> RLExecution:
        return RLExecution(
            cfg.execution("device"),
            cfg.execution("track_b.reward.batch_size"),
            cfg.execution("track_b.rl.on_cpu_4bit"),
        )


@dataclass(frozen=True)
class RLExecution:
    """Where RL runs, how many triplets the reward scores at once, and what 4-bit loading does
    on a machine without CUDA ("error" stops, "skip" loads full precision and says so)."""

    device: str
    reward_batch_size: int
    on_cpu_4bit: str


@dataclass(frozen=True)
class InstancePromptSource(Step):
    """The instance-stage prompts a run fills: this project's own or Self-Instruct's, parsed
    from its pinned template files (instructgen.track_b.prompts)."""

    rules = ("instance_prompts",)
    source: str

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        return cls(cfg.result("track_b.instances.prompts"))


@dataclass(frozen=True)
class Classification(Step):
    """Self-Instruct's "is it a classification task?" question for every instruction (the
    self_instruct mode of track_b.instances.mode)."""

    rules = ("classify_instructions",)
    policy: ModelSpec
    max_new_tokens: int

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, method: str, **_: str) -> Self:
        return cls(
            instance_policy_spec(cfg, model, method),
            cfg.result("track_b.classification.max_new_tokens"),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "track_b.classification")


@dataclass(frozen=True)
class Instances(Step):
    """REFINE-AF stage 3: greedy instance generation for every instruction, one text each, in
    the configured mode (one_pair: REFINE-AF II-D; self_instruct: Self-Instruct's pipeline,
    whose classification tasks get their own token limit)."""

    rules = ("generate_instances",)
    shard_pattern = plan.INSTANCE_SHARD
    merge_rule = "track_b_datasets"
    policy: ModelSpec
    mode: str
    max_new_tokens: int
    max_new_tokens_classification: int | None  # the self_instruct mode only
    presence_penalty: float
    stop_sequences: tuple[str, ...]

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, method: str, **_: str) -> Self:
        key = "track_b.instances"
        mode = cfg.result(f"{key}.mode")
        return cls(
            instance_policy_spec(cfg, model, method),
            mode,
            cfg.result(f"{key}.max_new_tokens"),
            cfg.result(f"{key}.max_new_tokens_classification") if mode == "self_instruct" else None,
            cfg.result(f"{key}.presence_penalty"),
            tuple(cfg.result(f"{key}.stop_sequences")),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "track_b.instances")


@dataclass(frozen=True)
class InstancePostprocessing(Step):
    """Self-Instruct's post-processing of each instruction's instances (the self_instruct mode;
    instructgen.track_b.postprocess)."""

    rules = ("postprocess_instances",)
    max_instances_per_task: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        # It merges the instance shards (in this mode, in place of track_b_datasets): their
        # count names the files it reads.
        cfg.layout(plan.SHARD_KEYS[plan.INSTANCE_SHARD])
        return cls(cfg.result("track_b.instances.max_instances_per_task"), cfg.result("seed"))


@dataclass(frozen=True)
class TrackBDatasets(Step):
    """Each instruction with its instances, as the Table II subsets (the first N instructions
    of the pool, N in `sizes`): its first pair (one_pair) or what Self-Instruct's
    post-processing kept (self_instruct)."""

    rules = ("track_b_datasets",)
    sizes: tuple[str, ...]
    policy: str
    mode: str
    max_new_tokens: int
    seed: int

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, method: str, **_: str) -> Self:
        total = cfg.result("track_b.bootstrap.num_instructions")
        subsets = cfg.result("track_b.instances.subset_sizes")
        return cls(
            plan.track_b_sizes(total, subsets),
            instance_policy_source(cfg, model, method),
            cfg.result("track_b.instances.mode"),
            cfg.result("track_b.instances.max_new_tokens"),
            cfg.result("seed"),
        )


# Evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation(Step):
    """Zero-shot answers of an evaluated model on a benchmark's test items: the prompt style
    (instructgen.templates.EVALUATION_PROMPTS), the decoding (greedy at temperature 0; a
    sampled one is seeded per item by the run's seed) and the strings an answer stops at."""

    benchmark: ClassVar[str]
    model: ModelSpec
    max_new_tokens: int
    prompt: str
    temperature: float
    stop_strings: tuple[str, ...]
    seed: int | None  # only when sampling (temperature > 0)

    @classmethod
    def read(cls, cfg: ConfigReader, dataset: str, **_: str) -> Self:
        ref = cfg.study().evaluated_ref(dataset)
        key = f"evaluation.{cls.benchmark}"
        temperature = cfg.result(f"{key}.temperature")
        return cls(
            model_spec(cfg, ref, generates=True),
            cfg.result(f"{key}.max_new_tokens"),
            cfg.result(f"{key}.prompt"),
            temperature,
            tuple(cfg.result(f"{key}.stop_strings")),
            cfg.result("seed") if temperature > 0 else None,
        )

    def decoding(self) -> dict[str, Any]:
        """The arguments of instructgen.generation.SamplingParams this decoding takes."""
        return decoding_args(self.max_new_tokens, self.temperature, self.stop_strings)

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, f"evaluation.{cls.benchmark}")


@dataclass(frozen=True)
class SuperNIEvaluation(Evaluation):
    rules = ("evaluate_superni_shard",)
    benchmark = "superni"
    shard_pattern = plan.SUPERNI_SHARD
    merge_rule = "score_superni"


@dataclass(frozen=True)
class LongFormEvaluation(Evaluation):
    rules = ("evaluate_longform_shard",)
    benchmark = "longform"
    shard_pattern = plan.LONGFORM_SHARD
    merge_rule = "score_longform"


@dataclass(frozen=True)
class JudgedResponses(Step):
    """An evaluated model's answers to a judged set's items, prompted as configured and
    decoded greedily at temperature 0 (sampled, each item from its own seeded stream, above)."""

    rules = ("respond_judged_shard",)
    shard_pattern = plan.JUDGED_RESPONSE_SHARD
    merge_rule = "merge_judged_responses"
    benchmark: str  # the judged set
    model: ModelSpec
    prompt: str
    max_new_tokens: int
    temperature: float
    stop_strings: tuple[str, ...]
    seed: int | None  # only when sampling

    @classmethod
    def read(cls, cfg: ConfigReader, judged_set: str, dataset: str, **_: str) -> Self:
        key = "evaluation.judged.responses"
        temperature = cfg.result(f"{key}.temperature")
        return cls(
            judged_set,
            model_spec(cfg, cfg.study().evaluated_ref(dataset), generates=True),
            cfg.result(f"{key}.prompt"),
            cfg.result(f"{key}.max_new_tokens"),
            temperature,
            tuple(cfg.result(f"{key}.stop_strings")),
            cfg.result("seed") if temperature > 0 else None,
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "evaluation.judged.responses")

    def decoding(self) -> dict[str, Any]:
        """The arguments of instructgen.generation.SamplingParams this decoding takes."""
        return decoding_args(self.max_new_tokens, self.temperature, self.stop_strings)


@dataclass(frozen=True)
class JudgedMerge(Step):
    """Every evaluated model's answers to a judged set, merged from their shards."""

    rules = ("merge_judged_responses",)
    models: tuple[str, ...]

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        return cls(tuple(cfg.study().evaluated()))


@dataclass(frozen=True)
class Judging(Step):
    """The judge's grade of every answer to a judged set: Vicuna-style 1-10 scores or
    REFINE-AF's RATING-A to D (instructgen.evaluation.judge), greedy."""

    rules = ("judge_responses",)
    judged_set: str
    judge: ModelSpec
    judge_label: str  # the judge as tables and scores name it
    prompt_wrapper: str
    max_new_tokens: int

    @classmethod
    def read(cls, cfg: ConfigReader, judged_set: str, **_: str) -> Self:
        key = "evaluation.judged.judge"
        return cls(
            judged_set,
            model_spec(cfg, cfg.result(f"{key}.model"), generates=True),
            cfg.study().judge_label(),
            cfg.result(f"{key}.prompt_wrapper"),
            cfg.result(f"{key}.max_new_tokens"),
        )

    @classmethod
    def read_execution(cls, cfg: ConfigReader, **_: str) -> Inference:
        return _inference(cfg, "evaluation.judged.judge")


# Tables and figures: what each one shows is planned from the study grid, so they read the
# grid; the rule's params are that plan. ------------------------------------------------------


@dataclass(frozen=True)
class Table(Step):
    """One of the papers' tables: its rows, the files they read, published numbers, notes."""

    rules = ("make_table",)
    spec: dict[str, Any]

    @classmethod
    def read(cls, cfg: ConfigReader, table: str, **_: str) -> Self:
        from instructgen.tables.specs import table_spec

        return cls(table_spec(table, cfg.study()).to_dict())


@dataclass(frozen=True)
class TablesPage(Step):
    """The report's page of every table the grid fills."""

    rules = ("tables_index",)
    tables: tuple[str, ...]

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        from instructgen.tables.specs import configured_tables

        return cls(tuple(configured_tables(cfg.study())))


@dataclass(frozen=True)
class DiversityFigure(Step):
    """The verb-noun sunbursts of every instruction set and the unique-pair table."""

    rules = ("diversity",)
    sets: tuple[dict[str, str], ...]
    parser: str
    top_verbs: int
    top_nouns: int
    published: dict[str, int]

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        from instructgen.figures import catalog

        study = cfg.study()
        return cls(
            tuple(dataclasses.asdict(s) for s in catalog.diversity_sets(study)),
            cfg.result("analysis.parser"),
            cfg.result("analysis.top_verbs"),
            cfg.result("analysis.top_nouns"),
            catalog.published_unique_pairs(study),
        )


@dataclass(frozen=True)
class RewardFigure(Step):
    """REFINE-AF Fig. 3: the mean reward per PPO step and its moving average."""

    rules = ("reward_curve",)
    window: int
    published_rho: float | None

    @classmethod
    def read(cls, cfg: ConfigReader, model: str, **_: str) -> Self:
        from instructgen.figures import catalog

        rho = catalog.published_reward_spearman(cfg.study(), model)
        return cls(cfg.result("analysis.moving_average_window"), rho)


@dataclass(frozen=True)
class RougeFigure(Step):
    """REFINE-AF Fig. 4/5: each instruction's highest ROUGE-L with a reference set."""

    rules = ("rouge_l_histogram",)
    field: str
    label: str
    published_mean: float | None

    @classmethod
    def read(cls, cfg: ConfigReader, reference: str, **_: str) -> Self:
        from instructgen.figures import catalog

        found = catalog.ROUGE_REFERENCES[reference]
        mean = catalog.published_rouge_mean(cfg.study(), reference)
        return cls(found.field, found.label, mean)


@dataclass(frozen=True)
class PointsFigure(Step):
    """A figure of one point per evaluated dataset, as figures.catalog's `points_of` plans
    them."""

    points_of: ClassVar[str]
    points: tuple[dict[str, str], ...]

    @classmethod
    def read(cls, cfg: ConfigReader, **_: str) -> Self:
        from instructgen.figures import catalog

        return cls(tuple(getattr(catalog, cls.points_of)(cfg.study())))


@dataclass(frozen=True)
class SizeFigure(PointsFigure):
    """REFINE-AF Fig. 7: Super-NI score against the number of instructions."""

    rules = ("superni_vs_size",)
    points_of = "size_curve_points"


@dataclass(frozen=True)
class StrategyFigure(PointsFigure):
    """Paper 1 Fig. 3: Super-NI score per extraction strategy."""

    rules = ("extraction_strategies",)
    points_of = "strategy_points"


@dataclass(frozen=True)
class LossFigure(Step):
    """The SFT training-loss curves of one paper's checkpoints."""

    rules = ("training_loss",)
    logs: dict[str, str]
    title: str

    @classmethod
    def read(cls, cfg: ConfigReader, group: str, **_: str) -> Self:
        from instructgen.figures import catalog

        return cls(catalog.loss_logs(cfg.study(), group), catalog.LOSS_GROUPS[group].title)


def _all_steps(base: type[Step]) -> list[type[Step]]:
    found = []
    for step in base.__subclasses__():
        found += [step, *_all_steps(step)]
    return found


def job_settings(snakemake: Any) -> tuple[Any, Any]:
    """A job's settings: the result part from its params (what Snakemake compares to decide a
    rerun), how it runs from the configuration."""
    step = STEPS[snakemake.rule]
    wildcards = dict(snakemake.wildcards.items())
    settings = step.from_params(snakemake.params.settings)
    return settings, step.execution(snakemake.config, **wildcards)


STEPS: dict[str, type[Step]] = {rule: step for step in _all_steps(Step) for rule in step.rules}
_NESTED = {
    "ModelSpec": ModelSpec,
    "Recipe": Recipe,
    "Sampling": Sampling,
    "RewardWeights": RewardWeights,
    "Lora": Lora,
}
