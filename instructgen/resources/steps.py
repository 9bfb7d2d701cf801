"""One estimate per GPU job: a function per kind of step turns the job's settings
(`instructgen.settings`, as its rule builds them) and its workload (`workloads`) into peak GPU
memory, hours, disk and host memory, on the site's card (`Site`: what the SLURM profile asks
for).

The estimates model the pipeline as its generation and scoring are being changed to run:

- batches are cut by a token budget: `<section>.batch_size` caps the rows (prompts; a prompt's k
  samples ride with it) and `<section>.batch_tokens`, when the configuration has it, caps prompt
  plus new tokens summed over a batch's rows; absent, only the row cap applies;
- each prompt is prefilled once for its k samples, its KV cache then repeated k times
  (`PREFILL_ONCE`); prompts are cut to the model's context; a row leaves the batch at its stop
  string (the estimate still lets the batch run to max_new_tokens: its longest row may);
- LongForm evaluation is sharded like Super-NI (`evaluation.longform.shards`, 1 when absent);
- training checkpoints by wall-clock time (sharded, every `checkpoint_minutes`) plus one full
  save at the end, full fine-tuning keeps float32 master weights under bf16 autocast.

Nothing here imports torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instructgen import plan, settings, templates
from instructgen.resources import estimate as est
from instructgen.resources.cards import GIB, Card
from instructgen.resources.shapes import ENCODER_DECODER, ModelShape
from instructgen.resources.workloads import UNBOUNDED, Items, Workloads, text_tokens

# New behaviour of generation (module docstring); False models the loop that copied each
# prompt k times before the prefill (what the H200 figures measured).
PREFILL_ONCE = True
# Resume checkpoints of training by wall-clock time when the configuration has no
# sft.checkpoint_minutes yet (its default there is the same).
DEFAULT_CHECKPOINT_MINUTES = 30
# The Python process, torch, CUDA's host side and tokenizers, before any model or data.
HOST_RUNTIME_BYTES = 4 * GIB
# T5's tokenizers truncate at their model_max_length (512) when a config has no n_positions.
T5_CONTEXT = 512
# instructgen.track_b.rlaf.SAVE_STEPS (not imported: it pulls in the trainer's modules).
RL_SAVE_STEPS = 10


@dataclass(frozen=True)
class Site:
    """What the SLURM profile gives a job: the card, GPUs per job of each rule, the accelerate
    config of multi-GPU rules and the GPU partition's time limit."""

    card: Card
    gpus: Mapping[str, int] = field(default_factory=dict)
    accelerate: Mapping[str, str] = field(default_factory=dict)
    max_runtime_minutes: int = 24 * 60

    def gpus_for(self, rule: str) -> int:
        return int(self.gpus.get(rule, 1))


@dataclass
class JobEstimate:
    """One job on the site's card. `memory` is one GPU's peak; `hours` wall-clock (GPU-hours
    are hours x gpus); `disk_bytes` what the job writes (outputs and every checkpoint);
    `checkpoint_bytes` the resume checkpoint it holds while running (the newest; removed when
    it ends); `model_bytes` the model folder it leaves (training); `host_bytes` its host memory.
    `memory_keys`/`runtime_keys`: config keys (or profile settings) that lower the peak or the
    time, first the one to change."""

    rule: str
    wildcards: Mapping[str, str]
    model: str
    gpus: int
    memory: est.Memory
    hours: float
    disk_bytes: float
    host_bytes: float
    memory_keys: tuple[str, ...]
    runtime_keys: tuple[str, ...]
    checkpoint_bytes: float = 0.0
    model_bytes: float = 0.0
    notes: tuple[str, ...] = ()

    @property
    def job(self) -> str:
        """The job's label in reports: its wildcards, `name=value` joined by commas."""
        return job_label(self.wildcards)

    @property
    def peak_gib(self) -> float:
        return self.memory.gib

    @property
    def gpu_hours(self) -> float:
        return self.hours * self.gpus


def job_label(wildcards: Mapping[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in wildcards.items()) or "-"


def lookup(config: Mapping[str, Any], path: str, default: Any = None) -> Any:
    try:
        value = plan.config_value(config, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return default
    return default if value is None else value


# -- batching ------------------------------------------------------------------------------------


def prompts_per_batch(
    config: Mapping[str, Any],
    section: str,
    *,
    row_tokens: int,
    samples: int = 1,
    cap: int | None = None,
) -> int:
    """Prompts in one batch: at most `cap` (default `<section>.batch_size`), and when
    `<section>.batch_tokens` is set, as many as keep rows x (the longest prompt + new tokens)
    within it (at least one prompt)."""
    prompts = int(cap or plan.config_value(config, f"{section}.batch_size"))
    budget = lookup(config, f"{section}.batch_tokens")
    if budget:
        prompts = min(prompts, max(1, int(budget) // (row_tokens * samples)))
    return prompts


def context_of(shape: ModelShape) -> int:
    if shape.family == ENCODER_DECODER:
        return shape.max_positions or T5_CONTEXT
    return shape.max_positions or 2048


def _cut(tokens: int, limit: int) -> int:
    return max(1, min(tokens, limit))


@dataclass(frozen=True)
class Generation:
    """A job that generates for its items: the model, the prompts and how it batches them."""

    shape: ModelShape
    dtype: str
    items: Items  # per job (a shard's share)
    template_tokens: int
    new_tokens: int
    samples: int
    section: str


def generation_estimate(
    config: Mapping[str, Any], card: Card, job: Generation, *, four_bit: bool = False
) -> tuple[est.Memory, float, int]:
    """(peak memory, seconds, prompts per batch at the peak) of a generation job: the peak at
    its longest prompts (the first, longest batch), time over all its items at their mean."""
    shape = job.shape
    weights = est.weight_bytes(shape, job.dtype, four_bit=four_bit)
    limit = context_of(shape) - (0 if shape.family == ENCODER_DECODER else job.new_tokens)
    longest = _cut(_plus(job.items.longest, job.template_tokens), limit)
    mean = _cut(_plus(job.items.mean, job.template_tokens), limit)
    prompts = prompts_per_batch(
        config, job.section, row_tokens=longest + job.new_tokens, samples=job.samples
    )
    rows = prompts * job.samples
    memory = est.generation_memory(
        shape,
        weights,
        rows=rows,
        prompt_tokens=longest,
        new_tokens=job.new_tokens,
        prefill_rows=prompts if PREFILL_ONCE else rows,
    )
    mean_prompts = prompts_per_batch(
        config, job.section, row_tokens=mean + job.new_tokens, samples=job.samples
    )
    batches = math.ceil(job.items.count / mean_prompts) if job.items.count else 0
    per_batch = est.generation_seconds(
        shape,
        card,
        weights,
        rows=mean_prompts * job.samples,
        prompt_tokens=mean,
        new_tokens=job.new_tokens,
        prefill_rows=mean_prompts if PREFILL_ONCE else mean_prompts * job.samples,
    )
    return memory, batches * per_batch, prompts


def _plus(tokens: int, more: int) -> int:
    return UNBOUNDED if tokens >= UNBOUNDED else tokens + more


def _inference_host(weights: float, items: Items, new_tokens: int, samples: int = 1) -> float:
    """Host memory of an inference job: the weights pass through host memory once while
    loading, its items and outputs as text, and the runtime."""
    text = items.count * (min(items.mean, 4096) + new_tokens * samples) * 8
    return weights + text + HOST_RUNTIME_BYTES


# -- the step kinds --------------------------------------------------------------------------------


class Estimator:
    """Estimates jobs of one configuration on one site."""

    def __init__(
        self,
        config: Mapping[str, Any],
        site: Site,
        root: str | Path = ".",
        rewritten: Collection[str] = frozenset(),
    ) -> None:
        self.config = config
        self.site = site
        self.workloads = Workloads(config, root, rewritten)

    def estimate(self, rule: str, wildcards: Mapping[str, str]) -> JobEstimate | None:
        """The estimate of a GPU job of `rule`, None for a rule that runs no model on a GPU."""
        method: Callable[..., JobEstimate] | None = getattr(self, f"_{rule}", None)
        if method is None:
            return None
        return method(rule, dict(wildcards))

    # helpers -----------------------------------------------------------------------------------

    def _model(self, ref: str | plan.ModelRef) -> tuple[str, ModelShape, str]:
        name = self.workloads.model_name(ref)
        return name, self.workloads.model_shape(name), self.workloads.model_dtype(name)

    def _generation_job(
        self,
        rule: str,
        wildcards: dict[str, str],
        *,
        ref: str | plan.ModelRef,
        items: Items,
        template_tokens: int,
        new_tokens: int,
        section: str,
        samples: int = 1,
        shards: int = 1,
        runtime_keys: tuple[str, ...],
        out_tokens: float | None = None,
    ) -> JobEstimate:
        name, shape, dtype = self._model(ref)
        items = items.per_shard(shards)
        job = Generation(shape, dtype, items, template_tokens, new_tokens, samples, section)
        memory, seconds, prompts = generation_estimate(self.config, self.site.card, job)
        weights = est.weight_bytes(shape, dtype)
        written = est.text_bytes(items.count, out_tokens or new_tokens, samples)
        return JobEstimate(
            rule,
            dict(wildcards),
            self.workloads.model_label(name),
            self.site.gpus_for(rule),
            memory,
            seconds / 3600,
            written,
            _inference_host(weights, items, new_tokens, samples),
            (f"{section}.batch_tokens", f"{section}.batch_size"),
            runtime_keys,
            notes=(items.source, f"{prompts} prompts x {samples} at the peak"),
        )

    # Track A -----------------------------------------------------------------------------------

    def _extract_fragments_llm(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.LLMExtraction.from_config(self.config, **wildcards)
        section = "fragments.llm_extraction"
        return self._generation_job(
            rule,
            wildcards,
            ref=self.config["fragments"]["llm_extraction"]["model"],
            items=self.workloads.passages(wildcards["corpus"]),
            template_tokens=text_tokens(templates.extraction_prompt("")),
            new_tokens=step.max_new_tokens,
            section=section,
            runtime_keys=(f"{section}.batch_size",),
        )

    def _generate_candidates(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.CandidateGeneration.from_config(self.config, **wildcards)
        section = "track_a.candidates"
        return self._generation_job(
            rule,
            wildcards,
            ref=plan.BASE,
            items=self.workloads.fragments(wildcards["corpus"], wildcards["strategy"]),
            template_tokens=text_tokens(templates.generator_prompt("", step.format)),
            new_tokens=step.max_new_tokens,
            samples=step.k,
            section=section,
            shards=int(wildcards["shards"]),
            runtime_keys=(f"{section}.shards",),
            out_tokens=2 * step.max_new_tokens,  # raw samples and cleaned candidates
        )

    def _score_candidates(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        section = "track_a.filtering"
        name, shape, dtype = self._model(wildcards["filter"])
        k = self.config["track_a"]["candidates"]["k"]
        instruction = self.config["track_a"]["candidates"]["max_new_tokens"]
        fragments = self.workloads.fragments(wildcards["corpus"], wildcards["strategy"])
        pairs = Items(fragments.count * k, fragments.longest, fragments.mean, fragments.source)
        pairs = pairs.per_shard(int(wildcards["shards"]))
        extra = text_tokens(templates.alpaca_prompt("")) + instruction + 1  # + EOS
        limit = context_of(shape)
        longest = _cut(_plus(pairs.longest, extra), limit)
        mean = _cut(_plus(pairs.mean, extra), limit)
        rows = prompts_per_batch(self.config, section, row_tokens=longest)
        weights = est.weight_bytes(shape, dtype)
        memory = est.scoring_memory(shape, weights, rows=rows, tokens=longest)
        mean_rows = prompts_per_batch(self.config, section, row_tokens=mean)
        batches = math.ceil(pairs.count / mean_rows)
        seconds = batches * est.scoring_seconds(shape, self.site.card, rows=mean_rows, tokens=mean)
        return JobEstimate(
            rule,
            dict(wildcards),
            self.workloads.model_label(name),
            self.site.gpus_for(rule),
            memory,
            seconds / 3600,
            pairs.count * 40.0,  # one perplexity a pair as JSON
            _inference_host(weights, pairs, 0),
            (f"{section}.batch_tokens", f"{section}.batch_size"),
            (f"{section}.shards",),
            notes=(pairs.source, f"{rows} pairs at the peak"),
        )

    # Track B -----------------------------------------------------------------------------------

    def _bootstrap_instructions(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        """Rounds of `prompts_per_round` prompts until `num_instructions` are kept; a round is
        one batch unless `track_b.bootstrap.batch_tokens` splits it."""
        step = settings.Bootstrap.from_config(self.config, **wildcards)
        section = "track_b.bootstrap"
        name, shape, dtype = self._model(wildcards["model"])
        prompt = self.workloads.bootstrap_prompt()
        kept, how = self.workloads.kept_per_call(wildcards["model"])
        calls = math.ceil(step.num_instructions / kept)
        rounds = math.ceil(calls / step.prompts_per_round)
        weights = est.weight_bytes(shape, dtype)
        new = step.max_new_tokens
        limit = context_of(shape) - new
        longest, mean = _cut(prompt.longest, limit), _cut(prompt.mean, limit)
        round_size = step.prompts_per_round
        rows = prompts_per_batch(self.config, section, row_tokens=longest + new, cap=round_size)
        memory = est.generation_memory(
            shape, weights, rows=rows, prompt_tokens=longest, new_tokens=new
        )
        mean_rows = prompts_per_batch(self.config, section, row_tokens=mean + new, cap=round_size)
        per_round = math.ceil(round_size / mean_rows) * est.generation_seconds(
            shape, self.site.card, weights, rows=mean_rows, prompt_tokens=mean, new_tokens=new
        )
        items = Items(step.num_instructions, step.max_words, step.max_words, prompt.source)
        return JobEstimate(
            rule,
            dict(wildcards),
            self.workloads.model_label(name),
            self.site.gpus_for(rule),
            memory,
            rounds * per_round / 3600,
            est.text_bytes(step.num_instructions, text_tokens("x " * step.max_words)),
            _inference_host(weights, items, new),
            # prompts_per_round and max_new_tokens change what the job writes; batch_tokens
            # only splits a round into batches.
            (
                f"{section}.batch_tokens",
                f"{section}.prompts_per_round",
                f"{section}.max_new_tokens",
            ),
            (f"{section}.prompts_per_round",),
            notes=(
                prompt.source,
                f"{kept:g} kept a call, {how}: {calls:,} calls in {rounds:,} rounds",
                f"{rows} prompts at the peak",
            ),
        )

    def _classify_instructions(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.Classification.from_config(self.config, **wildcards)
        section = "track_b.classification"
        return self._generation_job(
            rule,
            wildcards,
            ref=wildcards["model"],
            items=self.workloads.instructions(wildcards["model"]),
            template_tokens=self.workloads.instance_prompt_tokens()["is_classification"] + 8,
            new_tokens=step.max_new_tokens,
            section=section,
            runtime_keys=(f"{section}.batch_size",),
        )

    def _generate_instances(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.Instances.from_config(self.config, **wildcards)
        section = "track_b.instances"
        prompts = self.workloads.instance_prompt_tokens()
        template = max(prompts["input_first"], prompts["output_first"])
        return self._generation_job(
            rule,
            wildcards,
            ref=wildcards["model"],
            items=self.workloads.instructions(wildcards["model"]),
            template_tokens=template,
            new_tokens=step.max_new_tokens,
            section=section,
            shards=int(wildcards["shards"]),
            runtime_keys=(f"{section}.shards",),
        )

    def _rl_from_automated_feedback(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.RLFromFeedback.from_config(self.config, **wildcards)
        name, policy, dtype = self._model(wildcards["model"])
        reward = self.workloads.model_shape("reward")
        unieval = self.workloads.model_shape("unieval")
        pool = self.workloads.instructions(wildcards["model"])
        prompt = _cut(
            pool.longest + self.workloads.instance_prompt_tokens()["input_first"],
            context_of(policy) - step.max_new_tokens,
        )
        micro = max(1, step.batch_size // step.gradient_accumulation_steps)
        four_bit = step.load_in_4bit
        memory = est.ppo_memory(
            policy,
            reward,
            unieval,
            policy_dtype=dtype,
            reward_dtype=self.workloads.model_dtype("reward"),
            unieval_dtype=self.workloads.model_dtype("unieval"),
            four_bit=four_bit,
            rollouts=step.batch_size,
            prompt_tokens=prompt,
            new_tokens=step.max_new_tokens,
            micro_batch=micro,
            lora_r=step.lora.r,
        )
        seconds = step.steps * est.ppo_step_seconds(
            policy,
            reward,
            unieval,
            self.site.card,
            four_bit=four_bit,
            policy_dtype=dtype,
            rollouts=step.batch_size,
            prompt_tokens=prompt,
            new_tokens=step.max_new_tokens,
            micro_batch=micro,
        )
        merged = est.weight_bytes(policy, dtype)  # adapters merged into a full copy, saved
        # Policy and value adapters with their optimizer state.
        adapters = est.sharded_checkpoint_bytes(policy, lora=True, lora_r=step.lora.r) * 2
        checkpoints = step.steps // RL_SAVE_STEPS
        return JobEstimate(
            rule,
            dict(wildcards),
            self.workloads.model_label(name),
            self.site.gpus_for(rule),
            memory,
            seconds / 3600,
            merged + checkpoints * adapters,
            # The merge reloads the backbone in full precision on the host.
            merged + sum(memory.parts[k] for k in ("reward_model", "unieval")) + HOST_RUNTIME_BYTES,
            ("track_b.rl.batch_size", "track_b.rl.max_new_tokens", "track_b.rl.load_in_4bit"),
            ("track_b.rl.steps",),
            checkpoint_bytes=adapters,
            model_bytes=merged,
            notes=(f"{'4-bit' if four_bit else dtype} policy, {step.steps} PPO steps",),
        )

    # SFT ---------------------------------------------------------------------------------------

    def _train_sft(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.Finetune.from_config(self.config, **wildcards)
        backbone = self.workloads.study.sft_dataset(wildcards["dataset"]).backbone
        return self._finetune(
            rule, wildcards, step, backbone, self.workloads.dataset(wildcards["dataset"])
        )

    def _train_generator(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.Finetune.from_config(self.config, **wildcards)
        return self._finetune(
            rule, wildcards, step, plan.BASE, self.workloads.generator_pairs(wildcards["generator"])
        )

    def _finetune(
        self, rule: str, wildcards: dict[str, str], step: Any, backbone: str, examples: Items
    ) -> JobEstimate:
        shape = self.workloads.model_shape(backbone)
        dtype = self.workloads.model_dtype(backbone)
        world = self.site.gpus_for(rule)
        per_device = settings.Finetune.execution(self.config, **wildcards).per_device_batch_size
        micro = max(1, min(per_device, step.recipe.batch_size // world))
        longest = min(examples.longest, step.max_seq_len)
        mean = min(examples.mean, step.max_seq_len)
        lora = step.use_lora
        checkpointing = self._gradient_checkpointing(rule)
        seq2seq = shape.family == ENCODER_DECODER
        # An encoder-decoder reads the prompt and writes the response: the budget is split.
        enc, dec = (longest, min(longest, step.max_seq_len // 2)) if seq2seq else (longest, None)
        memory = est.training_memory(
            shape,
            world_size=1 if lora else world,
            micro_batch=micro,
            tokens=enc,
            decoder_tokens=dec,
            lora=lora,
            four_bit=step.load_in_4bit,
            dtype=dtype,
            gradient_checkpointing=checkpointing,
        )
        micro_steps = math.ceil(examples.count * step.recipe.epochs / (world * micro))
        if step.recipe.max_steps and step.recipe.max_steps > 0:
            accumulation = max(1, step.recipe.batch_size // (world * micro))
            micro_steps = min(micro_steps, step.recipe.max_steps * accumulation)
        if lora:
            per_step = est.lora_micro_step_seconds(
                shape, self.site.card, micro_batch=micro, tokens=mean, four_bit=step.load_in_4bit
            )
        else:
            per_step = est.fsdp_micro_step_seconds(
                shape, self.site.card, world_size=world, micro_batch=micro, tokens=mean
            )
        hours = micro_steps * per_step / 3600
        every = lookup(self.config, "sft.checkpoint_minutes", DEFAULT_CHECKPOINT_MINUTES)
        sharded = est.sharded_checkpoint_bytes(shape, lora=lora)
        written = est.checkpoints_written(hours, every)
        final = est.weight_bytes(shape, dtype)  # one full save in the model's dtype
        key = step.recipe_key
        load = shape.parameters * (est.dtype_bytes(dtype) if lora else 4)
        return JobEstimate(
            rule,
            dict(wildcards),
            self.workloads.model_label(backbone),
            world,
            memory,
            hours,
            final + written * sharded,
            # Every rank loads the checkpoint on the host before FSDP shards it.
            world * (load + HOST_RUNTIME_BYTES) + examples.count * longest * 8,
            (f"{key}.per_device_batch_size", "sft.max_seq_len"),
            (f"profile set-resources {rule} gpu", f"{key}.epochs"),
            # Its newest sharded checkpoint (the Trainer keeps one: save_total_limit=1).
            checkpoint_bytes=sharded,
            model_bytes=final,
            notes=(
                examples.source,
                f"{examples.count:,} examples x {step.recipe.epochs:g} epochs, micro-batch "
                f"{micro} on {world} GPU(s), {'LoRA' if lora else 'full, FSDP'}, "
                f"{written} checkpoints every {every} min",
            ),
        )

    def _gradient_checkpointing(self, rule: str) -> bool:
        """Whether the rule's accelerate config turns activation checkpointing on."""
        name = self.site.accelerate.get(rule)
        if not name:
            return False
        from instructgen.resources.site import accelerate_settings

        return bool(accelerate_settings(name).get("fsdp_activation_checkpointing", False))

    # evaluation --------------------------------------------------------------------------------

    def _evaluate_superni_shard(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.SuperNIEvaluation.from_config(self.config, **wildcards)
        section = "evaluation.superni"
        return self._generation_job(
            rule,
            wildcards,
            ref=self.workloads.study.evaluated_ref(wildcards["dataset"]),
            items=self.workloads.superni_test(),
            template_tokens=text_tokens(templates.EVALUATION_PROMPTS[step.prompt]("", "x")),
            new_tokens=step.max_new_tokens,
            section=section,
            shards=int(wildcards["shards"]),
            runtime_keys=(f"{section}.shards",),
        )

    def _evaluate_longform(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.LongFormEvaluation.from_config(self.config, **wildcards)
        section = "evaluation.longform"
        shards = int(wildcards.get("shards") or lookup(self.config, f"{section}.shards", 1))
        return self._generation_job(
            rule,
            wildcards,
            ref=self.workloads.study.evaluated_ref(wildcards["dataset"]),
            items=self.workloads.longform_test(),
            template_tokens=text_tokens(templates.EVALUATION_PROMPTS[step.prompt]("")),
            new_tokens=step.max_new_tokens,
            section=section,
            shards=shards,
            runtime_keys=(f"{section}.shards",),
            out_tokens=2 * step.max_new_tokens,  # predictions beside their references
        )

    # Shard rules may be renamed when LongForm is sharded like Super-NI.
    _evaluate_longform_shard = _evaluate_longform

    def _respond_judged_shard(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        step = settings.JudgedResponses.from_config(self.config, **wildcards)
        section = "evaluation.judged.responses"
        return self._generation_job(
            rule,
            wildcards,
            ref=self.workloads.study.evaluated_ref(wildcards["dataset"]),
            items=self.workloads.judged_items(wildcards["judged_set"]),
            template_tokens=text_tokens(templates.alpaca_prompt("", "x")),
            new_tokens=step.max_new_tokens,
            section=section,
            shards=int(wildcards["shards"]),
            runtime_keys=(f"{section}.shards",),
        )

    def _judge_responses(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        from instructgen.evaluation.judge import SCALES, Answer, judge_prompt

        step = settings.Judging.from_config(self.config, **wildcards)
        section = "evaluation.judged.judge"
        scale = SCALES[wildcards["judged_set"]]
        return self._generation_job(
            rule,
            wildcards,
            ref=self.workloads.study.judge_ref(),
            items=self.workloads.judged_answers(wildcards["judged_set"]),
            template_tokens=text_tokens(
                judge_prompt(scale, Answer("", "", ""), step.prompt_wrapper)
            ),
            new_tokens=step.max_new_tokens,
            section=section,
            runtime_keys=(f"{section}.batch_size",),
        )

    # the default configuration's tiny models ---------------------------------------------------

    def _tiny_training(self, rule: str, wildcards: dict[str, str], model: str) -> JobEstimate:
        tiny = self.config["tiny_models"]
        section = {"base": "causal_lm", "reward": "reward"}.get(model, "seq2seq")
        shape = self.workloads.model_shape(model if model in self.config["models"] else "base")
        steps = tiny[section]["steps"]
        batch = tiny[section]["batch_size"]
        tokens = tiny["causal_lm"]["seq_len"]
        memory = est.training_memory(
            shape, world_size=1, micro_batch=batch, tokens=tokens, dtype="float32"
        )
        seconds = steps * est.lora_micro_step_seconds(
            shape, self.site.card, micro_batch=batch, tokens=tokens, four_bit=False
        )
        size = est.weight_bytes(shape, "float32")
        return JobEstimate(
            rule,
            dict(wildcards),
            model,
            self.site.gpus_for(rule),
            memory,
            seconds / 3600,
            size,
            size + HOST_RUNTIME_BYTES,
            (f"tiny_models.{section}.batch_size",),
            (f"tiny_models.{section}.steps",),
            model_bytes=size,
        )

    def _pretrain_base_lm(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        return self._tiny_training(rule, wildcards, "base")

    def _train_reward_model(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        return self._tiny_training(rule, wildcards, "reward")

    def _train_unieval_model(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        return self._tiny_training(rule, wildcards, "unieval")

    def _pretrain_seq2seq_backbone(self, rule: str, wildcards: dict[str, str]) -> JobEstimate:
        return self._tiny_training(rule, wildcards, wildcards.get("backbone", "t5"))
