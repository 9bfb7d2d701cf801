"""How much work each job has: items and their token lengths, and the shapes of the models it
loads. Measured from the job's input files when they exist and the run will not rewrite them (a
finished or partly finished run: results/*.jsonl, fetched model folders), else bounded by the
configuration (passages of at most `unsupervised_corpus.max_words` words, k candidates of at most
`max_new_tokens` tokens, 15,000 instructions, ...) and by the published sizes of the sources below.

Token counts without a tokenizer: about 1.33 LLaMA tokens a word of English, at least one
token per 4 characters (templates dense in punctuation and newlines). `Items` keeps the longest
item (what the first batch of a length-sorted job holds, so what its memory peak depends on)
and the mean (what its time depends on); without a measurement or a published mean, the mean
is the bound.

Nothing here imports torch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from instructgen import plan, templates
from instructgen.resources.shapes import ModelShape, shape_from_config, shape_of

TOKENS_PER_WORD = 1.33
CHARS_PER_TOKEN = 4.0

# Sizes of the sources where the configuration sets none, with where they come from.
SUPERNI_TEST_TASKS = 119  # splits/default/test_tasks.txt at the pinned commit (configs/paper.yaml)
PUBLISHED_SIZES: dict[str, tuple[int, str]] = {
    "superni_train": (75_317, "paper 1 Table 4: Super-NI train at 100 instances a task"),
    "dolly": (15_011, "databricks-dolly-15k: 15,011 records"),
    "longform": (23_652, "LongForm train split (paper 1 Table 2: 24K)"),
    "self_instruct_seeds": (175, "Self-Instruct's 175 seed tasks"),
    "self_instruct_gpt3": (82_439, "Self-Instruct's all_instances_82K.jsonl: 82,439 instances"),
}
# The Self-Instruct seed tasks at the checksum configs/paper.yaml pins (sha256 7779004f...,
# data/seed_tasks.jsonl of yizhongw/self-instruct at 0b26cca, read there): 175 tasks; the
# instructions' word counts, longest first, and their mean. What a bootstrapping prompt's
# length depends on until the file is fetched (then it is measured).
PUBLISHED_SEED_WORDS = (66, 45, 45, 35, 33, 31, 28, 28)
PUBLISHED_SEED_MEAN_WORDS = 12.96
PUBLISHED_SEED_COUNT = 175
# Published means (paper 1 Table 1, words): what a test prompt's time depends on.
SUPERNI_MEAN_INSTRUCTION_WORDS = 186.62
LONGFORM_MEAN_INSTRUCTION_WORDS = 129.94
SUPERNI_MEAN_OUTPUT_WORDS = 5.86


def text_tokens(text: str) -> int:
    return words_tokens(len(text.split()), len(text))


def words_tokens(words: float, chars: float = 0) -> int:
    return math.ceil(max(words * TOKENS_PER_WORD, chars / CHARS_PER_TOKEN))


@dataclass(frozen=True)
class Items:
    """A job's items: how many, the longest and the mean length in tokens, and whence."""

    count: int
    longest: int
    mean: int
    source: str

    def per_shard(self, shards: int) -> Items:
        return Items(math.ceil(self.count / shards), self.longest, self.mean, self.source)

    def plus(self, tokens: int) -> Items:
        """Each item wrapped in `tokens` more (a template)."""
        return Items(self.count, self.longest + tokens, self.mean + tokens, self.source)


def _lookup(config: Mapping[str, Any], path: str, default: Any = None) -> Any:
    try:
        value = plan.config_value(config, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return default
    return default if value is None else value


@cache
def _measure_jsonl(path: str, mtime_ns: int, fields: tuple[str, ...]) -> tuple[int, int, int]:
    """(records, longest, mean) tokens of `fields` joined, over a JSON-lines file."""
    count = longest = total = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            text = " ".join(str(record.get(f) or "") for f in fields)
            tokens = text_tokens(text)
            count, total, longest = count + 1, total + tokens, max(longest, tokens)
    return count, longest, math.ceil(total / max(count, 1))


def measured(path: str | Path | None, fields: tuple[str, ...]) -> Items | None:
    if path is None or not Path(path).is_file():
        return None
    path = Path(path)
    count, longest, mean = _measure_jsonl(str(path), path.stat().st_mtime_ns, fields)
    return Items(count, longest, mean, f"measured from {path}")


class Workloads:
    """The workloads of one configuration, with the run's files under `root`; `rewritten`:
    outputs (relative to `root`) of the jobs the run will rerun
    (resources.dag.rewritten_outputs)."""

    def __init__(
        self,
        config: Mapping[str, Any],
        root: str | Path = ".",
        rewritten: Collection[str] = frozenset(),
    ) -> None:
        self.config = config
        self.root = Path(root)
        self.rewritten = frozenset(rewritten)
        self.study = plan.Study(config)

    def file(self, relative: str) -> Path | None:
        """`relative` under the root, or None when it is (or lies in) an output the run will
        rewrite: a file made under other settings, such as the default configuration's
        miniature run in the same folder, measures nothing of this configuration."""
        path = PurePosixPath(relative)
        if any(str(p) in self.rewritten for p in (path, *path.parents)):
            return None
        return self.root / relative

    # corpora --------------------------------------------------------------------------------

    def passages(self, corpus: str) -> Items:
        found = measured(self.file(plan.PASSAGES.format(corpus=corpus)), ("text",))
        if found:
            return found
        if corpus == "unsupervised":
            section = self.config["unsupervised_corpus"]
            count = section["wikipedia_passages"] + section["c4_passages"]
            longest = words_tokens(section["max_words"])
            return Items(count, longest, longest, "bound: unsupervised_corpus.max_words")
        count = self.config["supervised_corpus"]["superni_outputs"]
        # Super-NI outputs have no length bound in the configuration (the model's context cuts
        # the prompt); paper 1 Table 1's mean output length of the test split stands for all.
        mean = words_tokens(SUPERNI_MEAN_OUTPUT_WORDS)
        return Items(count, UNBOUNDED, mean, "bound: the model's context (Super-NI outputs)")

    def fragments(self, corpus: str, strategy: str) -> Items:
        found = measured(
            self.file(plan.FRAGMENTS.format(corpus=corpus, strategy=strategy)), ("text",)
        )
        if found:
            return found
        passages = self.passages(corpus)
        if strategy == "keywords":
            section = self.config["fragments"]["keywords"]
            longest = words_tokens(section["top_k"] * section["max_ngram_size"])
            return Items(passages.count, longest, longest, "bound: fragments.keywords")
        if strategy == "llm_extraction":
            longest = self.config["fragments"]["llm_extraction"]["max_new_tokens"]
            return Items(passages.count, longest, longest, "bound: llm_extraction.max_new_tokens")
        return passages  # whole passages; a random sentence is at most its passage

    def superni_test(self) -> Items:
        found = measured(self.file(plan.SUPERNI_TEST), ("definition", "input"))
        if found:
            return found
        count = SUPERNI_TEST_TASKS * self.config["evaluation"]["superni"]["max_instances_per_task"]
        mean = words_tokens(SUPERNI_MEAN_INSTRUCTION_WORDS)
        return Items(count, UNBOUNDED, mean, "bound: 119 test tasks x max_instances_per_task")

    def longform_test(self) -> Items:
        found = measured(self.file(plan.LONGFORM_TEST), ("instruction",))
        if found:
            return found
        count = self.config["evaluation"]["longform"]["max_items"]
        mean = words_tokens(LONGFORM_MEAN_INSTRUCTION_WORDS)
        return Items(count, UNBOUNDED, mean, "bound: evaluation.longform.max_items")

    def instance_prompt_tokens(self) -> dict[str, int]:
        """Tokens of each instance-stage prompt (input_first, output_first, is_classification)
        the run uses: the resolved prompts file when it exists, else this project's prompts or
        the published lengths of Self-Instruct's (`track_b.instances.prompts`)."""
        path = self.file(plan.INSTANCE_PROMPTS)
        if path and path.is_file():
            prompts = json.loads(path.read_text())["prompts"]
            return {name: text_tokens(text) for name, text in prompts.items()}
        if self.config["track_b"]["instances"].get("prompts", "project") == "self_instruct":
            return {
                name: words_tokens(0, chars) for name, chars in SELF_INSTRUCT_PROMPT_CHARS.items()
            }
        return {
            name: text_tokens(text) for name, text in templates.PROJECT_PROMPTS.as_dict().items()
        }

    def judged_items(self, judged_set: str) -> Items:
        """A judged set's items (Vicuna's questions, the user-oriented instructions)."""
        found = measured(self.file(plan.JUDGED_ITEMS.format(judged_set=judged_set)), JUDGED_ASKED)
        if found:
            return found
        count = JUDGED_SET_SIZES[judged_set]
        mean = words_tokens(JUDGED_MEAN_WORDS)
        return Items(count, UNBOUNDED, mean, f"bound: the published {count} {judged_set} items")

    def judged_answers(self, judged_set: str) -> Items:
        """Every evaluated model's answers to a judged set, each with what it answers."""
        path = self.file(plan.JUDGED_RESPONSES.format(judged_set=judged_set))
        found = measured(path, (*JUDGED_ASKED, "reference", "response"))
        if found:
            return found
        asked = self.judged_items(judged_set)
        models = len(self.study.evaluated())
        answer = self.config["evaluation"]["judged"]["responses"]["max_new_tokens"]
        return Items(
            asked.count * models,
            UNBOUNDED,
            asked.mean + answer,
            f"{asked.source}, answered by {models} evaluated models",
        )

    # Track B ---------------------------------------------------------------------------------

    def instructions(self, model: str) -> Items:
        """The bootstrapped pool of a backbone."""
        found = measured(self.file(plan.BOOTSTRAP.format(model=model)), ("instruction",))
        if found:
            return found
        boot = self.config["track_b"]["bootstrap"]
        longest = words_tokens(boot["max_words"])
        return Items(boot["num_instructions"], longest, longest, "bound: track_b.bootstrap")

    def seed_words(self) -> tuple[list[int], float, str]:
        """Word counts of the seed instructions, longest first, their mean, and whence."""
        folder = self.file(plan.SOURCE.format(source="self_instruct_seeds"))
        files = sorted(folder.glob("*.jsonl")) if folder and folder.is_dir() else []
        if files:
            words = sorted(
                (
                    len(json.loads(line)["instruction"].split())
                    for line in files[0].read_text(encoding="utf-8").splitlines()
                    if line.strip()
                ),
                reverse=True,
            )
            return words, sum(words) / max(len(words), 1), f"measured from {files[0]}"
        return (
            list(PUBLISHED_SEED_WORDS),
            PUBLISHED_SEED_MEAN_WORDS,
            "the pinned seed_tasks.jsonl (175 tasks, longest 66 words)",
        )

    def bootstrap_prompt(self) -> Items:
        """Appendix IX-C prompts: the header, `num_human_examples` seeds and
        `num_machine_examples` kept instructions (at most max_words each), numbered. The
        longest takes the longest seeds; the mean, seeds and kept ones of the seeds' mean."""
        boot = self.config["track_b"]["bootstrap"]
        words, mean_words, source = self.seed_words()
        label = words_tokens(2)  # "Task 9:"
        header = text_tokens(templates.BOOTSTRAP_HEADER)
        humans, machines = boot["num_human_examples"], boot["num_machine_examples"]
        examples = humans + machines
        longest = header + sum(words_tokens(w) for w in words[:humans])
        longest += machines * words_tokens(boot["max_words"]) + (examples + 1) * label
        mean = header + examples * (words_tokens(mean_words) + label) + label
        return Items(1, longest, mean, source)

    def kept_per_call(self, model: str) -> tuple[float, str]:
        """Instructions a bootstrapping call keeps: the card's measured rate, else an assumed
        one (ASSUMED_KEPT_PER_CALL: a call writes at most max_tasks_per_generation = 7 tasks, and
        the filters and the ROUGE-L novelty test reject many; no rate was measured at paper
        scale, so one a call is taken, which the card's rate replaces once a run has one)."""
        card = self.file(plan.card(plan.BOOTSTRAP.format(model=model)))
        if card and card.is_file():
            stats = json.loads(card.read_text()).get("statistics", {})
            if stats.get("kept_per_call"):
                return float(stats["kept_per_call"]), f"measured in {card}"
        return ASSUMED_KEPT_PER_CALL, "assumed (no bootstrap card yet)"

    # SFT datasets ----------------------------------------------------------------------------

    def dataset(self, name: str) -> Items:
        """Examples of an SFT dataset; lengths of prompt and response together."""
        dataset = self.study.sft_dataset(name)
        # A dataset tuned into another backbone has its own dataset's examples.
        inner = dataset.dataset if isinstance(dataset, plan.OnBackbone) else dataset
        found = measured(self.file(inner.path), ("instruction", "input", "output"))
        if found:
            return found.plus(ALPACA_TEMPLATE_TOKENS)
        return self._dataset_bound(inner).plus(ALPACA_TEMPLATE_TOKENS)

    def _dataset_bound(self, dataset: Any) -> Items:
        if isinstance(dataset, plan.Baseline) and dataset.dataset == "supervised_manual":
            count = self.config["supervised_corpus"]["superni_outputs"]
            return Items(count, UNBOUNDED, UNBOUNDED, "supervised_corpus.superni_outputs")
        if isinstance(dataset, plan.MixtureDataset):
            sizes = self.study.mixture_parts(dataset.mixture)
            parts = [self._dataset_bound(plan.Baseline(part)) for part in sizes]
            return Items(
                sum(sizes.values()),
                max(p.longest for p in parts),
                max(p.mean for p in parts),
                f"sft.mixtures.{dataset.mixture}",
            )
        if isinstance(dataset, plan.Baseline):
            count, where = PUBLISHED_SIZES[dataset.dataset]
            if dataset.dataset == "superni_train":
                cap = self.config["instruction_data"]["superni_max_instances_per_task"]
                where += f" (cap {cap})"
            return Items(count, UNBOUNDED, UNBOUNDED, where)
        if isinstance(dataset, plan.CombinedDataset):
            parts = [self._dataset_bound(p) for p in self.study.combined_parts(dataset.combined)]
            return Items(
                sum(p.count for p in parts),
                max(p.longest for p in parts),
                max(p.mean for p in parts),
                "sum of its parts",
            )
        if isinstance(dataset, plan.TrackADataset):
            fragments = self.fragments(dataset.corpus, dataset.strategy)
            count = fragments.count if dataset.size == "all" else int(dataset.size)
            instruction = self.config["track_a"]["candidates"]["max_new_tokens"]
            return Items(
                min(count, fragments.count),
                _add(fragments.longest, instruction),
                _add(fragments.mean, instruction),
                fragments.source,
            )
        if isinstance(dataset, plan.TrackBDataset):
            pool = self.instructions(dataset.model)
            count = pool.count if dataset.size == "all" else int(dataset.size)
            instance = self.config["track_b"]["instances"]["max_new_tokens"]
            return Items(
                min(count, pool.count),
                pool.longest + instance,
                pool.mean + instance,
                pool.source,
            )
        raise ValueError(f"no workload rule for dataset {dataset!r}")

    def generator_pairs(self, generator: str) -> Items:
        """A reverse generator's training pairs: `track_a.source_sizes` of its source, a
        source output in the Table 9 template and the instruction it answers."""
        found = measured(
            self.file(plan.GENERATOR_DATA.format(generator=generator)), ("prompt", "target")
        )
        parsed = plan.Generator.parse(generator)
        if found:
            return found
        count = self.config["track_a"]["source_sizes"][parsed.source]
        return Items(count, UNBOUNDED, UNBOUNDED, f"track_a.source_sizes.{parsed.source}")

    # models -----------------------------------------------------------------------------------

    def model_name(self, ref: str | plan.ModelRef) -> str:
        """The named model a reference loads weights of the shape of (an SFT checkpoint has its
        backbone's shape)."""
        ref = plan.ModelRef.parse(ref) if isinstance(ref, str) else ref
        return ref.dataset.backbone if ref.dataset else ref.model

    def model_folder(self, name: str) -> Path | None:
        """Model `name`'s built or fetched folder, None while the run will (re)write it."""
        return self.file(self.study.model_folder(name))

    def model_shape(self, name: str, *, head: str | None = None) -> ModelShape:
        return model_shape(self.config, name, self.model_folder(name), head=head)

    def model_dtype(self, name: str) -> str:
        """What a model loads as: its configured dtype; "auto" is the checkpoint's own (the
        published float32 of UniEval and the T5s when their config names none)."""
        dtype = self.config["models"][name].get("dtype", "auto")
        if dtype != "auto":
            return dtype
        stored = _model_config(self.config, name, self.model_folder(name)).get("torch_dtype")
        return stored if stored in ("float32", "bfloat16", "float16") else "float32"

    def model_label(self, name: str) -> str:
        source = self.config["models"][name]["source"]
        return name if source == plan.BUILD else source


# A prompt with no bound in the configuration: the model's context cuts it.
UNBOUNDED = 10**9
# The judged sets before they are fetched: Vicuna's 80 questions (an upper bound on what the
# category filter keeps) and Self-Instruct's 252 user-oriented instructions, whose instruction
# and input run to about 60 words on average; their longest is bounded by the model's context.
# Self-Instruct's three prompts at commit 0b26cca before they are fetched: their lengths in
# characters (instance_gen_template.py and clf_task_template.py's string literals).
SELF_INSTRUCT_PROMPT_CHARS = {"input_first": 5743, "output_first": 6851, "is_classification": 3560}
JUDGED_SET_SIZES = {"vicuna": 80, "user_oriented": 252}
JUDGED_MEAN_WORDS = 60
JUDGED_ASKED = ("instruction", "input")
ASSUMED_KEPT_PER_CALL = 1.0
ALPACA_TEMPLATE_TOKENS = text_tokens(templates.alpaca_prompt("", "x"))


def _add(a: int, b: int) -> int:
    return UNBOUNDED if a >= UNBOUNDED else a + b


def _folder_config(folder: Path | None) -> Mapping[str, Any] | None:
    if folder is None or not (folder / "config.json").is_file():
        return None
    return json.loads((folder / "config.json").read_text())


def _model_config(config: Mapping[str, Any], name: str, folder: Path | None) -> Mapping[str, Any]:
    """A named model's config.json: its fetched or built `folder`'s when there is one, else the
    recorded hub config (instructgen.standins.repos), else the tiny model's settings."""
    if (stored := _folder_config(folder)) is not None:
        return stored
    spec = config["models"][name]
    if spec["source"] == plan.BUILD:
        return _tiny_config(config, spec["kind"])
    if plan.is_hub_id(spec["source"]):
        from instructgen.resources.shapes import hub_config

        return hub_config(spec["source"])
    local = Path(spec["source"]) / "config.json"
    if local.is_file():
        return json.loads(local.read_text())
    raise ValueError(f"models.{name}: no config.json at {spec['source']} to take a shape from")


def _tiny_config(config: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    """The config a tiny model rule builds (instructgen.tiny), before it is built."""
    tiny = config["tiny_models"]
    vocab = tiny["tokenizer"]["vocab_size"]
    if kind == "seq2seq":
        section = tiny["seq2seq"]
        return {
            "model_type": "t5",
            "d_model": section["d_model"],
            "d_kv": section["d_model"] // section["num_heads"],
            "d_ff": section["d_ff"],
            "num_layers": section["num_layers"],
            "num_heads": section["num_heads"],
            "vocab_size": vocab,
        }
    section = tiny["causal_lm"]
    return {
        "model_type": "llama",
        "architectures": ["LlamaForSequenceClassification" if kind == "reward" else "Llama"],
        "hidden_size": section["hidden_size"],
        "intermediate_size": section["intermediate_size"],
        "num_hidden_layers": section["num_layers"],
        "num_attention_heads": section["num_heads"],
        "max_position_embeddings": section["max_position_embeddings"],
        "vocab_size": vocab,
        "tie_word_embeddings": True,
    }


def model_shape(
    config: Mapping[str, Any], name: str, folder: Path | None, *, head: str | None = None
) -> ModelShape:
    """The shape of named model `name` (models.<name>), from its `folder` when there is one."""
    source = config["models"][name]["source"]
    if plan.is_hub_id(source) and _folder_config(folder) is None:
        return shape_of(source, head=head)
    return shape_from_config(_model_config(config, name, folder), head=head)
