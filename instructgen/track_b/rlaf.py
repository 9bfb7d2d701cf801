"""REFINE-AF stage 2 (section II-C): RL from automated feedback with TRL.

The policy (the base model with LoRA adapters, 4-bit on a GPU if configured) continues Appendix
IX-D prompts for pool instructions; each response is scored by the composite reward of
`instructgen.track_b.reward`, and PPO (TRL's experimental PPOTrainer, with a KL penalty against the
adapter-free reference model and a value head that is the base model with its own LoRA
adapters) or GRPO (TRL's GRPOTrainer, same reward function, KL weight `beta` = kl_coef) updates
the adapters. PPO's KL coefficient is fixed or, with kl_control "adaptive", adapted after every
step to the measured KL as the TRL PPOTrainer of REFINE-AF's time did
(instructgen.track_b.kl_control). Mean reward and its components per step go to rewards.csv; the adapters are merged
into a full-precision copy of the base model and saved as a plain causal-LM folder.

Every SAVE_STEPS steps the run checkpoints under its resume folder (see
`instructgen.track_b.rl_checkpoints`): a killed job continues from there to the same result.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.io import atomic_dir, read_jsonl, sha256_file, write_text
from instructgen.settings import Lora, ModelSpec, RLExecution, RLFromFeedback
from instructgen.track_b.reward import (
    COMPONENTS,
    CompositeRewardModule,
    RewardHistory,
    load_scorer,
    score_responses,
)

LOG = logging.getLogger(__name__)
CSV_COLUMNS = ("step", "mean_reward", *COMPONENTS, "kl", "kl_coef", "n", "triplets")
# Steps between RL checkpoints: a killed job loses at most this many steps of work.
SAVE_STEPS = 10

os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")


def lora_config(lora: Lora, task_type: str):
    from peft import LoraConfig

    return LoraConfig(
        r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, task_type=task_type
    )


def _six_places(value: float) -> str:
    # Step 1's KL is TRL's (-logr).sum(1).mean() over exact zeros (the adapter starts at zero),
    # and a sum of -0.0 values comes out +0.0 or -0.0 depending on the reduction's path: one CI
    # run of a resumed job wrote "-0.000000" where the uninterrupted one wrote "0.000000".
    # Adding 0.0 to the rounded value gives every zero one spelling.
    return f"{round(value, 6) + 0.0:.6f}"


def rewards_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: (_six_places(v) if isinstance(v, float) else v)
                for k, v in row.items()
                if k in CSV_COLUMNS
            }
        )
    return buffer.getvalue()


def _load_policy(spec: ModelSpec, device: str, four_bit: bool, num_labels: int | None = None):
    from instructgen.modeling import load_model

    model = load_model(
        spec.source,
        "reward" if num_labels else "causal_lm",
        device=device,
        trust_remote_code=spec.trust_remote_code,
        dtype=spec.dtype,
        load_in_4bit=four_bit,
        num_labels=num_labels,
    )
    if four_bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    return model


def value_model_for(spec: ModelSpec, device, four_bit, lora: Lora, pad_token_id: int):
    """The PPO critic: the base model with a scalar head; only LoRA adapters and head train."""
    from peft import inject_adapter_in_model

    model = _load_policy(spec, device, four_bit, num_labels=1)
    model.config.pad_token_id = pad_token_id
    model = inject_adapter_in_model(lora_config(lora, "SEQ_CLS"), model)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = "lora_" in name or name.startswith("score")
    return model


def step_batches(settings: RLFromFeedback) -> dict[str, int]:
    """One RL step is one policy update on `batch_size` rollouts (REFINE-AF: "200 steps with
    a batch size of 4 ... and 4 gradient accumulation steps", TRL's PPOTrainer.step of the
    time: batch_size samples per step, split into gradient-accumulated micro-batches)."""
    accumulation = settings.gradient_accumulation_steps
    return {
        "per_device_train_batch_size": settings.batch_size // accumulation,
        "gradient_accumulation_steps": accumulation,
    }


def _input_in_weight_dtype(module, args):
    return (args[0].to(module.weight.dtype), *args[1:])


def run_ppo(policy, tokenizer, scorer, prompts, settings: RLFromFeedback, device, four_bit, resume):
    from datasets import Dataset
    from trl.experimental.ppo import PPOConfig, PPOTrainer

    from instructgen.track_b.kl_control import adaptive_kl_callback
    from instructgen.track_b.rl_checkpoints import PPOCheckpoints, StepBatches, latest_checkpoint

    encoded = [tokenizer(p)["input_ids"] for _, p in prompts]
    lookup = {
        tuple(ids): instruction for ids, (instruction, _) in zip(encoded, prompts, strict=True)
    }
    module = CompositeRewardModule(scorer, tokenizer, lookup)
    value = value_model_for(
        settings.policy, device, four_bit, settings.lora, tokenizer.pad_token_id
    )
    args = PPOConfig(
        output_dir=str(resume.work / "trainer"),
        **step_batches(settings),
        local_rollout_forward_batch_size=settings.batch_size,
        num_mini_batches=1,
        total_episodes=settings.steps * settings.batch_size,
        learning_rate=settings.learning_rate,
        kl_coef=settings.kl_coef,
        response_length=settings.max_new_tokens,
        stop_token="eos",
        num_sample_generations=0,
        seed=settings.seed,
        report_to=[],
        save_strategy="no",
        logging_steps=1,
        use_cpu=device == "cpu",
        bf16=four_bit,
        disable_tqdm=False,
    )
    trainer = PPOTrainer(
        args=args,
        processing_class=tokenizer,
        model=policy,
        ref_model=None,
        reward_model=module,
        train_dataset=Dataset.from_dict({"input_ids": encoded}),
        value_model=value,
        peft_config=lora_config(settings.lora, "CAUSAL_LM"),
    )
    if four_bit:
        # TRL casts a 4-bit policy's norms to float32 and keeps its head bfloat16
        # (peft_module_casting_to_bf16); rollouts are generated outside autocast, where the
        # float32 hidden states then meet the bfloat16 head ("expected scalar type Float but
        # found BFloat16", seen on an H200). The head takes its input in its own dtype.
        head = trainer.policy_model.get_base_model().get_output_embeddings()
        head.register_forward_pre_hook(_input_in_weight_dtype)
    if settings.kl_control == "adaptive":
        # Added before resume.attach's callback, so that each step's reward row records the
        # coefficient the step used before this one moves it on.
        trainer.add_callback(adaptive_kl_callback(settings.kl_target, settings.kl_horizon))
    checkpoints = PPOCheckpoints(
        resume.work, trainer.accelerator, trainer.optimizer, trainer.lr_scheduler, trainer.args
    )
    latest = latest_checkpoint(resume.work)
    start = checkpoints.restore(trainer.model, latest) if latest else 0
    accelerator = trainer.accelerator
    trainer.dataloader = StepBatches(
        trainer.train_dataset,
        args.local_batch_size,
        settings.seed,
        trainer.data_collator,
        start=start,
        rank=accelerator.process_index,
        world_size=accelerator.num_processes,
    )
    total = args.num_total_batches
    args.num_total_batches = total - start
    resume.attach(trainer, module.history, total, start, checkpoints.save)
    if start < total:
        trainer.train()
    return trainer.accelerator.unwrap_model(trainer.model).policy


def run_grpo(
    policy, tokenizer, scorer, prompts, settings: RLFromFeedback, four_bit, resume, device
):
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    from instructgen.training import complete_checkpoints

    by_prompt = {p: instruction for instruction, p in prompts}
    history = RewardHistory()

    def composite_reward(prompts, completions, **kwargs):
        pairs = [(by_prompt[p], c) for p, c in zip(prompts, completions, strict=True)]
        scored = score_responses(scorer, pairs)
        history.rows.extend(scored)
        return [row["reward"] for row in scored]

    args = GRPOConfig(
        output_dir=str(resume.work),
        **step_batches(settings),
        num_generations=settings.num_generations,
        max_steps=settings.steps,
        learning_rate=settings.learning_rate,
        beta=settings.kl_coef,
        max_completion_length=settings.max_new_tokens,
        seed=settings.seed,
        report_to=[],
        save_strategy="steps",
        save_steps=resume.save_steps,
        save_total_limit=1,
        logging_steps=1,
        use_cpu=device == "cpu",
        bf16=four_bit,
    )
    trainer = GRPOTrainer(
        model=policy,
        reward_funcs=composite_reward,
        args=args,
        train_dataset=Dataset.from_dict({"prompt": [p for _, p in prompts]}),
        processing_class=tokenizer,
        peft_config=lora_config(settings.lora, "CAUSAL_LM"),
    )
    resume.attach(trainer, history, settings.steps)
    checkpoints = complete_checkpoints(resume.work)
    trainer.train(resume_from_checkpoint=str(checkpoints[-1]) if checkpoints else None)
    return trainer.accelerator.unwrap_model(trainer.model)


def merged_policy(adapted, spec: ModelSpec, adapter_dir: Path, four_bit: bool):
    """Adapters merged into the base weights (a 4-bit base is reloaded in full precision)."""
    if not four_bit:
        return adapted.merge_and_unload()
    from peft import PeftModel

    adapted.save_pretrained(adapter_dir)
    base = _load_policy(spec, "cpu", four_bit=False)
    return PeftModel.from_pretrained(base, adapter_dir).merge_and_unload()


def job_key(
    instructions_path: str, settings: RLFromFeedback, four_bit: bool, prompts_path: str
) -> str:
    """What an RL run's result depends on: a resume folder with another key is not reused.
    Whether 4-bit loading was skipped on a CPU is part of it; where it runs otherwise is not."""
    from instructgen.jobs import model_identity
    from instructgen.resume import fingerprint

    models = [
        model_identity(s) for s in (settings.policy, settings.reward_model, settings.unieval_model)
    ]
    inputs = [sha256_file(instructions_path), sha256_file(prompts_path)]
    return fingerprint(*inputs, models, settings.params(), four_bit)


def main(
    *,
    instructions_path: str,
    prompts_path: str,
    model_name: str,
    settings: RLFromFeedback,
    execution: RLExecution,
    work_dir: str,
    rewards_path: str,
    policy_dir: str,
    save_steps: int = SAVE_STEPS,
    callbacks: Sequence[Any] = (),
) -> None:
    """Train, checkpointing every `save_steps` steps under `work_dir` (resumed if killed)."""
    from instructgen.generation import load_generator
    from instructgen.modeling import (
        load_tokenizer,
        require_cuda_for,
        resolve_device,
        save_model,
        set_seed,
    )
    from instructgen.track_b.prompts import read_prompts
    from instructgen.track_b.rl_checkpoints import RLResume

    four_bit = settings.load_in_4bit and require_cuda_for(
        "4-bit loading", "track_b.rl.load_in_4bit", execution.on_cpu_4bit
    )
    instructions = read_jsonl(instructions_path, ["id", "instruction"])
    if not instructions:
        raise InputError(instructions_path, "no instructions to train on")
    if len(instructions) < settings.batch_size:
        raise InputError(
            instructions_path,
            f"{len(instructions)} instructions cannot fill one RL step of "
            f"{settings.batch_size} rollouts (track_b.rl.batch_size)",
        )
    device = resolve_device(execution.device)
    resume = RLResume(
        work_dir,
        job_key(instructions_path, settings, four_bit, prompts_path),
        settings.seed,
        save_steps,
        callbacks,
    )
    set_seed(settings.seed)
    # The input-first instance prompt (REFINE-AF II-C: IX-D's), the one stage 3 fills again.
    template = read_prompts(prompts_path)
    prompts = [(r["instruction"], template.instance(r["instruction"])) for r in instructions]
    tokenizer = load_tokenizer(settings.policy.source, None, settings.policy.trust_remote_code)
    tokenizer.padding_side = "left"
    if four_bit:
        policy = _load_policy(settings.policy, device, four_bit=True)
    else:
        policy, _ = load_generator(settings.policy, device, backend="transformers")
    policy.train()
    scorer = load_scorer(
        settings.reward_model,
        settings.unieval_model,
        settings.reward,
        execution.reward_batch_size,
        device,
    )
    if settings.algorithm == "ppo":
        adapted = run_ppo(policy, tokenizer, scorer, prompts, settings, device, four_bit, resume)
    else:
        adapted = run_grpo(policy, tokenizer, scorer, prompts, settings, four_bit, resume, device)
    rows = resume.reward_rows(settings.steps)
    if not rows:
        raise RuntimeError("RL training logged no rewards")
    merged = merged_policy(adapted, settings.policy, resume.work / "adapter", four_bit).to("cpu")
    merged.eval()
    with atomic_dir(policy_dir) as tmp:
        save_model(
            merged,
            tokenizer,
            tmp,
            {
                "title": f"REFINE-AF policy ({settings.algorithm}) for {model_name}",
                "base_model": dataclasses.asdict(settings.policy),
                "instructions": instructions_path,
                "rl": settings.section(),
                "four_bit": four_bit,
                "steps_logged": len(rows),
                "final_mean_reward": rows[-1]["mean_reward"],
                "seed": settings.seed,
            },
        )
    write_text(rewards_path, rewards_csv(rows))
    resume.finish()
