"""GPU cards: memory, peak bf16 rate and memory bandwidth (datasheets), plus the achieved
efficiencies the time model applies, calibrated on the measured H200 figures of README
"Performance" (tests/test_resources.py holds them as fixtures and checks the estimates).

Memory is what `torch.cuda.max_memory_allocated` may reach: the card's total less the CUDA
context (kernels and driver state live outside the caching allocator) and a fragmentation
margin (the allocator reserves more than it hands out; a peak of allocated memory near the
total fails with an out-of-memory error before it is reached).
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 2**30


@dataclass(frozen=True)
class Card:
    name: str
    memory_gib: float  # total device memory
    bf16_tflops: float  # dense (no 2:4 sparsity) bf16 tensor-core peak
    hbm_gbps: float  # memory bandwidth, GB/s (1e9 bytes)
    source: str

    @property
    def allocatable_gib(self) -> float:
        """What the estimates (peaks of allocated memory) are compared with."""
        return (self.memory_gib - CUDA_CONTEXT_GIB) * (1 - FRAGMENTATION_MARGIN)

    @property
    def budget_gib(self) -> float:
        """What an estimated peak may reach: the allocatable memory less the estimates' error."""
        return self.allocatable_gib * (1 - ESTIMATE_ERROR)


# The CUDA context of a process (driver, kernels of torch and cuBLAS): about 0.5 GiB on Ampere
# and Hopper, outside what max_memory_allocated reports.
CUDA_CONTEXT_GIB = 0.5
# Allocator fragmentation: reserved memory runs some percent above the allocated peak when
# tensor sizes vary from batch to batch (the growing KV cache above all).
FRAGMENTATION_MARGIN = 0.05
# The estimates' error: the calibration's worst underestimate of a measured peak is 8.8% (PPO on
# a 4-bit policy, tests/test_resources.py). A job whose estimate fills the card would run out of
# memory when its longest batch comes, hours in; an estimate must leave this much free.
ESTIMATE_ERROR = 0.10

_A100 = "NVIDIA A100 datasheet (nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf), also " \
    "https://glennklockwood.com/garden/processors/A100"  # fmt: skip
_HOPPER = "NVIDIA H100/H200 datasheets, also https://lzwjava.github.io/nvidia-h200-gpu-specs-en " \
    "and https://itkb.uw.cz/2026/06/nvidia-h200-vs-b300-precisions-cores.html"  # fmt: skip

CARDS: dict[str, Card] = {
    card.name: card
    for card in (
        # 80 GB HBM2e, 2,039 GB/s (SXM); bf16 312 TFLOP/s dense (624 with sparsity).
        Card("A100-80GB", 80.0, 312.0, 2039.0, _A100),
        # 40 GB HBM2, 1,555 GB/s; the same tensor cores.
        Card("A100-40GB", 40.0, 312.0, 1555.0, _A100),
        # 80 GB HBM3, 3.35 TB/s (SXM); bf16 989 TFLOP/s dense (1,979 with sparsity).
        Card("H100-80GB", 80.0, 989.0, 3350.0, _HOPPER),
        # 141 GB HBM3e (the measured card reports 143,771 MiB = 140.4 GiB), 4.8 TB/s; the
        # H100's compute.
        Card("H200-141GB", 140.4, 989.0, 4800.0, _HOPPER),
    )
}

# -- achieved efficiencies (the time model) ----------------------------------------------------
#
# Calibration runs: README "Performance", one H200, a random 0.95B Llama in bf16 (16 layers).
# Decoding in the pipeline's own loop (instructgen.generation) is bound by the host: one prompt
# at a time gave 76 tokens/s, 13.2 ms a step, while reading the weights takes 0.5 ms at the
# H200's bandwidth; batches of 8, 32 and 128 rows and the Super-NI and bootstrapping batches all
# took 13-15 ms a step. That time is Python and kernel launches, per layer per step.
DECODE_STEP_OVERHEAD_S_PER_LAYER = 0.80e-3
# Memory-bound work reaches this share of the datasheet bandwidth (a streaming copy on HBM
# reaches 80-90%).
BANDWIDTH_EFFICIENCY = 0.80
# Compute-bound work: a prefill of a few thousand tokens runs large bf16 matmuls at about half
# the dense peak in eager PyTorch; decoding many rows, smaller matmuls, less.
PREFILL_EFFICIENCY = 0.50
DECODE_COMPUTE_EFFICIENCY = 0.35
# The HF DynamicCache grows by torch.cat every step, so a decoding step reads the KV cache
# twice and writes it once (the copy, then attention over it).
KV_TRAFFIC_PER_STEP = 3
# Not modelled: Track A candidates (64 prompts x k=5 = 320 rows, 128 new tokens) ran at 5,713
# tokens/s, 56 ms a step, where these terms give about 22 ms (an estimate 2.6x too fast), while
# every run of at most 128 rows lands within 18%. The README notes that single runs of the
# large-batch lines varied up to 2x between two runs on the same card; requests leave twice
# the estimate (instructgen.resources.request).

# Full fine-tuning under FSDP: Stanford Alpaca's recipe (paper 1's: 4 per device, 8
# accumulation, FULL_SHARD) took 5.5 hours for 3 epochs of 52K examples on 4 A100s with
# Llama-2-7B (https://radekosmulski.com/how-do-you-train-an-alpaca/; the Alpaca authors report
# 3 hours on 8 A100-80GB, https://crfm.stanford.edu/2023/03/13/alpaca.html, the same time per
# micro-step): about 2.0 s per micro-step of 4 short examples, where the arithmetic takes a
# tenth of that. The rest is FSDP gathering every layer's bf16 parameters for the forward and
# the backward and reduce-scattering the gradients each micro-step; this is the bandwidth that
# traffic achieved, which the estimate applies to any model size and card (the interconnect, not
# the card, bounds it): 3 x 6.74e9 parameters x 2 bytes x 3/4 = 30.3 GB in 2.03 s.
ALPACA_SECONDS_PER_MICRO_STEP = 5.5 * 3600 * 4 * 4 / (3 * 52_002)
FSDP_TRAFFIC_GBPS = 3 * 6_738_415_616 * 2 * (3 / 4) / ALPACA_SECONDS_PER_MICRO_STEP / 1e9
TRAINING_EFFICIENCY = 0.40  # of the dense peak, for the arithmetic part of a training step
# PPO (TRL): one step of 4 rollouts x 256 tokens took 10.2 s (bf16 LoRA) and 13.2 s (4-bit
# LoRA) on the H200; rollouts decode with transformers' generate, whose per-step overhead is
# above the pipeline loop's, and each step runs 4 PPO epochs of 4 micro-batches. The factor is
# measured / modelled for the bf16 step (10.2 s / 5.98 s); the 4-bit step's ratio to it is
# taken as measured (4-bit dequantises every weight in every forward), so both PPO lines are
# fitted, not predicted.
PPO_STEP_CALIBRATION = 1.71
FOUR_BIT_SLOWDOWN = 13.2 / 10.2


def card(name: str) -> Card:
    try:
        return CARDS[name]
    except KeyError:
        raise ValueError(f"unknown card {name!r}; known: {', '.join(CARDS)}") from None
