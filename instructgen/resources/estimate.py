"""The resource model's formulas: peak GPU memory, GPU time and disk of the pipeline's model work,
from a model's shape (`instructgen.resources.shapes`), a batch's shape and a card
(`instructgen.resources.cards`).

Memory is what `torch.cuda.max_memory_allocated` reports at the step's peak: the resident
weights plus what the step allocates on top (KV cache, activations, logits, gradients and
optimizer state), plus cuBLAS's workspaces. Each function returns a `Memory`, its parts by
name, so a report can say what dominates.

Time: prefill is bound by arithmetic (FLOPs / achieved rate); a decoding step by whichever is
slower, the FLOPs of one token per row or the bytes it moves (weights plus the KV cache) over
the achieved bandwidth, plus the host's per-layer launch overhead that dominates small models.
Training is the larger of its arithmetic and FSDP's parameter traffic per micro-step.

Nothing here imports torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from instructgen.resources import cards as calibration
from instructgen.resources.cards import GIB, Card
from instructgen.resources.shapes import ENCODER_DECODER, LM_HEAD, ModelShape

DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2, "auto": 2}
# nf4 (bitsandbytes): two weights a byte, plus one float32 absmax per block of 64 weights
# (instructgen.modeling loads 4-bit without double quantisation).
FOUR_BIT_BYTES = 0.5 + 4 / 64
# cuBLAS and cuBLASLt workspaces on Hopper/Ampere, allocated through torch's allocator.
WORKSPACE_BYTES = 64 * 2**20
# Logits of the rows a decoding step samples from: the head's bf16 output, then float32.
LOGIT_BYTES = 2 + 4
# instructgen.perplexity projects target positions onto the vocabulary 256 at a time: bf16
# logits, their float32 copy and cross-entropy's float32 log-probabilities.
HEAD_CHUNK = 256
HEAD_CHUNK_BYTES = 2 + 4 + 4
# Full fine-tuning with float32 master weights under bf16 autocast: weight, gradient and
# Adam's two moments in float32 (what FSDP shards over the world size).
FULL_FINETUNE_STATE_BYTES = 4 + 4 + 8
# LoRA adapters train in float32 (weight, gradient, Adam's two moments).
ADAPTER_STATE_BYTES = 16
# TRL's PPO defaults that the pipeline keeps (instructgen.track_b.rlaf: num_ppo_epochs unset).
PPO_EPOCHS = 4


@dataclass
class Memory:
    """Peak memory of one GPU, by part (bytes)."""

    parts: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.parts.values())

    @property
    def gib(self) -> float:
        return self.total / GIB

    def largest(self) -> str:
        return max(self.parts, key=self.parts.get)


def dtype_bytes(dtype: str) -> int:
    return DTYPE_BYTES[dtype]


def weight_bytes(shape: ModelShape, dtype: str = "bfloat16", *, four_bit: bool = False) -> float:
    """Resident weights. 4-bit: every layer's linears in nf4; embeddings and norms float32
    (peft's prepare_model_for_kbit_training casts what is not quantised), the LM head bf16."""
    if not four_bit:
        return shape.parameters * dtype_bytes(dtype)
    linear = shape.layers * shape.decoder_layer_matmuls
    linear += shape.encoder_layers * shape.encoder_layer_matmuls
    head = shape.head_parameters if shape.head == LM_HEAD else 0
    rest = shape.parameters - linear - head
    return linear * FOUR_BIT_BYTES + rest * 4 + head * 2


def forward_activation_bytes(shape: ModelShape, tokens: float, dtype: int = 2) -> float:
    """What one layer's forward holds at its peak without autograd (inference): the MLP's
    intermediate tensors (gate, up, their product for a gated MLP) and a few hidden-size
    tensors (residual, normed input, attention output)."""
    mlp = (3 if shape.gated_mlp else 2) * shape.intermediate_size
    return tokens * (mlp + 4 * shape.hidden_size) * dtype


def attention_mask_bytes(rows: float, query: float, keys: float) -> float:
    """transformers' 4D mask for left-padded batches (rows x 1 x query x keys, bf16)."""
    return rows * query * keys * 2


# -- inference ---------------------------------------------------------------------------------


def generation_memory(
    shape: ModelShape,
    weights: float,
    *,
    rows: int,
    prompt_tokens: int,
    new_tokens: int,
    prefill_rows: int | None = None,
) -> Memory:
    """Peak of one generation batch: `rows` sequences of at most `prompt_tokens` (left-padded
    to the longest) that each decode `new_tokens` (the worst case: none stops early).

    `prefill_rows`: sequences prefilled. The pipeline's loop has prefilled every sample of a
    prompt (k copies, what the H200 figures measured); with each prompt prefilled once and its
    KV cache repeated k times, pass rows / k. Decoding then holds the same KV cache, so the
    end of decoding is the same peak; only the prefill's share changes."""
    if shape.family == ENCODER_DECODER:
        return _seq2seq_generation_memory(shape, weights, rows, prompt_tokens, new_tokens)
    prefill_rows = rows if prefill_rows is None else prefill_rows
    per_token = shape.kv_bytes_per_token()
    end = rows * shape.cached_tokens(prompt_tokens + new_tokens) * per_token
    decode = {
        "weights": weights,
        "kv_cache": end,
        # Each step torch.cat grows one layer's cache at a time: the old and new copy of one
        # layer coexist for a moment.
        "kv_growth": end / shape.layers,
        "logits": rows * shape.vocab_size * LOGIT_BYTES,
        "workspace": WORKSPACE_BYTES,
    }
    prefill_tokens = prefill_rows * prompt_tokens
    prefill = {
        "weights": weights,
        "kv_cache": prefill_rows * shape.cached_tokens(prompt_tokens) * per_token,
        "activations": forward_activation_bytes(shape, prefill_tokens)
        + attention_mask_bytes(prefill_rows, prompt_tokens, prompt_tokens),
        "logits": prefill_rows * shape.vocab_size * LOGIT_BYTES,
        "workspace": WORKSPACE_BYTES,
    }
    if prefill_rows < rows:
        # Repeating the prefilled cache k times copies one layer at a time.
        prefill["kv_growth"] = rows * shape.cached_tokens(prompt_tokens) * per_token / shape.layers
    return Memory(max(decode, prefill, key=lambda parts: sum(parts.values())))


def _seq2seq_generation_memory(shape, weights, rows, prompt_tokens, new_tokens) -> Memory:
    """transformers' generate on an encoder-decoder: encoder states and each decoder layer's
    cross-attention keys/values over the prompt, self-attention cache over the new tokens."""
    encoder_tokens = rows * prompt_tokens
    return Memory(
        {
            "weights": weights,
            "encoder": forward_activation_bytes(shape, encoder_tokens),
            "cross_kv": encoder_tokens * shape.kv_bytes_per_token(),
            "kv_cache": rows * new_tokens * shape.kv_bytes_per_token() * 2,  # cat copies
            "logits": rows * shape.vocab_size * 4 * 2,
            "workspace": WORKSPACE_BYTES,
        }
    )


def scoring_memory(shape: ModelShape, weights: float, *, rows: int, tokens: int) -> Memory:
    """instructgen.perplexity.score_batch on `rows` pairs right-padded to `tokens`: with more
    than one row the template header's cached keys/values are reused, so the forward keeps a
    KV cache of the whole batch; target positions go through the head in chunks."""
    all_tokens = rows * tokens
    parts = {
        "weights": weights,
        "activations": forward_activation_bytes(shape, all_tokens),
        "hidden_states": all_tokens * shape.hidden_size * 2 * 2,  # output and target rows
        "head_chunk": HEAD_CHUNK * shape.vocab_size * HEAD_CHUNK_BYTES,
        "workspace": WORKSPACE_BYTES,
    }
    if rows > 1:
        parts["kv_cache"] = all_tokens * shape.kv_bytes_per_token()
    return Memory(parts)


# -- training ----------------------------------------------------------------------------------


def saved_activation_bytes(shape: ModelShape, *, trainable: str, mlp_bytes: int = 2) -> float:
    """Bytes autograd keeps for the backward, per token per decoder layer.

    `trainable` "full": every linear keeps its (bf16) input; "lora": frozen linears keep
    nothing, the adapters (on q and v) keep their float32 input and dropout mask. Both keep
    attention's q, k, v and output (bf16), the MLP's nonlinearity input and both factors of its
    product (`mlp_bytes` each: bf16 under autocast, float32 where a 4-bit model's float32
    residual stream flows through), and the two RMSNorms' float32 inputs."""
    h, inner = shape.hidden_size, shape.intermediate_size
    attention = 2 * (2 * shape.attention_width + 2 * shape.kv_width)
    mlp = (3 if shape.gated_mlp else 2) * inner * mlp_bytes
    norms = 2 * h * 4
    if trainable == "full":
        linear_inputs = 3 * h * 2 + inner * 2  # qkv input, o input, gate/up input, down input
        return attention + mlp + norms + linear_inputs
    if trainable == "lora":
        adapters = 2 * (h * 4 + h)  # float32 input of lora_A and the dropout mask, q and v
        return attention + mlp + norms + adapters
    raise ValueError(f"trainable must be 'full' or 'lora', not {trainable!r}")


def training_memory(
    shape: ModelShape,
    *,
    world_size: int,
    micro_batch: int,
    tokens: int,
    decoder_tokens: int | None = None,
    lora: bool = False,
    four_bit: bool = False,
    dtype: str = "bfloat16",
    gradient_checkpointing: bool = False,
    lora_r: int = 16,
) -> Memory:
    """Peak of one training process. Full fine-tuning: float32 master weights, gradients and
    Adam state (16 bytes a parameter) sharded by FSDP FULL_SHARD over `world_size`, two layers'
    bf16 parameters gathered at a time (one computing, one prefetched) and one layer's float32
    gradient before its reduce-scatter. LoRA (DDP): the whole frozen model on every GPU, only
    the adapters' state. Activations of a micro-batch of `micro_batch` sequences of `tokens`
    (an encoder-decoder: `tokens` through the encoder, `decoder_tokens` through the decoder)."""
    parts: dict[str, float] = {}
    if lora:
        parts["weights"] = weight_bytes(shape, dtype, four_bit=four_bit)
        parts["adapter_state"] = _adapter_parameters(shape, lora_r) * ADAPTER_STATE_BYTES
        trainable = "lora"
    else:
        parts["sharded_state"] = shape.parameters * FULL_FINETUNE_STATE_BYTES / world_size
        if world_size > 1:
            parts["gathered_layers"] = shape.layer_parameters * (2 * 2 + 4)
        trainable = "full"
    # The residual stream is float32 with float32 master weights or a 4-bit model's float32
    # embeddings; bf16 when a bf16 backbone trains adapters.
    residual = 4 if (four_bit or not lora) else 2
    mlp_bytes = 4 if four_bit else 2
    per_token_layer = saved_activation_bytes(shape, trainable=trainable, mlp_bytes=mlp_bytes)
    if shape.family == ENCODER_DECODER:
        enc_tokens, dec_tokens = micro_batch * tokens, micro_batch * (decoder_tokens or tokens)
        layer_tokens = shape.encoder_layers * enc_tokens + shape.layers * dec_tokens
        # Cross-attention keeps the encoder output's keys/values per decoder layer.
        extra = shape.layers * enc_tokens * 2 * shape.kv_width * 2
        head_tokens = dec_tokens
    else:
        layer_tokens, extra = shape.layers * micro_batch * tokens, 0.0
        head_tokens = micro_batch * tokens
    if gradient_checkpointing:
        # Only each layer's input is kept; one layer's activations are recomputed at a time.
        layers = shape.layers + shape.encoder_layers
        activations = (
            layer_tokens * shape.hidden_size * residual + (layer_tokens / layers) * per_token_layer
        )
    else:
        activations = layer_tokens * per_token_layer + extra
    parts["activations"] = activations
    if shape.head == LM_HEAD:
        # bf16 logits, their float32 copy for the loss, and its float32 gradient.
        parts["logits"] = head_tokens * shape.vocab_size * (2 + 4 + 4)
    parts["workspace"] = WORKSPACE_BYTES
    return Memory(parts)


def _adapter_parameters(shape: ModelShape, r: int) -> int:
    """peft's default LoRA targets for Llama-like models: q_proj and v_proj of every layer."""
    h = shape.hidden_size
    return shape.layers * r * ((h + shape.attention_width) + (h + shape.kv_width))


def ppo_memory(
    policy: ModelShape,
    reward: ModelShape,
    unieval: ModelShape,
    *,
    policy_dtype: str,
    reward_dtype: str,
    unieval_dtype: str,
    four_bit: bool,
    rollouts: int,
    prompt_tokens: int,
    new_tokens: int,
    micro_batch: int,
    lora_r: int,
) -> Memory:
    """Peak of one REFINE-AF PPO step (TRL's PPOTrainer, instructgen.track_b.rlaf): the policy
    with LoRA (its adapters off are the reference), a value model (a second copy of the
    backbone with a scalar head and its own adapters), the reward model and UniEval; then the
    larger of the rollout phase (generation's KV cache, the logits of the scoring forwards)
    and the optimisation phase (a micro-batch through policy and value with autograd)."""
    value = _with_scalar_head(policy)
    sequence = prompt_tokens + new_tokens
    parts = {
        "policy": weight_bytes(policy, policy_dtype, four_bit=four_bit),
        "value_model": weight_bytes(value, policy_dtype, four_bit=four_bit),
        "reward_model": weight_bytes(reward, reward_dtype),
        "unieval": weight_bytes(unieval, unieval_dtype),
        "adapter_state": 2 * _adapter_parameters(policy, lora_r) * ADAPTER_STATE_BYTES,
        "workspace": WORKSPACE_BYTES,
    }
    rollout = rollouts * sequence * policy.kv_bytes_per_token()
    rollout += rollouts * sequence * policy.vocab_size * 2 * 2  # logits and a scaled copy
    mlp_bytes = 4 if four_bit else 2
    per_token = saved_activation_bytes(policy, trainable="lora", mlp_bytes=mlp_bytes)
    optimise = 2 * micro_batch * sequence * policy.layers * per_token  # policy and value
    optimise += micro_batch * sequence * policy.vocab_size * HEAD_CHUNK_BYTES
    if rollout > optimise:
        parts["rollout"] = rollout
    else:
        parts["optimisation"] = optimise
    return Memory(parts)


def _with_scalar_head(shape: ModelShape) -> ModelShape:
    from dataclasses import replace

    from instructgen.resources.shapes import SCALAR_HEAD

    draft = replace(shape, head=SCALAR_HEAD)
    return replace(
        draft, parameters=shape.parameters - shape.head_parameters + draft.head_parameters
    )


# -- time --------------------------------------------------------------------------------------


def forward_flops(shape: ModelShape, tokens: float, context: float, *, head: bool) -> float:
    """FLOPs of `tokens` decoder tokens that attend over `context` tokens each on average
    (matmuls 2 per weight; attention scores and values 4 x width per pair of tokens)."""
    flops = 2 * shape.matmul_parameters_per_token * tokens
    flops += 4 * shape.layers * shape.attention_width * tokens * context
    if head and shape.head == LM_HEAD:
        flops += 2 * shape.hidden_size * shape.vocab_size * tokens
    return flops


def prefill_seconds(shape: ModelShape, card: Card, *, rows: int, tokens: int) -> float:
    """One forward over a batch's prompts (only the last position goes through the head)."""
    flops = forward_flops(shape, rows * tokens, tokens / 2, head=False)
    flops += 2 * shape.hidden_size * shape.vocab_size * rows
    return flops / (card.bf16_tflops * 1e12 * calibration.PREFILL_EFFICIENCY) + (
        shape.layers * calibration.DECODE_STEP_OVERHEAD_S_PER_LAYER
    )


def decode_step_seconds(
    shape: ModelShape, card: Card, weights: float, *, rows: int, context: float
) -> float:
    """One decoding step of `rows` rows whose caches hold `context` tokens each."""
    flops = forward_flops(shape, rows, context, head=True)
    compute = flops / (card.bf16_tflops * 1e12 * calibration.DECODE_COMPUTE_EFFICIENCY)
    moved = weights + calibration.KV_TRAFFIC_PER_STEP * rows * context * shape.kv_bytes_per_token()
    memory = moved / (card.hbm_gbps * 1e9 * calibration.BANDWIDTH_EFFICIENCY)
    return max(compute, memory) + shape.layers * calibration.DECODE_STEP_OVERHEAD_S_PER_LAYER


def generation_seconds(
    shape: ModelShape,
    card: Card,
    weights: float,
    *,
    rows: int,
    prompt_tokens: int,
    new_tokens: int,
    prefill_rows: int | None = None,
) -> float:
    """One batch: the prefill, then `new_tokens` steps (the batch runs until its longest row
    ends; rows that stop earlier leave it, which the average context below ignores: an upper
    bound). An encoder-decoder's prompt goes through its encoder once."""
    prefill_rows = rows if prefill_rows is None else prefill_rows
    if shape.family == ENCODER_DECODER:
        encode = forward_flops(shape, prefill_rows * prompt_tokens, prompt_tokens, head=False)
        seconds = encode / (card.bf16_tflops * 1e12 * calibration.PREFILL_EFFICIENCY)
        seconds += shape.encoder_layers * calibration.DECODE_STEP_OVERHEAD_S_PER_LAYER
    else:
        seconds = prefill_seconds(shape, card, rows=prefill_rows, tokens=prompt_tokens)
    context = shape.cached_tokens(prompt_tokens + new_tokens / 2)
    if shape.family == ENCODER_DECODER:
        context = new_tokens / 2 + prompt_tokens  # self-attention plus cross-attention
    step = decode_step_seconds(shape, card, weights, rows=rows, context=context)
    return seconds + new_tokens * step


def scoring_seconds(shape: ModelShape, card: Card, *, rows: int, tokens: int) -> float:
    """One scoring batch: a forward over every token, the head over target positions only
    (about the target's share; counted as all positions, an upper bound)."""
    flops = forward_flops(shape, rows * tokens, tokens / 2, head=True)
    return flops / (card.bf16_tflops * 1e12 * calibration.PREFILL_EFFICIENCY) + (
        shape.layers * calibration.DECODE_STEP_OVERHEAD_S_PER_LAYER
    )


def fsdp_micro_step_seconds(
    shape: ModelShape, card: Card, *, world_size: int, micro_batch: int, tokens: int
) -> float:
    """One micro-step of full fine-tuning under FSDP: the larger of its arithmetic (forward and
    backward, 6 FLOPs a parameter a token plus attention) and its parameter traffic (bf16 parameters gathered for
    the forward and again for the backward, gradients reduce-scattered: 3 x the model's bf16
    bytes x (world - 1) / world), each at its calibrated rate (cards.FSDP_TRAFFIC_GBPS)."""
    layers = shape.layers + shape.encoder_layers
    per_token = 6 * shape.parameters + 12 * layers * shape.attention_width * tokens / 2
    compute = (
        per_token
        * micro_batch
        * tokens
        / (card.bf16_tflops * 1e12 * calibration.TRAINING_EFFICIENCY)
    )
    if world_size == 1:
        return compute
    traffic = 3 * shape.parameters * 2 * (world_size - 1) / world_size
    return max(compute, traffic / (calibration.FSDP_TRAFFIC_GBPS * 1e9))


def lora_micro_step_seconds(
    shape: ModelShape, card: Card, *, micro_batch: int, tokens: int, four_bit: bool
) -> float:
    """One micro-step with a frozen backbone: forward and backward through it (the backward
    computes input gradients only: about twice the forward), host overhead per layer thrice."""
    flops = 3 * forward_flops(shape, micro_batch * tokens, tokens / 2, head=True)
    seconds = flops / (card.bf16_tflops * 1e12 * calibration.TRAINING_EFFICIENCY)
    seconds += 3 * shape.layers * calibration.DECODE_STEP_OVERHEAD_S_PER_LAYER
    return seconds * (calibration.FOUR_BIT_SLOWDOWN if four_bit else 1.0)


def ppo_step_seconds(
    policy: ModelShape,
    reward: ModelShape,
    unieval: ModelShape,
    card: Card,
    *,
    four_bit: bool,
    policy_dtype: str,
    rollouts: int,
    prompt_tokens: int,
    new_tokens: int,
    micro_batch: int,
    reward_tokens: int = 512,
) -> float:
    """One PPO step: generate the rollouts, forward them through policy, reference and value,
    score them (reward model, UniEval's three questions), then PPO_EPOCHS passes of
    micro-batches through policy and value with autograd; times the calibration of the bf16
    H200 step (cards.PPO_STEP_CALIBRATION)."""
    weights = weight_bytes(policy, policy_dtype, four_bit=four_bit)
    sequence = prompt_tokens + new_tokens
    seconds = generation_seconds(
        policy, card, weights, rows=rollouts, prompt_tokens=prompt_tokens, new_tokens=new_tokens
    )
    seconds += 3 * scoring_seconds(policy, card, rows=rollouts, tokens=sequence)
    seconds += scoring_seconds(reward, card, rows=rollouts, tokens=reward_tokens)
    seconds += 3 * scoring_seconds(unieval, card, rows=rollouts, tokens=reward_tokens)
    micro_batches = PPO_EPOCHS * math.ceil(rollouts / micro_batch)
    seconds += (
        micro_batches
        * 2
        * lora_micro_step_seconds(
            policy, card, micro_batch=micro_batch, tokens=sequence, four_bit=False
        )
    )
    seconds *= calibration.PPO_STEP_CALIBRATION
    return seconds * (calibration.FOUR_BIT_SLOWDOWN if four_bit else 1.0)


# -- disk --------------------------------------------------------------------------------------

# JSON lines of generated text: about 4 bytes of UTF-8 a token, plus keys and escapes.
TEXT_BYTES_PER_TOKEN = 5.0


def text_bytes(items: float, tokens_per_item: float, copies: int = 1) -> float:
    return items * tokens_per_item * TEXT_BYTES_PER_TOKEN * copies


def sharded_checkpoint_bytes(shape: ModelShape, *, lora: bool, lora_r: int = 16) -> float:
    """One resume checkpoint of a training job: FSDP's sharded state (float32 weights and
    Adam's two moments; 12 bytes a parameter over all ranks), or a LoRA run's adapters and
    their optimizer state."""
    if lora:
        return _adapter_parameters(shape, lora_r) * (4 + 8)
    return shape.parameters * (4 + 8)


def checkpoints_written(hours: float, every_minutes: float) -> int:
    """Sharded checkpoints a job writes by wall-clock time (none before the first interval)."""
    return int(hours * 60 // every_minutes)
