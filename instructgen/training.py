"""Supervised fine-tuning of a causal LM on (prompt, response) pairs, loss on the response only.

One function serves the reverse instruction generator (prompt = a Table 9 template around an
output, response = its instruction) and SFT (prompt = the Alpaca template, response = the
output). It runs through `transformers.Trainer`, so `accelerate launch` spreads it over several
GPUs or processes (DDP; FSDP/DeepSpeed through accelerate configs), and it checkpoints into a
resume folder outside the rule's outputs: a killed job continues from its last checkpoint, and a
folder left by a job with other data, model or settings is discarded rather than resumed.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from instructgen.distributed import batch_layout
from instructgen.errors import ConfigError
from instructgen.io import atomic_dir
from instructgen.jobs import model_identity
from instructgen.modeling import load_model, load_tokenizer, require_cuda_for, save_model
from instructgen.resume import fingerprint, prepare_work_dir
from instructgen.settings import Finetune

LOG = logging.getLogger(__name__)
IGNORE = -100


def encode_pairs(
    tokenizer,
    prompts: Sequence[str],
    responses: Sequence[str],
    max_len: int,
    cut: list[int] | None = None,
) -> list[dict[str, list[int]]]:
    """Token ids and labels masking the prompt; long prompts lose their start, not the answer
    (the indices of pairs that had to be cut go to `cut`).

    Tokenises all prompts, then all responses, in one call each (the fast tokenizer's batch
    path), which is what makes encoding cheap next to a batched forward pass.
    """
    prompt_ids = tokenizer(list(prompts), add_special_tokens=True)["input_ids"]
    response_ids = tokenizer(list(responses), add_special_tokens=False)["input_ids"]
    encoded = []
    for index, (prompt, response) in enumerate(zip(prompt_ids, response_ids, strict=True)):
        if cut is not None and len(prompt) + len(response) + 1 > max_len:
            cut.append(index)
        response = response + [tokenizer.eos_token_id]
        response = response[: max(1, max_len // 2)] if len(response) > max_len else response
        room = max_len - len(response)
        prompt = prompt[-room:] if room > 0 else []
        encoded.append(
            {"input_ids": prompt + response, "labels": [IGNORE] * len(prompt) + response}
        )
    return encoded


def encode_seq2seq_pairs(
    tokenizer, prompts: Sequence[str], responses: Sequence[str], max_len: int
) -> list[dict[str, list[int]]]:
    """An encoder-decoder's pairs: the prompt (its end kept) in, the response as labels."""
    prompt_ids = tokenizer(list(prompts), add_special_tokens=True)["input_ids"]
    response_ids = tokenizer(list(responses), add_special_tokens=True)["input_ids"]
    return [
        {"input_ids": prompt[-max_len:], "labels": response[:max_len]}
        for prompt, response in zip(prompt_ids, response_ids, strict=True)
    ]


def _padded(rows: Sequence[list[int]], fill: int) -> torch.Tensor:
    out = torch.full((len(rows), max(len(r) for r in rows)), fill, dtype=torch.long)
    for index, row in enumerate(rows):
        out[index, : len(row)] = torch.tensor(row)
    return out


class PadCollator:
    """Right-pads a batch; padded positions are masked out of attention and loss (labels are
    padded on their own for an encoder-decoder, whose labels are not its inputs)."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, features: Sequence[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        ids = _padded([f["input_ids"] for f in features], self.pad_id)
        mask = _padded([[1] * len(f["input_ids"]) for f in features], 0)
        labels = _padded([f["labels"] for f in features], IGNORE)
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def _loss_logger(path: Path):
    from transformers import TrainerCallback

    class LossLogger(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs and state.is_world_process_zero:
                new = not path.exists()
                with open(path, "a", newline="") as handle:
                    writer = csv.writer(handle)
                    if new:
                        writer.writerow(["step", "loss", "learning_rate"])
                    writer.writerow(
                        [state.global_step, logs["loss"], logs.get("learning_rate", "")]
                    )

    return LossLogger()


def warmup_steps(ratio: float) -> float:
    """transformers 5 reads `warmup_steps` below 1 as a share of all steps (the old
    `warmup_ratio`); 1.0 would be read as one step, so a full-length warm-up is refused."""
    if not 0 <= ratio < 1:
        raise ConfigError("sft.recipes.*.warmup_ratio", f"{ratio} is not in [0, 1)")
    return float(ratio)


def _checkpoint_clock(minutes: float):
    """A callback that asks the Trainer for a checkpoint once `minutes` have passed since the
    last one (or the start): a job loses at most that much work when killed, whatever its
    step time, and a long job does not spend its hours writing checkpoints."""
    from transformers import TrainerCallback

    class CheckpointClock(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            self.last = time.monotonic()

        def on_step_end(self, args, state, control, **kwargs):
            if time.monotonic() - self.last >= minutes * 60:
                control.should_save = True
                self.last = time.monotonic()

    return CheckpointClock()


def finetune(
    settings: Finetune,
    per_device_batch_size: int,
    pairs: Sequence[tuple[str, str]],
    out_dir: str,
    resume_dir: str,
    *,
    card: dict[str, Any],
    lora: dict[str, Any] | None = None,
    checkpoint_minutes: float = 30.0,
    save_steps: int | None = None,
    callbacks: Sequence[Any] = (),
) -> list[tuple[int, float]]:
    """Fine-tune `settings.model` on `pairs` and save to `out_dir`; returns the (step, loss)
    log. `per_device_batch_size` is how large a micro-batch one device takes (execution).

    Checkpoints go to `resume_dir` every `checkpoint_minutes` (sharded under FSDP, see
    profiles/accelerate/fsdp.yaml), or every `save_steps` steps when given (the resume tests
    kill a job at a known step); the model is saved whole once, at the end, in its own dtype.
    Full fine-tuning keeps float32 master weights (bf16 autocast on a GPU, as Alpaca's recipe
    trains): AdamW updates of 2e-5 on bfloat16 weights would mostly round away."""
    from transformers import Trainer, TrainingArguments

    model_spec, recipe = settings.model, settings.recipe
    use_lora, load_in_4bit = settings.use_lora, settings.load_in_4bit
    layout = batch_layout(
        recipe.batch_size,
        per_device_batch_size,
        int(os.environ.get("WORLD_SIZE", "1")),
        settings.recipe_key,
    )
    if load_in_4bit:
        require_cuda_for("4-bit loading", "sft.load_in_4bit")
        if not use_lora:
            # Quantised weights cannot take gradient updates: 4-bit only works with adapters.
            raise ConfigError("sft.load_in_4bit", "4-bit training needs sft.use_lora: true")
    tokenizer = load_tokenizer(model_spec.source, None, model_spec.trust_remote_code)
    # Under `accelerate launch` each rank loads on CPU and Trainer moves (DDP) or shards (FSDP)
    # the model onto its own GPU; loading straight to "cuda" would put every copy on GPU 0.
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    on_gpu = torch.cuda.is_available() and not distributed
    seq2seq = model_spec.kind == "seq2seq"
    full = not (use_lora or load_in_4bit)
    model = load_model(
        model_spec.source,
        "seq2seq" if seq2seq else "causal_lm",
        device="cpu" if load_in_4bit else ("cuda" if on_gpu else "cpu"),
        trust_remote_code=model_spec.trust_remote_code,
        dtype="float32" if full else model_spec.dtype,
        load_in_4bit=load_in_4bit,
    )
    saved_dtype = _stored_dtype(model_spec)
    if load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    if use_lora:
        from peft import LoraConfig, get_peft_model

        lora = lora or {"r": 16, "alpha": 32, "dropout": 0.05}
        model = get_peft_model(
            model,
            LoraConfig(
                r=lora["r"],
                lora_alpha=lora["alpha"],
                lora_dropout=lora["dropout"],
                task_type="SEQ_2_SEQ_LM" if seq2seq else "CAUSAL_LM",
            ),
        )
    model.train()
    encode = encode_seq2seq_pairs if seq2seq else encode_pairs
    dataset = encode(tokenizer, [p for p, _ in pairs], [r for _, r in pairs], settings.max_seq_len)
    resume = Path(resume_dir)
    loss_csv = resume / "training_log.csv"
    args = TrainingArguments(
        output_dir=str(resume),
        per_device_train_batch_size=layout["per_device_batch_size"],
        gradient_accumulation_steps=layout["gradient_accumulation_steps"],
        learning_rate=recipe.learning_rate,
        num_train_epochs=recipe.epochs,
        max_steps=recipe.max_steps,
        warmup_steps=warmup_steps(recipe.warmup_ratio),
        lr_scheduler_type=recipe.scheduler,
        optim="adamw_torch",
        weight_decay=0.0,
        logging_steps=1,
        # By wall clock (CheckpointClock), unless a step count is asked for.
        save_strategy="steps" if save_steps else "no",
        save_steps=save_steps or 1,
        save_total_limit=1,
        seed=settings.seed,
        data_seed=settings.seed,
        report_to=[],
        dataloader_num_workers=0,
        use_cpu=not torch.cuda.is_available(),
        # Mixed precision where the GPU supports it (paper scale); CPU runs stay in float32.
        bf16=torch.cuda.is_available() and torch.cuda.is_bf16_supported(),
        disable_tqdm=False,
        remove_unused_columns=False,
    )
    # What the checkpoints depend on; the micro-batch size is not (a job killed on one card
    # resumes on another with the same global batch).
    job = fingerprint(model_identity(model_spec), pairs, settings.params(), lora)
    with args.main_process_first(desc="resume folder"):
        if is_main_process():
            prepare_work_dir(resume, job)
        checkpoints = complete_checkpoints(resume)
        if not checkpoints and is_main_process():
            loss_csv.unlink(missing_ok=True)
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=dataset,
        data_collator=PadCollator(tokenizer.pad_token_id),
        processing_class=tokenizer,
        callbacks=[
            _loss_logger(loss_csv),
            *([] if save_steps else [_checkpoint_clock(checkpoint_minutes)]),
            *callbacks,
        ],
    )
    if checkpoints:
        LOG.info("resuming from %s", checkpoints[-1])
    # The Trainer prints its per-step log dicts to stdout; send them to the rule log with tqdm.
    with contextlib.redirect_stdout(sys.stderr):
        trainer.train(resume_from_checkpoint=str(checkpoints[-1]) if checkpoints else None)
    # Rank 0 writes the loss log during training: every rank reads it only once all are done.
    trainer.accelerator.wait_for_everyone()
    log = read_loss_log(loss_csv)
    state_dict = None
    if trainer.is_fsdp_enabled:
        # A sharded model is gathered by all ranks together (a collective), then saved by rank 0.
        state_dict = trainer.accelerator.get_state_dict(trainer.model)
    if trainer.is_world_process_zero():
        final = trainer.accelerator.unwrap_model(trainer.model)
        if use_lora:
            final = final.merge_and_unload()
        if saved_dtype is not None:
            # Trained on float32 master weights; stored as the checkpoint it started from.
            final = final.to(saved_dtype)
            if state_dict is not None:
                state_dict = {k: v.to(saved_dtype) for k, v in state_dict.items()}
        with atomic_dir(out_dir) as tmp:
            save_model(
                final,
                tokenizer,
                tmp,
                {
                    **card,
                    "recipe": dataclasses.asdict(recipe),
                    "batch": layout,
                    "seed": settings.seed,
                    "examples": len(dataset),
                    "steps": trainer.state.global_step,
                },
                state_dict=state_dict,
            )
            if loss_csv.exists():
                shutil.copy(loss_csv, Path(tmp) / "training_log.csv")
        shutil.rmtree(resume, ignore_errors=True)
    trainer.accelerator.wait_for_everyone()
    return log


def _stored_dtype(spec) -> torch.dtype | None:
    """The dtype a fine-tuned checkpoint is saved in: the base model's when the config names
    a half-precision one, else as trained."""
    return {"bfloat16": torch.bfloat16, "float16": torch.float16}.get(spec.dtype)


def complete_checkpoints(resume: Path) -> list[Path]:
    """Checkpoints in step order, dropping one a kill interrupted while it was being written.

    Trainer writes trainer_state.json last (after weights, optimizer and RNG state) and only then
    deletes older checkpoints, so a checkpoint whose state file parses is complete.
    """
    import json

    complete = []
    for folder in sorted(resume.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1])):
        try:
            json.loads((folder / "trainer_state.json").read_text())
            complete.append(folder)
        except (OSError, ValueError):
            if is_main_process():
                LOG.warning("discarding incomplete checkpoint %s", folder)
                shutil.rmtree(folder, ignore_errors=True)
    return complete


def is_main_process() -> bool:
    """Rank 0 of an `accelerate launch`/torchrun run, or a single process."""
    return int(os.environ.get("RANK", "0")) == 0


def read_loss_log(path: str | Path) -> list[tuple[int, float]]:
    path = Path(path)
    if not path.exists():
        return []
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    # A resumed run logs the steps after its checkpoint again; keep the last record per step.
    by_step = {int(r["step"]): float(r["loss"]) for r in rows}
    return sorted(by_step.items())
