"""Perplexity of an output given an instruction: the score of paper 1's instruction filter.

PPL(O | I) = exp(mean token NLL of O after the Alpaca prompt of I). Pairs are encoded exactly as
training encodes them (`training.encode_pairs`: prompt tokens labelled -100, the output followed
by EOS), grouped into batches of similar token length (`generation.plan_batches`), right-padded
(`training.PadCollator`) and run under `torch.inference_mode`. Right padding leaves every real
token's attention and position unchanged, so a pair's perplexity in a batch equals its
perplexity alone up to float rounding; a pair lands in the same batch whatever the shard count
(instructgen.jobs), so sharded scores are bit-identical to unsharded ones.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch

from instructgen.generation import plan_batches
from instructgen.logs import progress
from instructgen.templates import alpaca_prompt
from instructgen.training import IGNORE, PadCollator, encode_pairs

LOG = logging.getLogger(__name__)
# A shorter common prefix is not worth the second forward call it costs.
MIN_SHARED_PREFIX = 8
# Target positions projected onto the vocabulary at once (256 x 32k logits = 32 MiB).
HEAD_CHUNK = 256


def max_length(model, tokenizer) -> int:
    """The longest sequence the model takes (its position limit, else the tokenizer's)."""
    limit = getattr(model.config, "max_position_embeddings", None)
    return int(limit or min(tokenizer.model_max_length, 4096))


def encode_instructions_outputs(
    tokenizer,
    instructions: Sequence[str],
    outputs: Sequence[str],
    max_len: int,
    cut: list[int] | None = None,
) -> list[dict[str, list[int]]]:
    """The scored pairs: Alpaca prompt of each instruction (masked), then its output."""
    prompts = [alpaca_prompt(i) for i in instructions]
    return encode_pairs(tokenizer, prompts, outputs, max_len, cut)


def encode_instruction_output(tokenizer, instruction: str, output: str, max_len: int):
    """One scored pair, encoded as `encode_instructions_outputs` encodes many."""
    return encode_instructions_outputs(tokenizer, [instruction], [output], max_len)[0]


def shared_prefix_length(encoded: Sequence[dict[str, list[int]]]) -> int:
    """Leading tokens every pair of a batch has in common (the prompt template's header), up
    to but excluding each prompt's last token, whose position predicts the first target."""
    limit = min(next(i for i, t in enumerate(e["labels"]) if t != IGNORE) for e in encoded)
    first = encoded[0]["input_ids"]
    length = 0
    while length < limit - 1 and all(e["input_ids"][length] == first[length] for e in encoded):
        length += 1
    return length


def _prefix_cache(model, prefix_ids: list[int], rows: int, cache: dict[tuple[int, ...], Any]):
    """The KV cache of a shared prefix, computed once per distinct prefix, repeated for `rows`."""
    key = tuple(prefix_ids)
    if key not in cache:
        device = next(model.parameters()).device
        ids = torch.tensor([prefix_ids], device=device)
        cache[key] = model.base_model(input_ids=ids, use_cache=True).past_key_values
    past = copy.deepcopy(cache[key])
    past.batch_repeat_interleave(rows)
    return past


@torch.inference_mode()
def score_batch(
    model,
    tokenizer,
    encoded: Sequence[dict[str, list[int]]],
    prefix_cache: dict[tuple[int, ...], Any] | None = None,
) -> list[float]:
    """Perplexity of the unmasked (label != -100) tokens of each encoded pair.

    `prefix_cache` keeps the KV cache of the template header that every pair starts with across
    calls, so it is computed once per job rather than once per pair.
    """
    device = next(model.parameters()).device
    batch = PadCollator(tokenizer.pad_token_id)(encoded)
    input_ids = batch["input_ids"].to(device)
    prefix = shared_prefix_length(encoded) if len(encoded) > 1 else 0
    past = None
    if prefix >= MIN_SHARED_PREFIX:
        cache = prefix_cache if prefix_cache is not None else {}
        past = _prefix_cache(model, encoded[0]["input_ids"][:prefix], len(encoded), cache)
    else:
        prefix = 0
    # No attention mask: with right padding, causal attention already keeps every real token
    # from seeing a pad (pads only follow it). Pad positions' logits are never read.
    positions = torch.arange(prefix, input_ids.shape[1], device=device).expand(len(encoded), -1)
    hidden = model.base_model(
        input_ids=input_ids[:, prefix:],
        position_ids=positions,
        past_key_values=past,
        use_cache=past is not None,
    ).last_hidden_state
    # Position t predicts token t+1. Only target positions go through the LM head (the prompt's
    # would cost as much vocabulary projection again and are never read), in chunks whose
    # logits stay in the CPU cache between the projection and the loss.
    targets = batch["labels"][:, prefix + 1 :].to(device)
    valid = targets != IGNORE
    rows = valid.nonzero()[:, 0]
    states, wanted = hidden[:, :-1][valid], targets[valid]
    head = model.get_output_embeddings()
    nll = torch.cat(
        [
            torch.nn.functional.cross_entropy(
                head(states[i : i + HEAD_CHUNK]).float(),
                wanted[i : i + HEAD_CHUNK],
                reduction="none",
            )
            for i in range(0, len(wanted), HEAD_CHUNK)
        ]
        or [torch.zeros(0, device=device)]
    )
    sums = torch.zeros(len(encoded), dtype=torch.float64, device=device)
    sums.index_add_(0, rows, nll.double())
    counts = valid.sum(dim=1).double()
    return [
        math.exp(s / c) if c > 0 else math.inf
        for s, c in zip(sums.tolist(), counts.tolist(), strict=True)
    ]


def encode_for(model, tokenizer, instructions: Sequence[str], outputs: Sequence[str], cut=None):
    """The scored pairs, encoded up to the model's length limit (pairs cut to fit: `cut`)."""
    if len(instructions) != len(outputs):
        raise ValueError(f"{len(instructions)} instructions for {len(outputs)} outputs")
    limit = max_length(model, tokenizer)
    return encode_instructions_outputs(tokenizer, instructions, outputs, limit, cut)


def score_pairs(
    model,
    tokenizer,
    instructions: Sequence[str],
    outputs: Sequence[str],
    *,
    batch_size: int = 16,
    batch_tokens: int | None = None,
    units: Sequence[Sequence[int]] | None = None,
    encoded: Sequence[dict[str, list[int]]] | None = None,
    on_batch: Callable[[list[int], list[float]], None] | None = None,
    skip: set[int] | None = None,
    desc: str = "perplexity",
) -> dict[int, float]:
    """PPL(output_i | instruction_i) for the pairs of `units` (default: all; a job passes its
    shard's, see instructgen.jobs); returns {pair index: perplexity}. `encoded`: the pairs as
    `encode_for` encodes them, when the caller has them already.

    Batches group pairs of similar token length, at most `batch_size` pairs and, with
    `batch_tokens`, at most that many tokens (pairs x the longest); `on_batch` checkpoints,
    and batches wholly in `skip` are not run.
    """
    if encoded is None:
        encoded = encode_for(model, tokenizer, instructions, outputs)
    lengths = [len(e["input_ids"]) for e in encoded]
    batches = plan_batches(
        lengths,
        batch_size,
        units,
        cost=lambda batch: len(batch) * max(lengths[i] for i in batch),
        budget=batch_tokens,
    )
    skip = skip or set()
    todo = [b for b in batches if not set(b) <= skip]
    scores: dict[int, float] = {}
    prefix_cache: dict[tuple[int, ...], Any] = {}
    for batch in progress(todo, desc=desc, unit="batch"):
        values = score_batch(model, tokenizer, [encoded[i] for i in batch], prefix_cache)
        scores.update(zip(batch, values, strict=True))
        if on_batch is not None:
            on_batch(batch, values)
    return scores


def choose(perplexities: Sequence[float | None]) -> int | None:
    """Index of the lowest perplexity (earliest on ties); None-scored (empty) candidates never
    win. None when no candidate has a score."""
    best = None
    for index, value in enumerate(perplexities):
        if value is not None and (best is None or value < perplexities[best]):
            best = index
    return best
