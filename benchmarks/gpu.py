"""GPU check (`make gpu-check`): the pipeline's GPU work on a random ~1B Llama, then a projection.

Randomly initialised models in the papers' architectures (a Llama of about 1B parameters in bf16
for the policy, a Pythia-1.4B-shaped reward model, a T5-large-shaped UniEval; nothing is
downloaded: the tokenizer is a byte-level BPE trained on the shipped corpus in data/, and the
models keep Llama's 32,000-row vocabulary, of which it uses the first ~11,000 ids) are run on
CUDA through the project's own code:

- generation (`instructgen.generation.generate`, the transformers backend): tokens/s one prompt
  at a time against batches of several sizes, on Track A candidate prompts; then one full batch
  of each paper workload as configs/paper.yaml sets it (Track A candidates: batch 64 prompts x
  k samples; Track B bootstrapping: batch 32 prompts of 8 in-context tasks, 1,024 new tokens;
  Super-NI evaluation: batch 32, greedy);
- perplexity scoring (`instructgen.perplexity.score_pairs`): pairs/s at batch 1 against batches;
- one PPO step of REFINE-AF (`instructgen.track_b.rlaf.run_ppo`: TRL's experimental PPOTrainer
  with LoRA policy and value model and the composite reward of `instructgen.track_b.reward`),
  in bf16 and, when bitsandbytes imports, with 4-bit loading as the paper config asks.

Ratios come from one run (`common.race`: rounds interleave the contenders, each keeps its
fastest). Every measurement records torch.cuda.max_memory_allocated() (reset before it; the
figure includes the resident weights). The last block projects the papers' workloads to GPU-hours
on this GPU for a 7B model, scaling the measured time linearly by parameter count; it is a
projection, not a measurement. The full run fits in about eight minutes on an H200 or A100;
`--quick` is a one-minute smoke run (shortened lengths, so its projection is indicative only).
On a machine without CUDA the script refuses with one line.

The projection arithmetic (`Workloads`, `Rates`, `project`) is plain Python so that it is tested
without a GPU (tests/test_gpu_benchmark.py); torch is imported only after the CUDA check.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from common import REPO, race, write_json

PAPER_CONFIG = REPO / "configs/paper.yaml"
# "Scaled to 7B by parameter count": the papers' backbones are LLaMA-7B, LLaMA-2-7B, Mistral-7B.
TARGET_PARAMS = 7e9
# configs/paper.yaml pins Super-NI at the commit whose splits/default/test_tasks.txt lists 119
# tasks; evaluation.superni.max_instances_per_task takes the first 100 of each.
SUPERNI_TEST_TASKS = 119
BUDGET_S = 480
GIB = 2**30
SEED = 20240607

# The measured policy: a Llama of ~0.95B parameters with LLaMA's vocabulary and head count.
POLICY_SHAPE = {
    "hidden_size": 2048,
    "intermediate_size": 5632,
    "num_hidden_layers": 16,
    "num_attention_heads": 32,
    "num_key_value_heads": 32,
    "vocab_size": 32000,
    "max_position_embeddings": 4096,
}
# OpenAssistant's oasst-rm-2.1-pythia-1.4b: GPT-NeoX, Pythia-1.4B's shape, one scalar output.
REWARD_SHAPE = {
    "hidden_size": 2048,
    "intermediate_size": 8192,
    "num_hidden_layers": 24,
    "num_attention_heads": 16,
    "rotary_pct": 0.25,
    "vocab_size": 50304,
    "max_position_embeddings": 2048,
}
# MingZhong/unieval-dialog: T5-large (float32, as published).
UNIEVAL_SHAPE = {
    "d_model": 1024,
    "d_ff": 4096,
    "d_kv": 64,
    "num_layers": 24,
    "num_heads": 16,
    "vocab_size": 32128,
}
# --tiny-on-cpu: the same code on toy shapes, to test the script itself without a GPU.
TINY_SHAPES = {
    "policy": {**POLICY_SHAPE, "hidden_size": 32, "intermediate_size": 64}
    | {"num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 2},
    "reward": {**REWARD_SHAPE, "hidden_size": 32, "intermediate_size": 64}
    | {"num_hidden_layers": 1, "num_attention_heads": 2},
    "unieval": {**UNIEVAL_SHAPE, "d_model": 32, "d_ff": 64, "d_kv": 16}
    | {"num_layers": 1, "num_heads": 2},
}
PAPER_SHAPES = {"policy": POLICY_SHAPE, "reward": REWARD_SHAPE, "unieval": UNIEVAL_SHAPE}


# ---------------------------------------------------------------------------------------------
# Projection arithmetic (no torch)


@dataclass(frozen=True)
class Workloads:
    """The paper-scale work, read from configs/paper.yaml."""

    bootstrap_instructions: int
    bootstrap_tasks_per_call: int
    bootstrap_batch_size: int
    bootstrap_new_tokens: int
    unsupervised_fragments: int
    supervised_fragments: int
    k: int
    candidate_new_tokens: int
    candidate_batch_size: int
    filter_batch_size: int
    superni_tasks: int
    superni_per_task: int
    superni_new_tokens: int
    superni_batch_size: int
    rl_steps: int
    rl_batch_size: int
    rl_new_tokens: int
    rl_four_bit: bool

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Workloads:
        boot = config["track_b"]["bootstrap"]
        candidates = config["track_a"]["candidates"]
        unsupervised = config["unsupervised_corpus"]
        superni = config["evaluation"]["superni"]
        rl = config["track_b"]["rl"]
        return cls(
            bootstrap_instructions=boot["num_instructions"],
            bootstrap_tasks_per_call=boot["max_tasks_per_generation"],
            bootstrap_batch_size=boot["prompts_per_round"],
            bootstrap_new_tokens=boot["max_new_tokens"],
            unsupervised_fragments=unsupervised["wikipedia_passages"] + unsupervised["c4_passages"],
            supervised_fragments=config["supervised_corpus"]["superni_outputs"],
            k=candidates["k"],
            candidate_new_tokens=candidates["max_new_tokens"],
            candidate_batch_size=candidates["batch_size"],
            filter_batch_size=config["track_a"]["filtering"]["batch_size"],
            superni_tasks=SUPERNI_TEST_TASKS,
            superni_per_task=superni["max_instances_per_task"],
            superni_new_tokens=superni["max_new_tokens"],
            superni_batch_size=superni["batch_size"],
            rl_steps=rl["steps"],
            rl_batch_size=rl["batch_size"],
            rl_new_tokens=rl["max_new_tokens"],
            rl_four_bit=bool(rl["load_in_4bit"]),
        )

    @property
    def fragments(self) -> int:
        return self.unsupervised_fragments + self.supervised_fragments

    def bootstrap_calls(self, kept_per_call: float | None = None) -> int:
        """Generation calls to keep `bootstrap_instructions`, in whole rounds of `batch_size`.

        By default every call keeps `max_tasks_per_generation` tasks, the most it can: a lower
        bound (pass the bootstrap card's measured kept_per_call for a realistic figure)."""
        per_call = kept_per_call or self.bootstrap_tasks_per_call
        calls = math.ceil(self.bootstrap_instructions / per_call)
        return math.ceil(calls / self.bootstrap_batch_size) * self.bootstrap_batch_size

    def bootstrap_tokens(self, kept_per_call: float | None = None) -> int:
        # The transformers backend decodes max_new_tokens per call: stop strings cut the text
        # afterwards, only an end-of-sequence token ends a row early.
        return self.bootstrap_calls(kept_per_call) * self.bootstrap_new_tokens

    @property
    def candidate_tokens(self) -> int:
        return self.k * self.fragments * self.candidate_new_tokens

    @property
    def filter_pairs(self) -> int:
        return self.k * self.fragments

    @property
    def superni_prompts(self) -> int:
        return self.superni_tasks * self.superni_per_task

    @property
    def superni_tokens(self) -> int:
        return self.superni_prompts * self.superni_new_tokens


def read_workloads(path: str | Path = PAPER_CONFIG) -> Workloads:
    import yaml

    return Workloads.from_config(yaml.safe_load(Path(path).read_text()))


@dataclass(frozen=True)
class Rates:
    """What the run measured, at each workload's own shape."""

    params: float
    candidate_tokens_per_s: float
    bootstrap_tokens_per_s: float
    superni_tokens_per_s: float
    filter_pairs_per_s: float
    ppo_step_s: float | None = None
    ppo_reward_s: float = 0.0
    ppo_four_bit: bool = False


@dataclass(frozen=True)
class Projection:
    name: str
    work: str
    hours: float


def parameter_scale(measured_params: float, target_params: float = TARGET_PARAMS) -> float:
    """Time grows linearly with parameter count: the factor from the measured model to 7B."""
    if measured_params <= 0:
        raise ValueError("the measured model has no parameters")
    return target_params / measured_params


def gpu_hours(units: float, units_per_s: float, scale: float = 1.0) -> float:
    """Hours for `units` (tokens, pairs) at the measured rate, times the parameter scale."""
    if units_per_s <= 0:
        raise ValueError("a rate must be positive")
    return units / units_per_s * scale / 3600


def rl_gpu_hours(steps: int, step_s: float, reward_s: float, scale: float) -> float:
    """PPO hours: the policy/value share of a step scales with the policy's parameters; the
    reward models are measured at the paper's sizes, so their share is kept as measured."""
    return steps * ((step_s - reward_s) * scale + reward_s) / 3600


def project(
    rates: Rates,
    workloads: Workloads,
    target_params: float = TARGET_PARAMS,
    kept_per_call: float | None = None,
) -> list[Projection]:
    """GPU-hours of each paper workload at `target_params`, from this run's rates."""
    w, scale = workloads, parameter_scale(rates.params, target_params)
    calls = w.bootstrap_calls(kept_per_call)
    kept = kept_per_call or w.bootstrap_tasks_per_call
    rows = [
        Projection(
            "Track B bootstrapping",
            f"{w.bootstrap_instructions:,} instructions at {kept:g} kept per call = {calls:,} "
            f"calls x {w.bootstrap_new_tokens:,} tokens = {w.bootstrap_tokens(kept_per_call):,} "
            "tokens",
            gpu_hours(w.bootstrap_tokens(kept_per_call), rates.bootstrap_tokens_per_s, scale),
        ),
        Projection(
            "Track A candidates, per generator",
            f"k={w.k} x ({w.unsupervised_fragments:,} + {w.supervised_fragments:,}) fragments x "
            f"{w.candidate_new_tokens} tokens = {w.candidate_tokens:,} tokens",
            gpu_hours(w.candidate_tokens, rates.candidate_tokens_per_s, scale),
        ),
        Projection(
            "Track A perplexity filter, per filter model",
            f"k={w.k} x {w.fragments:,} fragments = {w.filter_pairs:,} pairs",
            gpu_hours(w.filter_pairs, rates.filter_pairs_per_s, scale),
        ),
    ]
    if rates.ppo_step_s is not None:
        kind = "4-bit LoRA" if rates.ppo_four_bit else "bf16 LoRA"
        rows.append(
            Projection(
                "Track B PPO, per base model",
                f"{w.rl_steps} steps of {w.rl_batch_size} rollouts x {w.rl_new_tokens} tokens "
                f"({kind}; reward models unscaled)",
                rl_gpu_hours(w.rl_steps, rates.ppo_step_s, rates.ppo_reward_s, scale),
            )
        )
    rows.append(
        Projection(
            "Super-NI evaluation, one checkpoint",
            f"{w.superni_tasks} tasks x {w.superni_per_task} = {w.superni_prompts:,} prompts x "
            f"{w.superni_new_tokens} tokens = {w.superni_tokens:,} tokens",
            gpu_hours(w.superni_tokens, rates.superni_tokens_per_s, scale),
        )
    )
    return rows


# ---------------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True)
class Sizes:
    """How much of each measurement to run."""

    name: str
    sweep_batches: tuple[int, ...]  # batched generation contenders (one batch each)
    sweep_tokens: int
    single_prompts: int  # generated one at a time
    rounds: int
    workload_prompts: int | None  # None: each workload's configured batch (one full batch)
    tokens_cap: int | None  # None: each workload's configured max_new_tokens
    pairs: int
    single_pairs: int
    pair_batches: tuple[int, ...]
    ppo_steps: int


FULL = Sizes("full", (8, 32, 128), 128, 4, 2, None, None, 1024, 64, (16, 64), 3)
QUICK = Sizes("quick", (8, 32), 32, 2, 1, 16, 48, 256, 16, (64,), 2)
TINY = Sizes("tiny CPU test", (4,), 4, 2, 1, 4, 6, 16, 4, (8,), 2)


def cuda_refusal() -> str | None:
    """One line saying why this machine cannot run the check, or None when it can."""
    try:
        import torch
    except ImportError:
        return "gpu.py: torch is not installed; the GPU check needs a CUDA build of torch"
    if torch.version.cuda is None:
        return (
            f"gpu.py: no GPU: torch {torch.__version__} is a CPU build (the lock pins one); "
            "install a CUDA build of the same version to run the GPU check"
        )
    if not torch.cuda.is_available():
        return f"gpu.py: no GPU: torch {torch.__version__} sees no CUDA device on this machine"
    return None


def say(line: str = "") -> None:
    print(line, flush=True)


# The shipped data the H200 figures were measured with: the BPE is trained on these folders only,
# so data added later (data/vicuna, the user-oriented set) leaves the measured shapes as they were.
TOKENIZER_DATA = ("corpus", "dolly", "longform", "self_instruct", "superni")
TOKENIZER_EXCLUDED = ("self_instruct/user_oriented_instructions.jsonl",)


def shipped_texts() -> list[str]:
    """Every string in the shipped data the figures were measured on (passages, instructions,
    outputs): the BPE's corpus."""

    def strings(value: Any):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    texts = []
    paths = [p for folder in TOKENIZER_DATA for p in (REPO / "data" / folder).rglob("*.json*")]
    for path in sorted(paths):
        if path.relative_to(REPO / "data").as_posix() in TOKENIZER_EXCLUDED:
            continue
        records = (
            [json.loads(line) for line in path.open() if line.strip()]
            if path.suffix == ".jsonl"
            else [json.loads(path.read_text())]
        )
        texts += [s for record in records for s in strings(record) if s.strip()]
    return texts


@contextlib.contextmanager
def quiet_fds():
    """Silence file descriptors 1 and 2 (output written below Python's sys.stdout/stderr)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def random_model(cls, config, device: str, dtype):
    import torch

    with torch.device(device):
        model = cls._from_config(config, dtype=dtype)
    return model.eval()


def build_policy(root: Path, shape: dict[str, int], device: str) -> tuple[str, int]:
    """The tokenizer and a random Llama saved as a model folder; returns (folder, vocab used)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from instructgen.modeling import save_model
    from instructgen.tiny.tokenizer import train_tokenizer

    with quiet_fds():  # the Rust trainer draws progress bars on the terminal
        tokenizer = train_tokenizer(
            shipped_texts(), shape["vocab_size"], 2, str(root / "tokenizer")
        )
    config = LlamaConfig(
        **shape,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    torch.manual_seed(SEED)
    model = random_model(LlamaForCausalLM, config, device, torch.bfloat16)
    folder = root / "policy"
    save_model(model, tokenizer, folder, {"title": "random Llama for the GPU check"})
    del model
    return str(folder), len(tokenizer)


def build_scorer(folder: str, shapes: dict[str, dict[str, Any]], settings, device: str):
    """The composite reward on random models in the paper's reward architectures; wraps score()
    to time it, so the projection can keep the reward models' share unscaled."""
    import torch
    from transformers import (
        GPTNeoXConfig,
        GPTNeoXForSequenceClassification,
        T5Config,
        T5ForConditionalGeneration,
    )

    from instructgen.modeling import load_tokenizer
    from instructgen.settings import RewardWeights
    from instructgen.track_b.reward import CompositeScorer

    reward_tokenizer, unieval_tokenizer = load_tokenizer(folder), load_tokenizer(folder)
    ids = {
        "pad_token_id": reward_tokenizer.pad_token_id,
        "eos_token_id": reward_tokenizer.eos_token_id,
    }
    bos = reward_tokenizer.bos_token_id
    reward = random_model(
        GPTNeoXForSequenceClassification,
        GPTNeoXConfig(**shapes["reward"], num_labels=1, bos_token_id=bos, **ids),
        device,
        torch.bfloat16,
    )
    unieval = random_model(
        T5ForConditionalGeneration,
        T5Config(**shapes["unieval"], decoder_start_token_id=ids["pad_token_id"], **ids),
        device,
        torch.float32,
    )

    class TimedScorer(CompositeScorer):
        seconds = 0.0

        def score(self, triplets):
            sync(device)
            start = time.perf_counter()
            rows = super().score(triplets)
            sync(device)
            self.seconds += time.perf_counter() - start
            return rows

    return TimedScorer(
        reward,
        reward_tokenizer,
        unieval,
        unieval_tokenizer,
        RewardWeights.from_config(settings),
        batch_size=settings["batch_size"],
    )


def sync(device: str) -> None:
    if device == "cuda":
        import torch

        torch.cuda.synchronize()


class Meter:
    """Wraps contenders: peak GPU memory per contender (reset before each call) and the
    tokens generated per call, which a contender counts in `meter.report` (generate's report:
    every row's tokens, a prompt's k samples each counted, though they share one prefill)."""

    def __init__(self, device: str) -> None:
        from instructgen.generation import GenerationReport

        self.device = device
        self.peaks: dict[str, int | None] = {}
        self.tokens: dict[str, int] = {}
        self.new_report = GenerationReport
        self.report = GenerationReport()

    def reset_peak(self) -> None:
        if self.device == "cuda":
            import torch

            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()

    def peak(self) -> int | None:
        if self.device != "cuda":
            return None
        import torch

        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated()

    def wrap(self, name: str, run: Callable[[], Any]) -> Callable[[], Any]:
        def measured():
            self.reset_peak()
            self.report = self.new_report()
            result = run()
            peak = self.peak()
            self.peaks[name] = None if peak is None else max(self.peaks.get(name) or 0, peak)
            self.tokens[name] = self.report.new_tokens
            return result

        return measured

    def race(self, contenders: dict[str, Callable[[], Any]], rounds: int):
        return race({name: self.wrap(name, run) for name, run in contenders.items()}, rounds)


def gib(n: int | None) -> str:
    return "n/a on CPU" if n is None else f"{n / GIB:.1f} GiB"


def shuffled(items: list, seed: int = SEED) -> list:
    """A fixed random order, so that any prefix is a fair sample of the whole."""
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def track_a_prompts() -> list[str]:
    """Track A candidate prompts on whole shipped passages (the unsupervised/whole fragments)."""
    from instructgen.loaders import load_passages
    from instructgen.templates import generator_prompt

    passages = load_passages(REPO / "data/corpus/wikipedia.jsonl", "wikipedia")
    passages += load_passages(REPO / "data/corpus/c4.jsonl", "c4")
    return shuffled([generator_prompt(p["text"], "instruction") for p in passages])


def seed_instructions() -> list[str]:
    return [
        json.loads(line)["instruction"]
        for line in open(REPO / "data/self_instruct/seed_tasks.jsonl")
        if line.strip()
    ]


def bootstrap_prompts(settings: dict[str, Any], count: int) -> list[str]:
    """Appendix IX-C prompts as a bootstrapping round draws them (6 human + 2 machine tasks; the
    shipped seeds stand in for the machine-generated pool)."""
    from instructgen.templates import bootstrap_prompt

    seeds = seed_instructions()
    rng = random.Random(SEED)
    prompts = []
    for _ in range(count):
        examples = rng.sample(seeds, settings["num_human_examples"])
        examples += rng.sample(seeds, settings["num_machine_examples"])
        rng.shuffle(examples)
        prompts.append(bootstrap_prompt(examples))
    return prompts


def superni_prompts() -> list[str]:
    from instructgen.corpora.superni_test import superni_test_items
    from instructgen.evaluation.common import superni_prompt

    return shuffled(
        [superni_prompt(item) for item in superni_test_items(REPO / "data/superni", 100)]
    )


def filter_pairs() -> list[tuple[str, str]]:
    """(candidate instruction, fragment): whole shipped passages and Super-NI training outputs,
    the fragments paper 1 filters, each with Dolly instructions standing in for candidates."""
    from instructgen.loaders import load_dolly, load_passages, load_superni_split, outputs_of

    fragments = [p["text"] for p in load_passages(REPO / "data/corpus/wikipedia.jsonl", "w")]
    fragments += [p["text"] for p in load_passages(REPO / "data/corpus/c4.jsonl", "c")]
    fragments += [
        outputs_of(instance)[0]
        for _, task in load_superni_split(REPO / "data/superni", "train")
        for instance in task["Instances"]
    ]
    instructions = [r["instruction"] for r in load_dolly(REPO / "data/dolly/dolly.jsonl")]
    pairs = [
        (instructions[(3 * i + j) % len(instructions)], fragment)
        for i, fragment in enumerate(fragments)
        for j in range(3)
    ]
    return shuffled(pairs)


def take(items: list, n: int) -> list:
    """The first n items, cycling when there are fewer."""
    return [items[i % len(items)] for i in range(n)]


def capped(tokens: int, sizes: Sizes) -> int:
    return min(tokens, sizes.tokens_cap) if sizes.tokens_cap else tokens


def measure_generation(model, tokenizer, config, sizes: Sizes, meter: Meter, record: dict):
    from instructgen.evaluation.common import sampling as superni_sampling
    from instructgen.generation import SamplingParams, generate
    from instructgen.track_a.candidates import sampling_params

    cand = config["track_a"]["candidates"]
    prompts = track_a_prompts()
    generate(model, tokenizer, prompts[:2], SamplingParams(max_new_tokens=4), batch_size=2)
    say(
        f"generation, Track A candidate prompts, {sizes.sweep_tokens} new tokens, "
        f"sampling (top-k {cand['top_k']}, top-p {cand['top_p']}), one sample per prompt:"
    )
    sweep = sampling_params(
        SimpleNamespace(**cand | {"k": 1, "max_new_tokens": sizes.sweep_tokens})
    )
    contenders = {
        "one at a time": lambda: generate(
            model,
            tokenizer,
            take(prompts, sizes.single_prompts),
            sweep,
            batch_size=1,
            report=meter.report,
        )
    }
    for b in sizes.sweep_batches:
        contenders[f"batch {b}"] = lambda b=b: generate(
            model, tokenizer, take(prompts, b), sweep, batch_size=b, report=meter.report
        )
    timings = meter.race(contenders, sizes.rounds)
    rates = {name: meter.tokens[name] / t.best_s for name, t in timings.items()}
    single = rates["one at a time"]
    rows = []
    for name, rate in rates.items():
        ratio = "" if name == "one at a time" else f", {rate / single:.1f}x one at a time"
        say(f"  {name}: {rate:,.0f} tokens/s{ratio} (peak {gib(meter.peaks[name])})")
        rows.append(
            {"contender": name, "tokens_per_s": rate, "peak_bytes": meter.peaks[name]}
            | {"tokens": meter.tokens[name], "best_s": timings[name].best_s}
        )
    record["generation_sweep"] = rows

    # One full batch of each paper workload, as configs/paper.yaml sets it.
    boot = config["track_b"]["bootstrap"]
    superni = config["evaluation"]["superni"]
    n = sizes.workload_prompts
    cand_params = sampling_params(
        SimpleNamespace(**cand | {"max_new_tokens": capped(cand["max_new_tokens"], sizes)})
    )
    boot_params = SamplingParams(
        max_new_tokens=capped(boot["max_new_tokens"], sizes),
        do_sample=True,
        temperature=boot["temperature"],
        top_p=boot["top_p"],
        stop_strings=tuple(boot["stop_sequences"]),
        presence_penalty=boot["presence_penalty"],
    )
    superni_params = superni_sampling(
        superni | {"max_new_tokens": capped(superni["max_new_tokens"], sizes)}
    )
    shapes = {
        "candidates": (take(prompts, n or cand["batch_size"]), cand_params, cand["batch_size"]),
        "bootstrap": (
            bootstrap_prompts(boot, n or boot["prompts_per_round"]),
            boot_params,
            boot["prompts_per_round"],
        ),
        "superni": (
            take(superni_prompts(), n or superni["batch_size"]),
            superni_params,
            superni["batch_size"],
        ),
    }
    timings = meter.race(
        {
            name: lambda p=p, s=s, b=b: generate(
                model, tokenizer, p, s, batch_size=b, report=meter.report
            )
            for name, (p, s, b) in shapes.items()
        },
        sizes.rounds,
    )
    say("generation, one batch of each paper workload:")
    workload_rates = {}
    for name, (p, s, b) in shapes.items():
        rate = meter.tokens[name] / timings[name].best_s
        workload_rates[name] = rate
        say(
            f"  {name}: {len(p)} prompts x {s.num_return_sequences} at batch {b}, "
            f"{s.max_new_tokens} new tokens: {rate:,.0f} tokens/s "
            f"(peak {gib(meter.peaks[name])})"
        )
        record.setdefault("generation_workloads", []).append(
            {"workload": name, "prompts": len(p), "samples": s.num_return_sequences}
            | {"batch_size": b, "max_new_tokens": s.max_new_tokens, "tokens_per_s": rate}
            | {"peak_bytes": meter.peaks[name], "best_s": timings[name].best_s}
        )
    return workload_rates


def measure_scoring(model, tokenizer, config, sizes: Sizes, meter: Meter, record: dict) -> float:
    from instructgen.perplexity import score_pairs

    pairs = filter_pairs()
    score_pairs(model, tokenizer, ["Say hi."] * 2, ["Hi."] * 2, batch_size=2)  # warm-up
    filter_batch = config["track_a"]["filtering"]["batch_size"]

    def scorer(subset, batch_size):
        return lambda: score_pairs(
            model, tokenizer, [p[0] for p in subset], [p[1] for p in subset], batch_size=batch_size
        )

    contenders = {"one pair at a time": scorer(take(pairs, sizes.single_pairs), 1)}
    counts = {"one pair at a time": sizes.single_pairs}
    for b in sorted({*sizes.pair_batches, filter_batch}):
        contenders[f"batch {b}"] = scorer(take(pairs, sizes.pairs), b)
        counts[f"batch {b}"] = sizes.pairs
    timings = meter.race(contenders, sizes.rounds)
    say(f"perplexity scoring (score_pairs), {len(pairs)} shipped pairs cycled:")
    rates = {name: counts[name] / t.best_s for name, t in timings.items()}
    single = rates["one pair at a time"]
    for name, rate in rates.items():
        ratio = "" if name == "one pair at a time" else f", {rate / single:.1f}x one at a time"
        say(f"  {name}: {rate:,.1f} pairs/s{ratio} (peak {gib(meter.peaks[name])})")
        record.setdefault("scoring", []).append(
            {"contender": name, "pairs": counts[name], "pairs_per_s": rate}
            | {"peak_bytes": meter.peaks[name], "best_s": timings[name].best_s}
        )
    return rates[f"batch {filter_batch}"]


def measure_ppo(folder, scorer, config, sizes: Sizes, device, four_bit, meter: Meter) -> dict:
    """Steps of REFINE-AF's PPO through rlaf.run_ppo; the fastest step after the first."""

    from transformers import TrainerCallback

    from instructgen.generation import load_generator
    from instructgen.modeling import load_tokenizer
    from instructgen.settings import Lora, ModelSpec, RewardWeights, RLFromFeedback
    from instructgen.templates import PROJECT_PROMPTS
    from instructgen.track_b import rlaf
    from instructgen.track_b.rl_checkpoints import RLResume

    rl = config["track_b"]["rl"]
    spec = ModelSpec(folder, dtype="bfloat16")
    settings = RLFromFeedback(
        policy=spec,
        reward_model=ModelSpec(folder, "reward"),
        unieval_model=ModelSpec(folder, "seq2seq"),
        reward=RewardWeights.from_config(config["track_b"]["reward"]),
        algorithm="ppo",
        steps=sizes.ppo_steps,
        batch_size=rl["batch_size"],
        gradient_accumulation_steps=rl["gradient_accumulation_steps"],
        learning_rate=rl["learning_rate"],
        kl_coef=rl["kl_coef"],
        kl_control=rl["kl_control"],
        kl_target=rl["kl_target"] if rl["kl_control"] == "adaptive" else None,
        kl_horizon=rl["kl_horizon"] if rl["kl_control"] == "adaptive" else None,
        max_new_tokens=capped(rl["max_new_tokens"], sizes),
        num_generations=None,
        lora=Lora(**rl["lora"]),
        load_in_4bit=four_bit,
        seed=SEED,
    )
    tokenizer = load_tokenizer(folder)
    tokenizer.padding_side = "left"
    if four_bit:
        policy = rlaf._load_policy(spec, device, four_bit=True)
    else:
        policy, _ = load_generator(spec, device, backend="transformers")
    policy.train()
    prompts = [(i, PROJECT_PROMPTS.instance(i)) for i in seed_instructions()]
    steps: list[tuple[float, float]] = []

    class StepClock(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            meter.reset_peak()
            self.start, self.reward = time.perf_counter(), scorer.seconds

        def on_step_end(self, args, state, control, **kwargs):
            sync(device)
            now = time.perf_counter()
            steps.append((now - self.start, scorer.seconds - self.reward))
            self.start, self.reward = now, scorer.seconds

    with tempfile.TemporaryDirectory() as work:
        resume = RLResume(work, "gpu-check", SEED, save_steps=0, extra_callbacks=[StepClock()])
        # TRL prints a banner and every step's metrics dict; the step times are what matter.
        with contextlib.redirect_stdout(io.StringIO()):
            adapted = rlaf.run_ppo(
                policy, tokenizer, scorer, prompts, settings, device, four_bit, resume
            )
    peak = meter.peak()
    del adapted, policy
    free_memory(device)
    timed = steps[1:] or steps
    step_s, reward_s = min(timed)
    return {
        "four_bit": four_bit,
        "step_s": step_s,
        "reward_s": reward_s,
        "steps_s": [s for s, _ in steps],
        "peak_bytes": peak,
        "settings": settings.section(),
    }


def free_memory(device: str) -> None:
    import gc

    gc.collect()
    if device == "cuda":
        import torch

        torch.cuda.empty_cache()


def bitsandbytes_problem() -> str | None:
    try:
        import bitsandbytes  # noqa: F401
    except Exception as error:  # an import of bitsandbytes can fail in many ways
        return f"bitsandbytes does not import ({type(error).__name__}: {error})"
    return None


def describe_device(device: str) -> str:
    import torch

    if device != "cuda":
        return f"CPU (tiny test run), torch {torch.__version__}"
    props = torch.cuda.get_device_properties(0)
    return (
        f"{props.name}, {props.total_memory / GIB:.0f} GiB, torch {torch.__version__}, "
        f"CUDA {torch.version.cuda}"
    )


def run(args) -> dict:
    start = time.perf_counter()
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is built here; never wait on a hub
    import torch
    import yaml
    from transformers.utils import logging as hf_logging

    from instructgen.generation import load_generator
    from instructgen.settings import ModelSpec

    hf_logging.set_verbosity_error()
    warnings.filterwarnings("ignore", category=FutureWarning)
    device = "cpu" if args.tiny_on_cpu else "cuda"
    sizes = TINY if args.tiny_on_cpu else QUICK if args.quick else FULL
    shapes = TINY_SHAPES if args.tiny_on_cpu else PAPER_SHAPES
    config = yaml.safe_load(Path(args.config).read_text())
    workloads = Workloads.from_config(config)
    meter = Meter(device)
    record: dict[str, Any] = {"benchmark": "gpu", "run": sizes.name}
    record["device"] = describe_device(device)
    say(f"device: {record['device']}")
    torch.manual_seed(SEED)

    with tempfile.TemporaryDirectory(prefix="gpu_check_") as tmp:
        folder, vocab_used = build_policy(Path(tmp), shapes["policy"], device)
        model, tokenizer = load_generator(ModelSpec(folder, dtype="bfloat16"), device)
        params = sum(p.numel() for p in model.parameters())
        shape = shapes["policy"]
        say(
            f"model: random Llama, {params / 1e9:.2f}B parameters (hidden {shape['hidden_size']}, "
            f"{shape['num_hidden_layers']} layers, {shape['num_attention_heads']} heads, "
            f"vocabulary {shape['vocab_size']:,} of which the BPE uses {vocab_used:,}), bf16; "
            f"{sizes.name} run, built in {time.perf_counter() - start:.0f} s"
        )
        record |= {"params": params, "shape": shape}
        rates = measure_generation(model, tokenizer, config, sizes, meter, record)
        pairs_per_s = measure_scoring(model, tokenizer, config, sizes, meter, record)
        del model
        free_memory(device)

        scorer = build_scorer(folder, shapes, config["track_b"]["reward"], device)
        ppo = {}
        variants = [False]
        problem = "it needs CUDA" if device != "cuda" else bitsandbytes_problem()
        if problem:
            say(f"PPO with 4-bit loading: skipped, {problem}")
        else:
            variants.append(True)
        reward_shapes = "toy" if args.tiny_on_cpu else "random Pythia-1.4B and T5-large"
        for four_bit in variants:
            label = "4-bit LoRA" if four_bit else "bf16 LoRA"
            try:
                result = measure_ppo(folder, scorer, config, sizes, device, four_bit, meter)
            except Exception as error:  # report it and keep the other figures
                traceback.print_exc()
                say(f"PPO step ({label}): failed, {type(error).__name__}: {error}")
                record.setdefault("failures", {})[f"ppo {label}"] = repr(error)
                result = None
            if result is None:  # freed here, once the exception no longer holds its frames
                free_memory(device)
                continue
            ppo[label] = result
            say(
                f"PPO step ({label}; {config['track_b']['rl']['batch_size']} rollouts x "
                f"{result['settings']['max_new_tokens']} tokens, composite reward on "
                f"{reward_shapes} shapes): {result['step_s']:.2f} s, of which reward "
                f"{result['reward_s']:.2f} s; steps "
                + ", ".join(f"{s:.2f}" for s in result["steps_s"])
                + f" s (peak {gib(result['peak_bytes'])})"
            )
        record["ppo"] = ppo

    chosen = ppo.get("4-bit LoRA") if workloads.rl_four_bit else None
    chosen = chosen or ppo.get("bf16 LoRA") or {"step_s": None, "reward_s": 0.0, "four_bit": False}
    measured = Rates(
        params=params,
        candidate_tokens_per_s=rates["candidates"],
        bootstrap_tokens_per_s=rates["bootstrap"],
        superni_tokens_per_s=rates["superni"],
        filter_pairs_per_s=pairs_per_s,
        ppo_step_s=chosen["step_s"],
        ppo_reward_s=chosen["reward_s"],
        ppo_four_bit=chosen["four_bit"],
    )
    rows = project(measured, workloads, args.target_params, args.kept_per_call)
    scale = parameter_scale(params, args.target_params)
    where = "this CPU (tiny test run: not a measurement)" if device == "cpu" else "this GPU"
    caveat = "" if sizes is FULL else "; lengths shortened in this run, indicative only"
    say(
        f"projection (not a measurement): GPU-hours on {where} for a "
        f"{args.target_params / 1e9:g}B model, measured time x {scale:.2f} "
        f"(parameter count {args.target_params / 1e9:g}B / {params / 1e9:.2f}B){caveat}:"
    )
    for row in rows:
        say(f"  projection: {row.name}: {row.work}: {row.hours:,.1f} GPU-hours")
    total = sum(row.hours for row in rows)
    say(f"  projection: total of the lines above: {total:,.1f} GPU-hours")
    record |= {
        "rates": asdict(measured),
        "workloads": asdict(workloads),
        "projection": [asdict(r) for r in rows],
        "projection_total_hours": total,
        "target_params": args.target_params,
    }
    elapsed = time.perf_counter() - start
    record["elapsed_s"] = elapsed
    over = f", over the {BUDGET_S // 60}-minute budget" if elapsed > BUDGET_S else ""
    say(f"elapsed: {elapsed:.0f} s{over}")
    sweep = {row["contender"]: row["tokens_per_s"] for row in record["generation_sweep"]}
    best = max(sizes.sweep_batches, key=lambda b: sweep[f"batch {b}"])
    scoring = {row["contender"]: row["pairs_per_s"] for row in record["scoring"]}
    filter_batch = config["track_a"]["filtering"]["batch_size"]
    say(
        f"gpu: generation {sweep[f'batch {best}'] / sweep['one at a time']:.1f}x faster at batch "
        f"{best} than one prompt at a time, scoring "
        f"{scoring[f'batch {filter_batch}'] / scoring['one pair at a time']:.1f}x at batch "
        f"{filter_batch}; PPO step "
        + ("failed" if chosen["step_s"] is None else f"{chosen['step_s']:.1f} s")
    )
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a one-minute smoke run")
    parser.add_argument("--config", default=str(PAPER_CONFIG), help="the paper-scale config")
    parser.add_argument(
        "--target-params", type=float, default=TARGET_PARAMS, help="project to this many"
    )
    parser.add_argument(
        "--kept-per-call",
        type=float,
        help="bootstrapped instructions kept per generation call (default: the most a call "
        "can give, max_tasks_per_generation; the bootstrap card records the real rate)",
    )
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument(
        "--tiny-on-cpu",
        action="store_true",
        help="test the script itself: toy models on the CPU (figures meaningless)",
    )
    args = parser.parse_args(argv)
    if not args.tiny_on_cpu:
        refusal = cuda_refusal()
        if refusal:
            print(refusal, file=sys.stderr)
            return 1
    record = run(args)
    write_json(args.json, record)
    return 1 if record.get("failures") else 0  # a failed measurement fails the check


if __name__ == "__main__":
    raise SystemExit(main())
