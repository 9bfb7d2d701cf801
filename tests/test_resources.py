"""The GPU resource model (instructgen.resources): shapes against published parameter counts,
each formula on a hand-computed case, and calibration against the H200 figures of README
"Performance": every measured peak of GPU memory must be met within 25%."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from instructgen.resources import cards
from instructgen.resources import estimate as est
from instructgen.resources.shapes import (
    PUBLISHED_PARAMETERS,
    UNIEVAL,
    ModelShape,
    shape_from_config,
    shape_of,
)

REPO = Path(__file__).resolve().parents[1]
MIB, GIB = 2**20, 2**30

# -- shapes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("hub_id", sorted(PUBLISHED_PARAMETERS))
def test_parameter_count_matches_the_published_one(hub_id):
    assert shape_of(hub_id).parameters == PUBLISHED_PARAMETERS[hub_id].parameters


def test_paper_models_shapes():
    llama = shape_of("huggyllama/llama-7b")
    assert (llama.layers, llama.hidden_size, llama.kv_heads, llama.max_positions) == (
        32,
        4096,
        32,
        2048,
    )
    assert shape_of("mistralai/Mistral-7B-v0.1").kv_heads == 8
    assert shape_of("mistralai/Mistral-7B-v0.1").sliding_window == 4096
    reward = shape_of("OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5")
    # Pythia-1.4B's body at a 50,288-token vocabulary with a scalar head (out_proj, h + bias).
    assert reward.head == "scalar"
    assert reward.parameters == 1_414_647_808 - 16 * 2048 - 50304 * 2048 + 2048 + 1


def test_unieval_is_t5_v1_1_large_not_what_repos_guessed():
    """The memo: UniEval trains from t5-v1_1-large (gated-gelu, d_ff 2816, untied, vocabulary
    32,100), not T5 1.0-large as instructgen.standins.repos records it for now."""
    shape = shape_of(UNIEVAL)
    assert (shape.intermediate_size, shape.gated_mlp, shape.tied_embeddings) == (2816, True, False)
    assert shape.vocab_size == 32100
    assert shape.parameters == 783_150_080 - 2 * 28 * 1024  # t5-v1_1-large less 28 tokens


@pytest.mark.parametrize(
    ("hub_id", "mib"),
    [
        ("huggyllama/llama-7b", 0.5),  # 2 x 32 layers x 4096 x 2 bytes
        ("meta-llama/Llama-2-13b-hf", 0.78125),  # 2 x 40 x 5120 x 2
        ("mistralai/Mistral-7B-v0.1", 0.125),  # 2 x 32 x (8 heads x 128) x 2
    ],
)
def test_kv_cache_per_token_in_bf16(hub_id, mib):
    assert shape_of(hub_id).kv_bytes_per_token() == mib * MIB


def test_a_tiny_config_has_a_shape():
    """The default config's tiny Llama (what rules/models.smk builds) reads like a hub one."""
    shape = shape_from_config(
        {
            "model_type": "llama",
            "hidden_size": 128,
            "intermediate_size": 320,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "vocab_size": 3000,
            "tie_word_embeddings": True,
        }
    )
    per_layer = 4 * 128 * 128 + 3 * 128 * 320 + 2 * 128
    assert shape.parameters == 3000 * 128 + 2 * per_layer + 128


def test_unknown_model_type_is_refused():
    with pytest.raises(ValueError, match="no shape rule"):
        shape_from_config({"model_type": "bert"})


# -- formulas on hand-computed cases ------------------------------------------------------------


def toy() -> ModelShape:
    """2 layers, hidden 64, 4 heads of 16, MLP 128 gated, vocabulary 100, untied."""
    return shape_from_config(
        {
            "model_type": "llama",
            "hidden_size": 64,
            "intermediate_size": 128,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "vocab_size": 100,
        }
    )


def test_weights_in_bf16_and_four_bit():
    llama = shape_of("huggyllama/llama-7b")
    assert est.weight_bytes(llama) == 2 * 6_738_415_616
    shape = toy()
    linear = 2 * (4 * 64 * 64 + 3 * 64 * 128)
    head = 100 * 64
    rest = shape.parameters - linear - head  # embeddings and norms, float32 after kbit prep
    assert est.weight_bytes(shape, four_bit=True) == linear * (0.5 + 4 / 64) + rest * 4 + head * 2


def test_generation_memory_at_the_end_of_decoding():
    shape = toy()
    weights = est.weight_bytes(shape)
    memory = est.generation_memory(shape, weights, rows=3, prompt_tokens=2, new_tokens=30)
    kv = 3 * 32 * (2 * 2 * 64 * 2)  # rows x tokens x (K and V x layers x width x bf16)
    assert memory.parts["kv_cache"] == kv
    assert memory.parts["kv_growth"] == kv / 2
    assert memory.parts["logits"] == 3 * 100 * 6
    assert memory.total == weights + kv * 1.5 + 3 * 100 * 6 + est.WORKSPACE_BYTES


def test_prefilling_once_for_k_samples_shrinks_only_the_prefill():
    llama = shape_of("huggyllama/llama-7b")
    weights = est.weight_bytes(llama)
    copied = est.generation_memory(llama, weights, rows=320, prompt_tokens=550, new_tokens=4)
    once = est.generation_memory(
        llama, weights, rows=320, prompt_tokens=550, new_tokens=4, prefill_rows=64
    )
    assert "activations" in copied.parts  # 320 rows of prefill activations are the peak
    assert once.total < copied.total


def test_scoring_keeps_a_kv_cache_only_for_batches():
    shape = toy()
    alone = est.scoring_memory(shape, 0, rows=1, tokens=50)
    batch = est.scoring_memory(shape, 0, rows=4, tokens=50)
    assert "kv_cache" not in alone.parts
    assert batch.parts["kv_cache"] == 4 * 50 * shape.kv_bytes_per_token()


def test_full_finetuning_state_is_16_bytes_a_parameter_sharded():
    llama = shape_of("huggyllama/llama-7b")
    memory = est.training_memory(llama, world_size=4, micro_batch=1, tokens=8)
    assert memory.parts["sharded_state"] == 6_738_415_616 * 16 / 4
    lora = est.training_memory(llama, world_size=4, micro_batch=1, tokens=8, lora=True)
    assert lora.parts["weights"] == 2 * 6_738_415_616 and "sharded_state" not in lora.parts


def test_saved_activations_per_token_and_layer():
    """LoRA on q, v of a frozen Llama-7B layer: attention's q, k, v, out in bf16 (8 x 4096),
    the gated MLP's three factors in bf16 (6 x 11008), two float32 norm inputs (8 x 4096) and
    the adapters' float32 inputs and dropout masks (2 x 5 x 4096)."""
    llama = shape_of("huggyllama/llama-7b")
    expected = 8 * 4096 + 6 * 11008 + 8 * 4096 + 10 * 4096
    assert est.saved_activation_bytes(llama, trainable="lora") == expected


def test_decode_step_is_memory_bound_for_one_row_of_a_7b():
    llama = shape_of("huggyllama/llama-7b")
    card = cards.card("A100-80GB")
    weights = est.weight_bytes(llama)
    step = est.decode_step_seconds(llama, card, weights, rows=1, context=100)
    moved = weights + 3 * 100 * llama.kv_bytes_per_token()
    memory = moved / (2039e9 * cards.BANDWIDTH_EFFICIENCY)
    assert step == pytest.approx(memory + 32 * cards.DECODE_STEP_OVERHEAD_S_PER_LAYER)


def test_fsdp_micro_step_reproduces_its_calibration():
    """Alpaca's recipe on 4 GPUs, Llama-2-7B: 5.5 h for 3 epochs of 52,002 examples."""
    llama2 = shape_of("meta-llama/Llama-2-7b-hf")
    seconds = est.fsdp_micro_step_seconds(
        llama2, cards.card("A100-80GB"), world_size=4, micro_batch=4, tokens=140
    )
    assert seconds == pytest.approx(cards.ALPACA_SECONDS_PER_MICRO_STEP)
    assert 3 * 52_002 / 16 * seconds / 3600 == pytest.approx(5.5)


def test_checkpoints_by_wall_clock():
    assert est.checkpoints_written(2.0, 30) == 4
    assert est.checkpoints_written(0.4, 30) == 0
    llama = shape_of("huggyllama/llama-7b")
    assert est.sharded_checkpoint_bytes(llama, lora=False) == 12 * 6_738_415_616


def test_allocatable_memory_leaves_context_and_fragmentation():
    a100 = cards.card("A100-80GB")
    assert a100.allocatable_gib == pytest.approx((80 - 0.5) * 0.95)


# -- calibration on the H200 figures (README "Performance") ------------------------------------

sys.path.insert(0, str(REPO / "benchmarks"))
import gpu  # noqa: E402

# The batch shapes benchmarks/gpu.py measured (rows, longest prompt in tokens of its BPE, new
# tokens), as benchmarks/gpu_shapes.py works them out (test_batch_shapes_are_those_gpu_py_ran).
SHAPES = {
    "generation, one prompt": {"rows": 1, "prompt_tokens": 130, "new_tokens": 128},
    "generation, batch 8": {"rows": 8, "prompt_tokens": 130, "new_tokens": 128},
    "generation, batch 32": {"rows": 32, "prompt_tokens": 150, "new_tokens": 128},
    "generation, batch 128": {"rows": 128, "prompt_tokens": 151, "new_tokens": 128},
    "Track A candidates": {
        "rows": 320,
        "prefill_rows": 320,
        "prompt_tokens": 151,
        "new_tokens": 128,
    },
    "Track B bootstrapping": {"rows": 32, "prompt_tokens": 455, "new_tokens": 1024},
    "Super-NI evaluation": {"rows": 32, "prompt_tokens": 184, "new_tokens": 128},
    "perplexity scoring, batch 1": {"rows": 1, "tokens": 183},
    "perplexity scoring, batch 16": {"rows": 16, "tokens": 216},
    "perplexity scoring, batch 64": {"rows": 64, "tokens": 216},
    "PPO step, bf16 LoRA": {
        "rollouts": 4,
        "micro_batch": 1,
        "prompt_tokens": 1675,
        "new_tokens": 256,
    },
    "PPO step, 4-bit LoRA": {
        "rollouts": 4,
        "micro_batch": 1,
        "prompt_tokens": 1675,
        "new_tokens": 256,
    },
}
# README "Performance": peak GPU memory (GiB) and throughput (tokens/s, pairs/s or s a step).
MEASURED = {
    "generation, one prompt": (1.9, 76),
    "generation, batch 8": (2.1, 630),
    "generation, batch 32": (2.9, 2192),
    "generation, batch 128": (6.3, 9154),
    "Track A candidates": (13.1, 5713),
    "Track B bootstrapping": (7.8, 2336),
    "Super-NI evaluation": (3.1, 2240),
    "perplexity scoring, batch 1": (1.8, 72.4),
    "perplexity scoring, batch 16": (2.4, 718),
    "perplexity scoring, batch 64": (4.0, 1214),
    "PPO step, bf16 LoRA": (14.5, 10.2),
    "PPO step, 4-bit LoRA": (15.7, 13.2),
}
H200 = cards.card("H200-141GB")


def benchmark_models() -> tuple[ModelShape, ModelShape, ModelShape]:
    """The random models gpu.py builds: a Llama (untied), GPTNeoXForSequenceClassification in
    Pythia-1.4B's shape, T5-large (1.0) for UniEval, float32."""
    policy = shape_from_config({"model_type": "llama", **gpu.POLICY_SHAPE})
    reward = shape_from_config(
        {
            "model_type": "gpt_neox",
            "architectures": ["GPTNeoXForSequenceClassification"],
            **gpu.REWARD_SHAPE,
        }
    )
    unieval = shape_from_config({"model_type": "t5", **gpu.UNIEVAL_SHAPE})
    return policy, reward, unieval


def estimated(name: str) -> tuple[float, float]:
    """(peak GiB, throughput in the measured unit) of one measured line."""
    policy, reward, unieval = benchmark_models()
    weights = est.weight_bytes(policy)
    shape = SHAPES[name]
    if name.startswith("PPO"):
        four_bit = "4-bit" in name
        common = dict(
            four_bit=four_bit,
            rollouts=shape["rollouts"],
            prompt_tokens=shape["prompt_tokens"],
            new_tokens=shape["new_tokens"],
            micro_batch=shape["micro_batch"],
        )
        memory = est.ppo_memory(
            policy,
            reward,
            unieval,
            policy_dtype="bfloat16",
            reward_dtype="bfloat16",
            unieval_dtype="float32",
            lora_r=16,
            **common,
        )
        step = est.ppo_step_seconds(
            policy, reward, unieval, H200, policy_dtype="bfloat16", **common
        )
        return memory.gib, step
    if name.startswith("perplexity"):
        rows, tokens = shape["rows"], shape["tokens"]
        memory = est.scoring_memory(policy, weights, rows=rows, tokens=tokens)
        return memory.gib, rows / est.scoring_seconds(policy, H200, rows=rows, tokens=tokens)
    kwargs = {k: shape[k] for k in ("rows", "prompt_tokens", "new_tokens")}
    kwargs["prefill_rows"] = shape.get("prefill_rows")
    memory = est.generation_memory(policy, weights, **kwargs)
    seconds = est.generation_seconds(policy, H200, weights, **kwargs)
    return memory.gib, shape["rows"] * shape["new_tokens"] / seconds


@pytest.mark.parametrize("name", list(MEASURED))
def test_peak_memory_within_25_percent_of_the_h200_figure(name):
    peak, _ = estimated(name)
    measured, _ = MEASURED[name]
    assert abs(peak / measured - 1) <= 0.25, f"{name}: {peak:.2f} GiB vs {measured} GiB"


# The time model misses one line by more than 25%: Track A candidates (320 rows) ran 2.6x
# slower than modelled (cards.py says why it is not modelled); all others land within 25%.
TIME_OUTLIERS = {"Track A candidates": 3.0}


@pytest.mark.parametrize("name", list(MEASURED))
def test_throughput_within_25_percent_of_the_h200_figure(name):
    _, rate = estimated(name)
    _, measured = MEASURED[name]
    if name in TIME_OUTLIERS:
        assert 1 < rate / measured < TIME_OUTLIERS[name]
    else:
        assert abs(rate / measured - 1) <= 0.25, f"{name}: {rate:.1f} vs {measured}"


def test_benchmark_policy_is_the_measured_size():
    """gpu.py printed 0.95B parameters for its policy."""
    assert benchmark_models()[0].parameters == pytest.approx(0.95e9, rel=0.01)


def test_batch_shapes_are_those_gpu_py_ran():
    """benchmarks/gpu_shapes.py re-derives SHAPES from gpu.py's tokenizer and prompts (CPU,
    seconds); the measured run read the bootstrap batch from the key then named batch_size."""
    import gpu_shapes

    assert json.loads(json.dumps(gpu_shapes.batch_shapes())) == SHAPES


# -- workloads, estimates per step, the site, requests -----------------------------------------


@pytest.fixture(scope="module")
def paper_config() -> dict:
    import yaml

    from instructgen.config import validate_config

    return validate_config(yaml.safe_load((REPO / "configs/paper.yaml").read_text()))


@pytest.fixture(scope="module")
def slurm_site():
    from instructgen.resources.site import site_from_profile

    return site_from_profile(REPO / "profiles/slurm")


def test_the_profile_gives_80_gb_a100s_four_per_training_job(slurm_site):
    assert slurm_site.card.name == "A100-80GB"
    assert slurm_site.gpus_for("train_sft") == slurm_site.gpus_for("train_generator") == 4
    assert slurm_site.gpus_for("generate_candidates") == 1
    assert slurm_site.accelerate["train_sft"] == "fsdp"
    assert slurm_site.max_runtime_minutes == 24 * 60


@pytest.mark.parametrize(
    ("gpu_model", "constraint", "name"),
    [
        ("a100", "a100_80gb", "A100-80GB"),
        ("a100", None, "A100-40GB"),  # either size may come: what fits 40 GB fits both
        ("h100", None, "H100-80GB"),
        ("h200", None, "H200-141GB"),
        (None, None, "A100-80GB"),  # no GPU model (profiles/local): the paper's card
    ],
)
def test_card_from_gpu_model_and_constraint(gpu_model, constraint, name):
    from instructgen.resources.site import card_for

    assert card_for(gpu_model, constraint).name == name


def test_batches_by_rows_and_by_tokens():
    from instructgen.resources.steps import prompts_per_batch

    config = {"track_a": {"candidates": {"batch_size": 64}}}
    assert prompts_per_batch(config, "track_a.candidates", row_tokens=680, samples=5) == 64
    config["track_a"]["candidates"]["batch_tokens"] = 68_000
    # 68,000 tokens / (5 samples x 680 tokens) = 20 prompts, 100 rows.
    assert prompts_per_batch(config, "track_a.candidates", row_tokens=680, samples=5) == 20
    # One prompt longer than the budget still runs, alone.
    assert prompts_per_batch(config, "track_a.candidates", row_tokens=90_000) == 1


def test_workloads_are_measured_from_the_run_s_files(tmp_path, paper_config):
    from instructgen.resources.workloads import Workloads

    bound = Workloads(paper_config, tmp_path).fragments("unsupervised", "whole")
    assert (bound.count, bound.longest) == (13_500, 532)  # 9,000 + 4,500 passages, 400 words
    fragments = tmp_path / "results/fragments/unsupervised/whole.jsonl"
    fragments.parent.mkdir(parents=True)
    fragments.write_text(
        "".join(json.dumps({"id": str(i), "text": "word " * (10 * i)}) + "\n" for i in range(5))
    )
    found = Workloads(paper_config, tmp_path).fragments("unsupervised", "whole")
    assert (found.count, found.longest, found.mean) == (5, 54, 27)  # 40 words x 1.33
    assert found.source.startswith("measured from")
    # A file the run will rewrite (its job reruns), or one inside a folder it will, is not
    # this configuration's: the bound again.
    for rewritten in ("results/fragments/unsupervised/whole.jsonl", "results/fragments"):
        stale = Workloads(paper_config, tmp_path, {rewritten}).fragments("unsupervised", "whole")
        assert stale == bound


def test_bootstrap_prompts_are_bounded_by_the_pinned_seeds(paper_config, tmp_path):
    """Header, the 6 longest seeds (66+45+45+35+33+31 words) and 2 kept instructions of at
    most max_words (150), each with its "Task n:" label."""
    from instructgen import templates
    from instructgen.resources.workloads import Workloads, text_tokens, words_tokens

    prompt = Workloads(paper_config, tmp_path).bootstrap_prompt()
    seeds = sum(words_tokens(w) for w in (66, 45, 45, 35, 33, 31))
    expected = text_tokens(templates.BOOTSTRAP_HEADER) + seeds + 2 * words_tokens(150)
    assert prompt.longest == expected + 9 * words_tokens(2)


def test_candidates_on_a_40_gb_card_fail_on_the_kv_cache(paper_config):
    """320-row batches (64 prompts x k=5) of ~550-token prompts of LLaMA-7B."""
    from instructgen.resources.site import card_for
    from instructgen.resources.steps import Estimator, Site

    site = Site(card_for("a100"))
    job = {"corpus": "unsupervised", "strategy": "whole", "generator": "seed-instruction"}
    estimate = Estimator(paper_config, site).estimate(
        "generate_candidates", {**job, "shard": "0", "shards": "16"}
    )
    assert estimate.peak_gib > site.card.allocatable_gib
    assert estimate.memory.largest() == "kv_cache"
    assert estimate.memory_keys == (
        "track_a.candidates.batch_tokens",
        "track_a.candidates.batch_size",
    )


def test_training_estimate_of_a_13b_sft_job(paper_config, slurm_site):
    from instructgen.resources.steps import Estimator

    estimate = Estimator(paper_config, slurm_site).estimate(
        "train_sft", {"dataset": "b.llama2_13b.refine_af.all"}
    )
    assert estimate.gpus == 4
    assert estimate.memory.parts["sharded_state"] == 16 * 13_015_864_320 / 4
    assert estimate.checkpoint_bytes == 12 * 13_015_864_320  # one sharded resume checkpoint
    assert estimate.model_bytes == 2 * 13_015_864_320  # the final save in bf16
    assert estimate.peak_gib < slurm_site.card.allocatable_gib


@pytest.mark.parametrize("hours", [0.001, 0.1, 1.0, 7.5, 30.0])
def test_requested_runtime_is_bounded(hours):
    from instructgen.resources.request import RUNTIME_FLOOR_MINUTES, runtime_minutes

    minutes = runtime_minutes(hours, 24 * 60)
    assert RUNTIME_FLOOR_MINUTES <= minutes <= 24 * 60
    assert minutes <= max(3 * hours * 60, RUNTIME_FLOOR_MINUTES)
    assert minutes >= min(hours * 60, 24 * 60)


# -- make preflight on the paper DAG -------------------------------------------------------------

# The token budgets configs/paper.yaml sets for 80 GB A100s (the largest multiples of 8,192 at or
# below what preflight reports fitting, with the estimates' error left free, for every job of the
# section).
PAPER_BATCH_TOKENS = {
    "track_a.candidates.batch_tokens": 106_496,
    "track_a.filtering.batch_tokens": 90_112,
    "track_b.bootstrap.batch_tokens": 49_152,
    "track_b.instances.batch_tokens": 49_152,
    "evaluation.superni.batch_tokens": 49_152,
    "evaluation.longform.batch_tokens": 49_152,
    "evaluation.judged.responses.batch_tokens": 49_152,
    "evaluation.judged.judge.batch_tokens": 180_224,
}


@pytest.fixture(scope="module")
def paper_dag():
    """The paper DAG's jobs and validated config, planned once by Snakemake in this process."""
    from instructgen.resources.dag import plan_dag, rewritten_outputs

    jobs, config = plan_dag(REPO, [REPO / "configs/paper.yaml"])
    return [(job.rule, job.wildcards) for job in jobs.values()], config, rewritten_outputs(jobs)


def preflight_of(paper_dag, site, overrides=None):
    from instructgen.resources import preflight

    jobs, config, rewritten = paper_dag
    layer = preflight.parse_set([f"{k}={v}" for k, v in (overrides or {}).items()])
    return preflight.estimate_jobs(
        jobs,
        plan.layered_config(config, layer),
        site,
        config_name="paper",
        overrides=layer,
        rewritten=rewritten,
    )


def test_paper_config_sets_the_token_budgets_preflight_fits():
    from instructgen.plan import config_value

    paper = yaml.safe_load((REPO / "configs/paper.yaml").read_text())
    assert {key: config_value(paper, key) for key in PAPER_BATCH_TOKENS} == PAPER_BATCH_TOKENS


def test_paper_config_passes_preflight(paper_dag, slurm_site):
    report = preflight_of(paper_dag, slurm_site)
    assert report.problems == []
    assert {e.rule for e in report.estimates} >= {
        "generate_candidates",
        "score_candidates",
        "bootstrap_instructions",
        "rl_from_automated_feedback",
        "train_sft",
        "train_generator",
        "evaluate_superni_shard",
    }
    assert report.checkpoints["total"] <= 2e12  # the checkpoint disk budget of the paper DAG
    assert all(e.hours <= 24 for e in report.estimates)


def test_paper_config_without_token_budgets_fails_naming_them(paper_dag, slurm_site):
    report = preflight_of(paper_dag, slurm_site, dict.fromkeys(PAPER_BATCH_TOKENS, "null"))
    assert report.problems
    assert all(".batch_tokens (or " in p and "GiB exceeds" in p for p in report.problems)


def test_320_row_batches_on_a_40_gb_card_fail_naming_job_and_key(paper_dag):
    from instructgen.resources.site import card_for
    from instructgen.resources.steps import Site

    site = Site(card_for("a100"), gpus={"train_sft": 4, "train_generator": 4})
    report = preflight_of(paper_dag, site)
    job = "generate_candidates corpus=unsupervised,strategy=whole,generator=seed-instruction"
    line = next(p for p in report.problems if p.startswith(job + ",shard=0,shards=16:"))
    assert "A100-40GB" in line
    assert "lower track_a.candidates.batch_tokens (or track_a.candidates.batch_size)" in line
    # The budget the line suggests is the largest multiple of 1,024 under which the job fits.
    suggested = int(line.rsplit("track_a.candidates.batch_tokens: ", 1)[1].removesuffix(" fits"))
    assert suggested % 1024 == 0

    def problems_at(budget: int) -> list[str]:
        report = preflight_of(paper_dag, site, {"track_a.candidates.batch_tokens": budget})
        return [p for p in report.problems if p.startswith(job + ",shard=0,shards=16:")]

    assert problems_at(suggested) == []
    assert problems_at(suggested + 1024)


def test_requests_follow_the_estimates(paper_dag, slurm_site):
    """No job asks for more than the partition's 24 h, nor more than 3x its estimate (or the
    floor), and every job asks at least for its estimate within the limit."""
    from instructgen.resources import request

    report = preflight_of(paper_dag, slurm_site)
    for e in report.estimates:
        asked = request.from_estimate(e, slurm_site)
        minutes = e.hours * 60
        assert asked["runtime"] <= 24 * 60, e.job
        assert asked["runtime"] <= max(3 * minutes, request.RUNTIME_FLOOR_MINUTES), e.job
        assert asked["runtime"] >= min(minutes, 24 * 60), e.job
        assert asked["mem_mb"] * 1e6 >= e.host_bytes
        assert asked["gpu"] == e.gpus


def test_preflight_writes_its_table_and_csv(paper_dag, slurm_site, tmp_path):
    import csv

    from instructgen.resources import preflight

    report = preflight_of(paper_dag, slurm_site)
    md = preflight.write(report, tmp_path, ["configs/paper.yaml"], "profiles/slurm")
    text = md.read_text()
    assert "| train_sft | 54 | 4 |" in text and "Checkpoint disk" in text
    assert "Submit host peak memory" in text and "None: every job fits." in text
    with open(tmp_path / "paper.csv") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == (
            "rule",
            "job",
            "model",
            "gpus",
            "peak_gib",
            "card_gib",
            "hours",
            "runtime_h",
            "disk_gb",
        )
        assert len(list(reader)) == len(report.estimates)


def test_make_preflight_exits_non_zero_with_one_line_per_problem(tmp_path, capsys):
    """The command line: the 40 GB card fails, each problem on its own line."""
    from instructgen.resources import preflight

    status = preflight.main(["--card", "A100-40GB", "--out-dir", str(tmp_path)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert err and all(line.startswith("preflight: ") for line in err)
    assert (tmp_path / "paper.md").exists() and (tmp_path / "paper.csv").exists()


# -- the rules ask for what the estimates say ----------------------------------------------------


def gpu_rules() -> dict[str, str]:
    """Each rule of rules/*.smk that declares a `gpu` resource, with its resources block."""
    import re

    found = {}
    for path in sorted((REPO / "rules").glob("*.smk")):
        for match in re.finditer(
            r"^rule (\w+):\n(.*?)(?=^rule |\Z)", path.read_text(), re.M | re.S
        ):
            block = re.search(r"    resources:\n((?:        .*\n)+)", match[2])
            if block and "gpu=" in block[1]:
                found[match[1]] = block[1]
    return found


def test_every_gpu_rule_asks_for_its_estimate():
    from instructgen.resources.steps import Estimator

    rules = gpu_rules()
    assert len(rules) >= 15
    for rule, block in rules.items():
        assert 'mem_mb=job_resource("mem_mb")' in block, rule
        assert 'runtime=job_resource("runtime")' in block, rule
        assert hasattr(Estimator, f"_{rule}"), f"{rule} has no estimator"


def test_the_slurm_profile_keeps_only_the_site_s_settings():
    import yaml

    profile = yaml.safe_load((REPO / "profiles/slurm/config.yaml").read_text())
    resources = profile["set-resources"]
    for rule in gpu_rules():
        assert rule in resources, f"{rule} would run in the CPU partition"
        values = resources[rule]
        assert values["slurm_partition"] == "CHANGE_ME_GPU_PARTITION"
        assert values["gpu_model"] == "a100" and values["constraint"] == "a100_80gb"
        assert values["cpus_per_gpu"] >= 1 and values["max_runtime"] == 24 * 60
        # One thread per CPU the job holds per GPU (each training process has one GPU).
        assert profile["set-threads"][rule] == values["cpus_per_gpu"], rule
        assert "mem_mb" not in values and "runtime" not in values, rule
    assert profile["default-resources"]["slurm_account"] == "CHANGE_ME_ACCOUNT"


def test_planning_the_paper_dag_requests_the_estimates(tmp_path):
    """`snakemake -n` with the SLURM profile's set-resources (the local executor: no cluster
    here) evaluates every GPU rule's callable resources; none falls back."""
    import re
    import subprocess

    import yaml

    profile = yaml.safe_load((REPO / "profiles/slurm/config.yaml").read_text())
    (tmp_path / "config.yaml").write_text(
        yaml.safe_dump({"set-resources": profile["set-resources"], "cores": 1})
    )
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--profile", str(tmp_path)]
        + ["--configfile", "configs/paper.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-2000:]
    assert "no resource estimate" not in out
    asked = re.findall(r"resources: .*?gpu=4, runtime=(\d+), mem_mb=(\d+)", out)
    assert asked and all(15 <= int(minutes) <= 24 * 60 for minutes, _ in asked)


def test_the_resource_model_imports_no_torch():
    """Snakemake evaluates every GPU job's request while it plans: nothing heavy may load."""
    import subprocess

    code = (
        "import sys, instructgen.resources.request, instructgen.resources.site, "
        "instructgen.resources.preflight; print('torch' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
