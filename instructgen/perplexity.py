"""Perplexity of an output given an instruction: the score of paper 1's instruction filter.

PPL(O | I) = exp(mean token NLL of O after the Alpaca prompt of I). Pairs are encoded exactly as
training encodes them (`training.encode_pair`: prompt tokens labelled -100, the output followed
by EOS), grouped into batches of similar token length (`generation.plan_batches`), right-padded
(`training.PadCollator`) and run under `torch.inference_mode`. Right padding leaves every real
token's attention and position unchanged, so a pair's perplexity in a batch equals its
perplexity alone up to float rounding; batches never depend on the shard count, so sharded
scores are bit-identical to unsharded ones.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence

import torch

from instructgen.generation import plan_batches, shard_batches
from instructgen.logs import progress
from instructgen.templates import alpaca_prompt
from instructgen.training import IGNORE, PadCollator, encode_pair

LOG = logging.getLogger(__name__)


def max_length(model, tokenizer) -> int:
    """The longest sequence the model takes (its position limit, else the tokenizer's)."""
    limit = getattr(model.config, "max_position_embeddings", None)
    return int(limit or min(tokenizer.model_max_length, 4096))


def encode_instruction_output(tokenizer, instruction: str, output: str, max_len: int):
    """The scored pair: Alpaca prompt of the instruction (masked), then the output."""
    return encode_pair(tokenizer, alpaca_prompt(instruction), output, max_len)


@torch.inference_mode()
def score_batch(model, tokenizer, encoded: Sequence[dict[str, list[int]]]) -> list[float]:
    """Perplexity of the unmasked (label != -100) tokens of each encoded pair."""
    device = next(model.parameters()).device
    batch = PadCollator(tokenizer.pad_token_id)(encoded)
    # No attention mask: with right padding, causal attention already keeps every real token
    # from seeing a pad (pads only follow it), and without a mask the attention kernel takes
    # its causal fast path (3-4x faster on CPU). Pad positions' logits are never read.
    # Position t predicts token t+1. Only target positions go through the LM head: the prompt's
    # positions would cost as much vocabulary projection again and are never read.
    hidden = model.base_model(input_ids=batch["input_ids"].to(device)).last_hidden_state
    targets = batch["labels"][:, 1:].to(device)
    valid = targets != IGNORE
    rows = valid.nonzero()[:, 0]
    logits = model.get_output_embeddings()(hidden[:, :-1][valid])
    nll = torch.nn.functional.cross_entropy(logits.float(), targets[valid], reduction="none")
    sums = torch.zeros(len(encoded), dtype=torch.float64, device=device)
    sums.index_add_(0, rows, nll.double())
    counts = valid.sum(dim=1).double()
    return [
        math.exp(s / c) if c > 0 else math.inf
        for s, c in zip(sums.tolist(), counts.tolist(), strict=True)
    ]


def score_pairs(
    model,
    tokenizer,
    instructions: Sequence[str],
    outputs: Sequence[str],
    *,
    batch_size: int = 16,
    shard: int = 0,
    num_shards: int = 1,
    on_batch: Callable[[list[int], list[float]], None] | None = None,
    skip: set[int] | None = None,
    desc: str = "perplexity",
) -> dict[int, float]:
    """PPL(output_i | instruction_i) for this shard's pairs; returns {pair index: perplexity}.

    Batches are cut from one global ordering by token length, so a pair lands in the same batch
    whatever the shard count; `on_batch` checkpoints, and batches wholly in `skip` are not run.
    """
    if len(instructions) != len(outputs):
        raise ValueError(f"{len(instructions)} instructions for {len(outputs)} outputs")
    limit = max_length(model, tokenizer)
    encoded = [
        encode_instruction_output(tokenizer, i, o, limit)
        for i, o in zip(instructions, outputs, strict=True)
    ]
    batches = shard_batches(
        plan_batches([len(e["input_ids"]) for e in encoded], batch_size), shard, num_shards
    )
    skip = skip or set()
    todo = [b for b in batches if not set(b) <= skip]
    scores: dict[int, float] = {}
    for batch in progress(todo, desc=desc, unit="batch"):
        values = score_batch(model, tokenizer, [encoded[i] for i in batch])
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
