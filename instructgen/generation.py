"""Batched text generation whose output does not depend on batching or sharding.

Why a decoding loop of our own rather than `model.generate`: every item samples from its own
random generator, seeded from (seed, item key), and a padded row computes what it would alone,
so an item's text is the same whether it is generated in shard 3 of 8, unsharded, in a batch of
any size, or after a resume. Batches are length-sorted, bounded in prompts and in tokens, and
left-padded (no compute on padding beyond the batch's longest prompt); each prompt is prefilled
once and its KV cache repeated for its samples; batches run under `torch.inference_mode` with a
KV cache, sample every row in one tensor operation, and shrink as rows finish: at the end of
sequence, or as soon as a row writes a stop string. A presence penalty (OpenAI's and vLLM's
`presence_penalty`) lowers the logits of tokens a row has already written (`PresencePenalty`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from instructgen.errors import ConfigError
from instructgen.jobs import item_seed
from instructgen.logs import progress
from instructgen.resume import ResumeLog
from instructgen.settings import ModelSpec

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class SamplingParams:
    max_new_tokens: int = 64
    do_sample: bool = False
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0
    num_return_sequences: int = 1
    stop_strings: tuple[str, ...] = ()
    # Subtracted once from the logit of every token the continuation already holds (not the
    # prompt's), before temperature and sampling: OpenAI's and vLLM's presence_penalty.
    presence_penalty: float = 0.0


def plan_batches(
    lengths: Sequence[int],
    batch_size: int,
    units: Sequence[Sequence[int]] | None = None,
    *,
    cost: Callable[[list[int]], int] | None = None,
    budget: int | None = None,
) -> list[list[int]]:
    """Item indices grouped into batches of similar length, longest first (ties by index),
    each at most `batch_size` items and, with a `budget`, at most that `cost` (a batch's
    tokens: what its KV cache and activations grow with). With `units` (a sharded job's,
    instructgen.jobs) only their items are batched, and a batch never crosses from one unit
    into the next."""
    groups = [range(len(lengths))] if units is None else units
    batches: list[list[int]] = []
    for group in groups:
        batch: list[int] = []
        for index in sorted(group, key=lambda i: (-lengths[i], i)):
            full = len(batch) >= batch_size or (
                budget is not None and batch and cost([*batch, index]) > budget
            )
            if full:
                batches.append(batch)
                batch = []
            batch.append(index)
        if batch:
            batches.append(batch)
    return batches


def sample_next(
    logits: torch.Tensor, uniforms: torch.Tensor, params: SamplingParams
) -> torch.Tensor:
    """One token per row: temperature, then top-k, then top-p (nucleus), then a draw.

    The draw inverts each row's cumulative distribution at that row's own uniform number, so a
    whole batch samples in a few tensor operations while every row keeps its own random stream.
    Top-k first means only k candidates are sorted and summed, not the whole vocabulary.
    """
    vocab = logits.shape[-1]
    k = params.top_k if 0 < params.top_k < vocab else vocab
    values, indices = torch.topk(logits / params.temperature, k, dim=-1)
    probs = torch.softmax(values, dim=-1)
    if params.top_p < 1.0:
        # Keep the smallest prefix of candidates whose mass reaches top_p (at least one).
        probs = probs.masked_fill(probs.cumsum(-1) - probs >= params.top_p, 0.0)
    cdf = probs.cumsum(-1)
    targets = (uniforms * cdf[:, -1]).unsqueeze(-1)
    choice = torch.searchsorted(cdf, targets, right=True).clamp(max=k - 1)
    return indices.gather(-1, choice).squeeze(-1)


class PresencePenalty:
    """A logits processor for the decoding loop: OpenAI's presence penalty.

    OpenAI's completions API (and vLLM's `presence_penalty`) adjust the logit of token j by
    `- presence_penalty * (count_j > 0)`, where count_j is how often j occurs in the text
    generated so far: the prompt does not count, and a token seen many times is penalised once.
    `seen` holds, per row of the batch (every sample of every prompt), which tokens that row has
    written; `record` adds a step's tokens, `__call__` penalises the active rows' logits.
    """

    def __init__(self, penalty: float, rows: int, vocab: int, device) -> None:
        self.penalty = penalty
        self.seen = torch.zeros((rows, vocab), dtype=torch.bool, device=device)

    def record(self, rows: torch.Tensor, tokens: torch.Tensor) -> None:
        self.seen[rows, tokens] = True

    def __call__(self, rows: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
        """`logits` of the batch rows `rows` (row r of `logits` is batch row rows[r]),
        penalised; a new tensor, the input is left as it is."""
        return logits - self.penalty * self.seen[rows].to(logits.dtype)


def _truncate_at_stop(text: str, stops: Sequence[str]) -> str:
    cut = len(text)
    for stop in stops:
        position = text.find(stop)
        if position != -1:
            cut = min(cut, position)
    return text[:cut]


# Tokens decoded at the end of a row to see whether it has just written a stop string; stop
# strings are a few tokens long (a stop that straddles the window is still cut afterwards).
STOP_WINDOW = 16


@dataclass
class GenerationReport:
    """What generation did, for the job's card: items and rows run, prompts cut at the start
    to fit the model's context, rows that a stop string ended before max_new_tokens, and the
    tokens decoder-only models generated (end-of-sequence tokens included)."""

    items: int = 0
    rows: int = 0
    batches: int = 0
    prompts_cut: int = 0
    stopped_early: int = 0
    new_tokens: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def _left_padded(encoded: list[list[int]], pad_id: int, device) -> tuple[torch.Tensor, ...]:
    width = max(len(ids) for ids in encoded)
    input_ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(encoded), width), dtype=torch.long)
    for row, ids in enumerate(encoded):
        input_ids[row, width - len(ids) :] = torch.tensor(ids)
        attention[row, width - len(ids) :] = 1
    return input_ids.to(device), attention.to(device)


@torch.inference_mode()
def _generate_batch(
    model,
    tokenizer,
    encoded: list[list[int]],
    generators: list[torch.Generator | None],
    params: SamplingParams,
    report: GenerationReport,
) -> list[str]:
    """Texts for `encoded` prompts (token ids, already cut to the context), each sampled
    `params.num_return_sequences` times: every prompt is prefilled once and its KV cache then
    repeated for its samples (row r is sample r % n of prompt r // n)."""
    device = next(model.parameters()).device
    copies = params.num_return_sequences
    pad_id, eos_id = tokenizer.pad_token_id, tokenizer.eos_token_id
    input_ids, attention = _left_padded(encoded, pad_id, device)
    positions = (attention.cumsum(-1) - 1).clamp(min=0)
    rows = len(encoded) * copies
    if params.do_sample:
        # Every row's random numbers for the whole batch, drawn up front from its own stream.
        uniforms = torch.stack(
            [torch.rand(params.max_new_tokens, generator=g) for g in generators]
        ).to(device)
    out = model(
        input_ids=input_ids,
        attention_mask=attention,
        position_ids=positions,
        use_cache=True,
        # Only the last position's logits are needed; the LM head over a whole prompt
        # batch is most of the prefill cost for small models.
        logits_to_keep=1,
    )
    past, logits = out.past_key_values, out.logits[:, -1, :].float()
    if copies > 1:
        past.batch_repeat_interleave(copies)
        logits = logits.repeat_interleave(copies, dim=0)
        attention = attention.repeat_interleave(copies, dim=0)
        positions = positions.repeat_interleave(copies, dim=0)
    # Rows still generating; a row that ends (end of sequence, or a stop string) leaves the
    # batch and the KV cache, so the batch does not keep paying for it.
    active = torch.arange(rows, device=device)
    penalty = (
        PresencePenalty(params.presence_penalty, rows, logits.shape[-1], device)
        if params.presence_penalty
        else None
    )
    written: list[list[int]] = [[] for _ in range(rows)]
    steps: list[torch.Tensor] = []
    step_ids = input_ids
    for step in range(params.max_new_tokens):
        if step:
            out = model(
                input_ids=step_ids,
                attention_mask=attention,
                position_ids=positions,
                past_key_values=past,
                use_cache=True,
                logits_to_keep=1,
            )
            past, logits = out.past_key_values, out.logits[:, -1, :].float()
        if penalty is not None:
            logits = penalty(active, logits)
        if params.do_sample:
            next_ids = sample_next(logits, uniforms[active, step], params)
        else:
            next_ids = logits.argmax(dim=-1)
        if penalty is not None:
            penalty.record(active, next_ids)
        report.new_tokens += len(active)
        steps.append(torch.full((rows,), pad_id, device=device).index_put((active,), next_ids))
        going = next_ids != eos_id
        if params.stop_strings:
            pairs = zip(active.tolist(), next_ids.tolist(), strict=True)
            for position, (row, token) in enumerate(pairs):
                written[row].append(token)
                if going[position] and step + 1 < params.max_new_tokens:
                    tail = tokenizer.decode(written[row][-STOP_WINDOW:], skip_special_tokens=True)
                    if any(stop in tail for stop in params.stop_strings):
                        going[position] = False
                        report.stopped_early += 1
        if not going.any():
            break
        if not going.all():
            kept = going.nonzero().squeeze(-1)
            active, next_ids = active[kept], next_ids[kept]
            attention, positions = attention[kept], positions[kept]
            past.batch_select_indices(kept)
        step_ids = next_ids.unsqueeze(-1)
        attention = torch.cat([attention, torch.ones_like(step_ids)], dim=-1)
        positions = positions[:, -1:] + 1
    texts = []
    for ids in torch.stack(steps, dim=1).tolist():
        # A row ends at its first end-of-sequence token (what follows is padding).
        ids = ids[: ids.index(eos_id)] if eos_id in ids else ids
        texts.append(
            _truncate_at_stop(tokenizer.decode(ids, skip_special_tokens=True), params.stop_strings)
        )
    return texts


class VLLMModel:
    """A model served by vLLM (GPU only); `generate` dispatches to it with the same semantics.

    Each request carries its own seed (vLLM's per-request `seed`), derived exactly as the
    transformers backend derives it, so an item's samples depend on (seed, key) only.
    """

    def __init__(self, source: str, revision: str | None, trust_remote_code: bool, dtype: str):
        try:
            from vllm import LLM
        except ImportError:
            raise ConfigError(
                "generation.backend",
                "vllm is not installed (it is GPU-only and not part of the CPU environment); "
                "install it on a CUDA machine or use backend 'transformers'",
            ) from None
        self.llm = LLM(
            model=source, revision=revision, trust_remote_code=trust_remote_code, dtype=dtype
        )

    def generate(
        self, prompts, params: SamplingParams, keys, seed: int, report: GenerationReport
    ) -> list[list[str]]:
        """`prompts`: token ids (cut to the context as the transformers backend cuts them)."""
        from vllm import SamplingParams as VLLMParams

        requests = [
            VLLMParams(
                n=params.num_return_sequences,
                max_tokens=params.max_new_tokens,
                temperature=params.temperature if params.do_sample else 0.0,
                top_p=params.top_p if params.do_sample else 1.0,
                top_k=params.top_k if (params.do_sample and params.top_k > 0) else -1,
                seed=item_seed(seed, f"{key}#0"),
                stop=list(params.stop_strings) or None,
                presence_penalty=params.presence_penalty,
            )
            for key in keys
        ]
        token_prompts = [{"prompt_token_ids": list(ids)} for ids in prompts]
        outputs = self.llm.generate(token_prompts, requests, use_tqdm=True)
        report.new_tokens += sum(len(c.token_ids) for out in outputs for c in out.outputs)
        return [[c.text for c in out.outputs] for out in outputs]


BACKENDS = ("transformers", "vllm")


def load_generator(
    spec: ModelSpec,
    device: str = "auto",
    *,
    backend: str | None = None,
    load_in_4bit: bool = False,
):
    """(model, left-padding tokenizer) for a model spec (a folder the workflow built, fetched
    or trained; see instructgen.settings.ModelSpec).

    The one loader of every stage that generates or scores. `backend` defaults to the spec's
    (config generation.backend); scoring and training pass "transformers".
    """
    from instructgen.modeling import load_model, load_tokenizer, require_cuda_for, resolve_device

    backend = backend or spec.backend
    if backend not in BACKENDS:
        raise ConfigError("generation.backend", f"{backend!r} is not one of {BACKENDS}")
    tokenizer = load_tokenizer(spec.source, None, spec.trust_remote_code)
    tokenizer.padding_side = "left"
    if backend == "vllm":
        require_cuda_for("the vLLM generation backend", "generation.backend")
        model = VLLMModel(spec.source, None, spec.trust_remote_code, spec.dtype)
        return model, tokenizer
    model = load_model(
        spec.source,
        "seq2seq" if spec.kind == "seq2seq" else "causal_lm",
        device=resolve_device(device),
        trust_remote_code=spec.trust_remote_code,
        dtype=spec.dtype,
        load_in_4bit=load_in_4bit,
    )
    return model, tokenizer


@torch.inference_mode()
def _generate_seq2seq(prompts: list[str], model, tokenizer, params: SamplingParams) -> list[str]:
    """Greedy decoding of an encoder-decoder model (paper 1 Table 6's T5 backbones); the
    stages that sample use causal LMs only."""
    if params.do_sample or params.num_return_sequences != 1 or params.presence_penalty:
        raise ValueError(
            "encoder-decoder models are decoded greedily, one text per prompt, without penalty"
        )
    enc = tokenizer(prompts, return_tensors="pt", padding=True, truncation=True)
    enc = enc.to(model.device)
    out = model.generate(**enc, max_new_tokens=params.max_new_tokens, do_sample=False)
    texts = tokenizer.batch_decode(out, skip_special_tokens=True)
    return [_truncate_at_stop(t, params.stop_strings) for t in texts]


def token_counter(tokenizer) -> Callable[[str], int]:
    """Tokens of a continuation as the generator counts them (no special tokens)."""
    return lambda text: len(tokenizer(text, add_special_tokens=False)["input_ids"])


def reached_token_limit(text: str, count_tokens: Callable[[str], int], limit: int) -> bool:
    """Whether a continuation was cut by the token limit: the backends report no finish
    reason, so a text that re-encodes to `limit` tokens or more stands in for OpenAI's
    finish_reason "length" (exact when the sampled tokens are the tokenizer's own encoding of
    the text). A continuation that ended at a stop string or the end of sequence is shorter:
    its stop is cut off (`_truncate_at_stop`) and generation ended before the limit."""
    return count_tokens(text) >= limit


def prompt_limit(model, tokenizer, params: SamplingParams, max_prompt_tokens: int | None) -> int:
    """The most prompt tokens a model takes while leaving room for the new ones."""
    if max_prompt_tokens:
        return max_prompt_tokens
    if isinstance(model, VLLMModel) or not getattr(model.config, "is_encoder_decoder", False):
        positions = getattr(getattr(model, "config", None), "max_position_embeddings", None)
        return (positions or 2048) - params.max_new_tokens
    return tokenizer.model_max_length


def generate(
    model,
    tokenizer,
    prompts: Sequence[str],
    params: SamplingParams,
    *,
    keys: Sequence[str] | None = None,
    seed: int = 0,
    batch_size: int = 16,
    batch_tokens: int | None = None,
    units: Sequence[Sequence[int]] | None = None,
    max_prompt_tokens: int | None = None,
    on_batch: Callable[[list[int], list[list[str]]], None] | None = None,
    skip: set[int] | None = None,
    resume: ResumeLog | None = None,
    report: GenerationReport | None = None,
    desc: str = "generate",
) -> dict[int, list[str]]:
    """Generate `num_return_sequences` texts per prompt; returns {prompt index: texts}.

    Only the items of `units` are run (default: all; a job passes its shard's, see
    instructgen.jobs). A batch holds at most `batch_size` prompts and, with `batch_tokens`,
    at most that many tokens over its rows (samples x (longest prompt + max_new_tokens)), so
    its memory is bounded whatever the prompts' lengths. A prompt longer than the model's
    context loses its start (counted in `report`). `keys` name items for their random streams
    (default: the index); `on_batch` is called after each batch; batches whose items are all
    in `skip` are not run. With `resume` (an instructgen.resume.ResumeLog) the call is
    resumable: items the log holds are returned from it, the others generated and appended to
    it batch by batch.
    """
    report = report if report is not None else GenerationReport()
    keys = list(keys) if keys is not None else [str(i) for i in range(len(prompts))]
    wanted = sorted({i for unit in units for i in unit}) if units is not None else []
    wanted = wanted if units is not None else list(range(len(prompts)))
    limit = prompt_limit(model, tokenizer, params, max_prompt_tokens)
    encoded: dict[int, list[int]] = {}
    if wanted:
        rows = tokenizer([prompts[i] for i in wanted], add_special_tokens=True)["input_ids"]
        for index, ids in zip(wanted, rows, strict=True):
            report.prompts_cut += len(ids) > limit
            encoded[index] = ids[-limit:]
    copies = params.num_return_sequences

    def cost(batch: list[int]) -> int:
        longest = max(len(encoded[i]) for i in batch)
        return len(batch) * copies * (longest + params.max_new_tokens)

    batches = plan_batches(
        [len(p) for p in prompts], batch_size, units, cost=cost, budget=batch_tokens
    )
    done = dict(resume.done) if resume is not None else {}
    skip = set(skip or ()) | set(done)
    results: dict[int, list[str]] = {i: done[i] for batch in batches for i in batch if i in done}
    if isinstance(model, VLLMModel):

        def run(batch: list[int]) -> list[list[str]]:
            texts = model.generate(
                [encoded[i] for i in batch], params, [keys[i] for i in batch], seed, report
            )
            return [[_truncate_at_stop(t, params.stop_strings) for t in group] for group in texts]

    elif getattr(model.config, "is_encoder_decoder", False):

        def run(batch: list[int]) -> list[list[str]]:
            return [
                [text]
                for text in _generate_seq2seq([prompts[i] for i in batch], model, tokenizer, params)
            ]

    else:

        def run(batch: list[int]) -> list[list[str]]:
            generators = [
                torch.Generator().manual_seed(item_seed(seed, f"{keys[i]}#{j}"))
                if params.do_sample
                else None
                for i in batch
                for j in range(copies)
            ]
            texts = _generate_batch(
                model, tokenizer, [encoded[i] for i in batch], generators, params, report
            )
            return [texts[k * copies : (k + 1) * copies] for k in range(len(batch))]

    for batch in progress([b for b in batches if not set(b) <= skip], desc=desc, unit="batch"):
        # A batch that was partly done reruns whole; its finished items keep their logged text.
        fresh = {i: g for i, g in zip(batch, run(batch), strict=True) if i not in done}
        report.items += len(batch)
        report.rows += len(batch) * copies
        report.batches += 1
        if resume is not None:
            resume.append(fresh.items())
        results.update(fresh)
        grouped = [results[i] for i in batch]
        if on_batch is not None:
            on_batch(batch, grouped)
    return results
