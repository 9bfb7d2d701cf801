"""REFINE-AF stage 2: the composite reward, its TRL wrapper, and short PPO runs."""

from __future__ import annotations

import csv

import pytest
import torch

from instructgen.errors import ConfigError
from instructgen.io import write_jsonl
from instructgen.settings import (
    Lora,
    ModelSpec,
    RewardWeights,
    RLExecution,
    RLFromFeedback,
)
from instructgen.track_b.reward import CompositeRewardModule, response_triplets, score_responses
from tests.tiny_track_b import build_models

DEFAULT_REWARD = {
    "intercept": -0.0274,
    "reward_model": 0.0078,
    "understandability": -0.4421,
    "naturalness": 0.3212,
    "coherence": 0.1520,
    "batch_size": 2,
}
RL = {
    "algorithm": "ppo",
    "steps": 2,
    "batch_size": 2,
    "gradient_accumulation_steps": 1,
    "learning_rate": 1e-3,
    "kl_coef": 0.05,
    "kl_control": "fixed",
    "kl_target": None,
    "kl_horizon": None,
    "max_new_tokens": 6,
    "num_generations": 2,
    "lora": Lora(r=4, alpha=8, dropout=0.0),
    "load_in_4bit": False,
    "seed": 3,
}
# Where the tests run RL, and how: on the CPU, 4-bit refused there.
RL_EXECUTION = RLExecution(device="cpu", reward_batch_size=2, on_cpu_4bit="error")


def rl_settings(models: dict[str, str], **changes) -> RLFromFeedback:
    """The tests' RL settings on the tiny models, with `changes`."""
    return RLFromFeedback(
        policy=ModelSpec(models["base"]),
        reward_model=ModelSpec(models["reward"], "reward"),
        unieval_model=ModelSpec(models["unieval"], "seq2seq"),
        reward=RewardWeights.from_config(DEFAULT_REWARD),
        **(RL | changes),
    )


TRIPLETS = [
    {"instruction": "Sort the list.", "input": "List: [3, 1, 2]", "output": "[1, 2, 3]"},
    {
        "instruction": "Name a fruit.",
        "input": "",
        "output": "An apple is a fruit that grows on trees.",
    },
    {"instruction": "Say hi.", "input": "", "output": "Hi"},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_models(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def scorer(tiny):
    from instructgen.track_b.reward import load_scorer

    return load_scorer(
        ModelSpec(tiny["reward"], "reward"),
        ModelSpec(tiny["unieval"], "seq2seq"),
        RewardWeights.from_config(DEFAULT_REWARD),
        DEFAULT_REWARD["batch_size"],
        "cpu",
    )


def test_formula_with_known_components() -> None:
    weights = RewardWeights.from_config(DEFAULT_REWARD)
    components = {
        "reward_model": 2.0,
        "understandability": 0.5,
        "naturalness": 0.25,
        "coherence": 1.0,
    }
    expected = -0.0274 + 0.0078 * 2.0 - 0.4421 * 0.5 + 0.3212 * 0.25 + 0.1520 * 1.0
    assert weights.combine(components) == pytest.approx(expected, abs=1e-12)
    assert weights.combine(components) == pytest.approx(-0.00055, abs=1e-9)
    changed = RewardWeights.from_config(DEFAULT_REWARD | {"coherence": 1.0})
    assert changed.combine(components) == pytest.approx(expected + (1.0 - 0.1520), abs=1e-12)
    # The default is Instruction Mining's rule negated: higher naturalness raises the reward,
    # higher understandability lowers it.
    assert weights.combine(components | {"naturalness": 0.9}) > weights.combine(components)
    assert weights.combine(components | {"understandability": 0.9}) < weights.combine(components)


def test_scorer_components_batching_and_combination(scorer) -> None:
    rows = scorer.score(TRIPLETS)
    assert len(rows) == len(TRIPLETS)
    for row in rows:
        for dimension in ("understandability", "naturalness", "coherence"):
            assert 0.0 < row[dimension] < 1.0
        assert row["reward"] == pytest.approx(scorer.weights.combine(row))
    one_by_one = [scorer.score([t])[0] for t in TRIPLETS]
    for batched, single in zip(rows, one_by_one, strict=True):
        for key in batched:
            assert batched[key] == pytest.approx(single[key], abs=1e-4)
    assert scorer(TRIPLETS) == [r["reward"] for r in rows]


def test_yes_probability_is_the_two_way_softmax(scorer) -> None:
    from instructgen.templates import unieval_input

    text = unieval_input("naturalness", "Hi", "Say hi.")
    enc = scorer.unieval_tokenizer([text], return_tensors="pt")
    start = scorer.unieval_model.config.decoder_start_token_id
    with torch.no_grad():
        logits = scorer.unieval_model(**enc, decoder_input_ids=torch.tensor([[start]])).logits[0, 0]
    yes, no = logits[scorer.yes_id].item(), logits[scorer.no_id].item()
    expected = torch.softmax(torch.tensor([yes, no]), 0)[0].item()
    assert scorer.yes_probabilities([text])[0] == pytest.approx(expected, abs=1e-5)


def test_response_triplets_parse_every_instance_or_fall_back() -> None:
    response = "Example 1\nList: [2, 1]\nOutput: [1, 2]\nExample 2\nList: [5, 3]\nOutput: [3, 5]"
    parsed = response_triplets("Sort.", response)
    assert parsed == [
        {"instruction": "Sort.", "input": "List: [2, 1]", "output": "[1, 2]"},
        {"instruction": "Sort.", "input": "List: [5, 3]", "output": "[3, 5]"},
    ]
    raw = response_triplets("Sort.", "  no markers   here ")
    assert raw == [{"instruction": "Sort.", "input": "", "output": "no markers here"}]


def test_a_response_is_rewarded_with_the_mean_over_its_triplets(scorer) -> None:
    two = "Example 1\nList: [2, 1]\nOutput: [1, 2]\nExample 2\nList: [5, 3]\nOutput: [3, 5]"
    rows = score_responses(scorer, [("Sort.", two), ("Say hi.", "Output: hi")])
    each = scorer.score(response_triplets("Sort.", two))
    assert rows[0]["triplets"] == 2 and rows[1]["triplets"] == 1
    for key in ("reward", "reward_model", "naturalness"):
        assert rows[0][key] == pytest.approx((each[0][key] + each[1][key]) / 2)
    assert rows[1]["reward"] == pytest.approx(
        scorer.score(response_triplets("Say hi.", "Output: hi"))[0]["reward"]
    )


def test_module_through_trl_get_reward(scorer, tiny) -> None:
    from trl.experimental.utils import get_reward

    from instructgen.modeling import load_tokenizer
    from instructgen.templates import PROJECT_PROMPTS

    tokenizer = load_tokenizer(tiny["base"])
    instructions = ["Sort the list.", "Name a fruit."]
    prompts = [tokenizer(PROJECT_PROMPTS.instance(i))["input_ids"] for i in instructions]
    responses = [tokenizer(" Output: [1, 2, 3]", add_special_tokens=False)["input_ids"], []]
    responses[1] = tokenizer(" Output: An apple.", add_special_tokens=False)["input_ids"]
    pad = tokenizer.pad_token_id
    width_q = max(map(len, prompts))
    width_r = max(map(len, responses)) + 2
    rows = []
    for q, r in zip(prompts, responses, strict=True):
        rows.append([pad] * (width_q - len(q)) + q + r + [pad] * (width_r - len(r)))
    module = CompositeRewardModule(
        scorer, tokenizer, {tuple(p): i for p, i in zip(prompts, instructions, strict=True)}
    )
    _, scores, _ = get_reward(module, torch.tensor(rows), pad, width_q)
    expected = scorer(
        [
            {"instruction": "Sort the list.", "input": "", "output": "[1, 2, 3]"},
            {"instruction": "Name a fruit.", "input": "", "output": "An apple."},
        ]
    )
    assert scores.tolist() == pytest.approx(expected, abs=1e-5)
    means = module.history.drain()
    assert means["n"] == 2 and means["reward"] == pytest.approx(sum(expected) / 2, abs=1e-5)
    assert module.history.drain() is None


def _rl(tiny, tmp_path, callbacks=(), **changes):
    from instructgen.track_b.rlaf import main
    from tests.tiny_track_b import write_project_prompts

    instructions = tmp_path / "instructions.jsonl"
    write_jsonl(
        instructions,
        [
            {"id": f"i{k}", "instruction": t, "round": 0}
            for k, t in enumerate(["Sort the list.", "Name a fruit.", "Say hi.", "Count to three."])
        ],
    )
    out = tmp_path / "out"
    main(
        instructions_path=str(instructions),
        prompts_path=write_project_prompts(tmp_path),
        model_name="base",
        settings=rl_settings(tiny, **changes),
        execution=RL_EXECUTION,
        work_dir=str(tmp_path / "work"),
        rewards_path=str(out / "rewards.csv"),
        policy_dir=str(out / "policy"),
        callbacks=callbacks,
    )
    return out


def _check_outputs(out, steps: int, rollouts: int = 2) -> None:
    from instructgen.modeling import load_model

    with open(out / "rewards.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["step"]) for r in rows] == list(range(1, steps + 1))
    # One step is one update on batch_size rollouts, however many micro-batches it takes.
    assert [int(r["n"]) for r in rows] == [rollouts] * steps
    assert all(float(r["triplets"]) >= 1 for r in rows)
    assert {"mean_reward", "reward_model", "understandability", "naturalness", "coherence"} <= set(
        rows[0]
    )
    assert all(float(r["mean_reward"]) == float(r["mean_reward"]) for r in rows)
    assert all(r["kl"] != "" for r in rows), "every step's row carries that step's KL"
    assert all(float(r["kl_coef"]) > 0 for r in rows), "and the KL coefficient it used"
    policy = load_model(str(out / "policy"), "causal_lm")
    assert not any("lora" in name for name, _ in policy.named_parameters())
    assert (out / "policy" / "card.json").exists()


def test_short_ppo_run_writes_rewards_and_a_loadable_policy(tiny, tmp_path) -> None:
    out = _rl(tiny, tmp_path, batch_size=4, gradient_accumulation_steps=2)
    _check_outputs(out, 2, rollouts=4)


def test_short_grpo_run(tiny, tmp_path) -> None:
    out = _rl(tiny, tmp_path, algorithm="grpo")
    _check_outputs(out, 2)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the CPU-only behaviour")
def test_4bit_on_cpu_fails_clearly(tiny, tmp_path) -> None:
    with pytest.raises(ConfigError, match="track_b.rl.load_in_4bit"):
        _rl(tiny, tmp_path, load_in_4bit=True)


def test_a_four_bit_policy_head_takes_float32_hidden_states():
    """TRL keeps a 4-bit policy's head in bfloat16 and casts its norms to float32; rollouts run
    outside autocast, so run_ppo's hook hands the head its own dtype (failed on an H200 before)."""
    import torch

    from instructgen.track_b.rlaf import _input_in_weight_dtype

    head = torch.nn.Linear(8, 5, bias=False).to(torch.bfloat16)
    hidden = torch.randn(2, 3, 8)  # float32, as the upcast final norm returns it
    with pytest.raises(RuntimeError, match="dtype|scalar type"):
        head(hidden)
    head.register_forward_pre_hook(_input_in_weight_dtype)
    logits = head(hidden)
    assert logits.dtype == torch.bfloat16
    assert torch.allclose(logits.float(), hidden @ head.weight.float().T, atol=0.1)


def test_rewards_csv_spells_every_zero_alike() -> None:
    """A zero KL came out of torch as -0.0 in one run and 0.0 in another: one spelling in the CSV."""
    from instructgen.track_b.rlaf import rewards_csv

    rows = [
        {"step": 1, "mean_reward": 0.5, "kl": -0.0, "kl_coef": 0.05, "n": 2},
        {"step": 2, "mean_reward": -2e-9, "kl": -0.0013110637, "kl_coef": 0.05, "n": 2},
    ]
    lines = rewards_csv(rows).splitlines()
    assert lines[1].split(",")[:2] == ["1", "0.500000"]
    assert "0.000000" in lines[1].split(",") and "-0.000000" not in lines[1]
    assert lines[2].split(",")[1] == "0.000000"
    assert "-0.001311" in lines[2].split(",")


def test_adaptive_kl_update_matches_hand_computed_values() -> None:
    """TRL's AdaptiveKLController of 2024: value *= 1 + clip(kl / target - 1, +-0.2) * n / horizon."""
    from instructgen.track_b.kl_control import adaptive_kl_update

    # TRL's defaults (0.2, target 6, horizon 10,000) and REFINE-AF's 4 rollouts a step.
    assert adaptive_kl_update(0.2, 6.0, 6, 10000, 4) == 0.2  # on target: unchanged
    assert adaptive_kl_update(0.2, 6.6, 6, 10000, 4) == pytest.approx(0.200008, abs=1e-15)
    assert adaptive_kl_update(0.2, 5.4, 6, 10000, 4) == pytest.approx(0.199992, abs=1e-15)
    # The error is clipped at +-0.2: KL 9 (error 0.5) and KL 0 (error -1) move it as 7.2 and 4.8.
    assert adaptive_kl_update(0.2, 9.0, 6, 10000, 4) == pytest.approx(0.200016, abs=1e-15)
    assert adaptive_kl_update(0.2, 9.0, 6, 10000, 4) == adaptive_kl_update(0.2, 7.2, 6, 10000, 4)
    assert adaptive_kl_update(0.2, 0.0, 6, 10000, 4) == pytest.approx(0.199984, abs=1e-15)
    assert adaptive_kl_update(0.2, 0.0, 6, 10000, 4) == adaptive_kl_update(0.2, 4.8, 6, 10000, 4)
    # Updates compound: 0.1 x 1.05 x 0.975 (errors 0.1 and -0.05 over n / horizon = 1/2).
    value = adaptive_kl_update(0.1, 2.2, 2, 8, 4)
    assert value == pytest.approx(0.105, abs=1e-15)
    assert adaptive_kl_update(value, 1.9, 2, 8, 4) == pytest.approx(0.102375, abs=1e-15)
    # 200 steps of 4 rollouts far above target: the most the 2024 defaults allow, about 1.6%.
    value = 0.2
    for _ in range(200):
        value = adaptive_kl_update(value, 100.0, 6, 10000, 4)
    assert value == pytest.approx(0.2 * 1.00008**200) and 0.2032 < value < 0.2033
    with pytest.raises(ValueError, match="KL"):
        adaptive_kl_update(0.2, float("nan"), 6, 10000, 4)


def test_ppo_penalises_each_step_with_the_adapted_coefficient(tiny, tmp_path) -> None:
    """TRL 1.12 turns KL into rewards with args.kl_coef: -kl_coef * KL per token, so a step's
    logged non-score reward is minus the coefficient it used times its logged KL. Each step must
    have used the controller's value after the previous steps' logged KLs."""
    from transformers import TrainerCallback

    from instructgen.track_b.kl_control import adaptive_kl_update

    class Record(TrainerCallback):
        logs: list = []

        def on_log(self, args, state, control, logs=None, **kwargs):
            self.logs.append(dict(logs))

    record = Record()
    # A horizon of one step's rollouts makes each update a factor of 0.8 to 1.2.
    settings = {"kl_coef": 0.3, "kl_control": "adaptive", "kl_target": 0.01, "kl_horizon": 2}
    out = _rl(tiny, tmp_path, callbacks=[record], steps=4, **settings)
    logged = record.logs
    assert len(logged) == 4
    expected, value = [], settings["kl_coef"]
    for log in logged:
        expected.append(value)
        value = adaptive_kl_update(value, log["objective/kl"], 0.01, 2, 2)
    with open(out / "rewards.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [float(r["kl_coef"]) for r in rows] == pytest.approx(expected, abs=1e-6)
    assert len({round(e, 6) for e in expected}) == 4, "the coefficient moved every step"
    measured = [log for log in logged[1:] if abs(log["objective/kl"]) > 1e-3]
    assert measured, "the policy moved away from the reference after the first update"
    for log, used in zip(logged, expected, strict=True):
        penalty = log["objective/non_score_reward"]
        assert penalty == pytest.approx(-used * log["objective/kl"], rel=1e-4, abs=1e-7)
