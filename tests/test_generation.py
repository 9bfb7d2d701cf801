"""Batched generation: output independent of sharding, greedy batched equals one at a time."""

from __future__ import annotations

import torch

from instructgen import jobs
from instructgen.generation import SamplingParams, generate, plan_batches, sample_next
from instructgen.jobs import shard_units
from instructgen.modeling import load_model, load_tokenizer

PROMPTS = [
    "the river town",
    "write a short poem about copper bells",
    "summarize this text",
    "ancient bridge built",
    "list three facts about the winter market",
    "people celebrate",
    "explain why the valley flows north",
]


def test_batches_cover_items_once_and_shards_partition_them(monkeypatch):
    lengths = [len(p) for p in PROMPTS]
    batches = plan_batches(lengths, 3)
    assert sorted(i for b in batches for i in b) == list(range(len(PROMPTS)))
    monkeypatch.setattr(jobs, "UNIT", 3)
    for n in (1, 2, 3):
        shards = [plan_batches(lengths, 3, shard_units(lengths, k, n)) for k in range(n)]
        # Units hold whole batches: the same batches, whatever the shard count.
        assert sorted(map(tuple, sum(shards, []))) == sorted(map(tuple, batches))
    # A shard's items do not depend on the batch size.
    for size in (1, 2, 5):
        assert {i for b in plan_batches(lengths, size, shard_units(lengths, 1, 2)) for i in b} == {
            i for unit in shard_units(lengths, 1, 2) for i in unit
        }


def test_sampling_is_identical_whatever_the_shard_count(tiny_lm_dir, monkeypatch):
    monkeypatch.setattr(jobs, "UNIT", 2)
    model, tokenizer = load_model(tiny_lm_dir), load_tokenizer(tiny_lm_dir)
    params = SamplingParams(
        max_new_tokens=10,
        do_sample=True,
        temperature=0.7,
        top_p=0.9,
        top_k=40,
        num_return_sequences=2,
    )
    whole = generate(model, tokenizer, PROMPTS, params, seed=5, batch_size=2)
    for n in (2, 3):
        merged = {}
        for k in range(n):
            units = shard_units([len(p) for p in PROMPTS], k, n)
            merged.update(
                generate(model, tokenizer, PROMPTS, params, seed=5, batch_size=2, units=units)
            )
        assert merged == whole
    other_seed = generate(model, tokenizer, PROMPTS, params, seed=6, batch_size=2)
    assert other_seed != whole


def test_greedy_batched_equals_one_at_a_time(tiny_lm_dir):
    model, tokenizer = load_model(tiny_lm_dir), load_tokenizer(tiny_lm_dir)
    params = SamplingParams(max_new_tokens=12)
    batched = generate(model, tokenizer, PROMPTS, params, batch_size=4)
    for index, prompt in enumerate(PROMPTS):
        assert generate(model, tokenizer, [prompt], params, batch_size=1)[0] == batched[index]


def test_resume_skips_finished_batches(tiny_lm_dir):
    model, tokenizer = load_model(tiny_lm_dir), load_tokenizer(tiny_lm_dir)
    params = SamplingParams(max_new_tokens=6, do_sample=True, top_k=20)
    seen = []
    full = generate(
        model,
        tokenizer,
        PROMPTS,
        params,
        seed=1,
        batch_size=2,
        on_batch=lambda batch, texts: seen.append(batch),
    )
    done = set(seen[0])
    rest = generate(model, tokenizer, PROMPTS, params, seed=1, batch_size=2, skip=done)
    assert set(rest) == set(range(len(PROMPTS))) - done
    assert all(rest[i] == full[i] for i in rest)


def test_top_k_and_top_p_bound_what_can_be_drawn():
    logits = torch.log(torch.tensor([[0.4, 0.3, 0.2, 0.1]]))
    uniforms = torch.linspace(0, 0.9999, 200)
    drawn = lambda **kw: {  # noqa: E731
        int(sample_next(logits, u.reshape(1), SamplingParams(do_sample=True, **kw)))
        for u in uniforms
    }
    assert drawn() == {0, 1, 2, 3}
    assert drawn(top_k=2) == {0, 1}
    # Nucleus 0.6: token 0 (0.4) is not enough, 0 and 1 (0.7) reach it; 2 and 3 never drawn.
    assert drawn(top_p=0.6) == {0, 1}
    assert drawn(top_p=0.3) == {0}


def test_draws_follow_the_distribution():
    probs = torch.tensor([0.5, 0.25, 0.125, 0.125])
    logits = torch.log(probs).repeat(4000, 1)
    uniforms = torch.rand(4000, generator=torch.Generator().manual_seed(0))
    counts = torch.bincount(sample_next(logits, uniforms, SamplingParams(do_sample=True)))
    assert torch.allclose(counts / 4000, probs, atol=0.03)
    # Temperature below 1 sharpens: the most likely token gains.
    cold = sample_next(logits, uniforms, SamplingParams(do_sample=True, temperature=0.5))
    assert (cold == 0).float().mean() > 0.6


def test_vllm_backend_fails_clearly_without_it(tiny_lm_dir):
    import pytest

    from instructgen.errors import ConfigError
    from instructgen.generation import load_generator
    from instructgen.settings import ModelSpec

    spec = ModelSpec(tiny_lm_dir)
    if torch.cuda.is_available():
        pytest.skip("a CUDA machine may have vLLM; this checks the CPU path")
    with pytest.raises(ConfigError, match="generation.backend"):
        load_generator(spec, backend="vllm")
    model, tokenizer = load_generator(spec, "cpu", backend="transformers")
    assert tokenizer.padding_side == "left"
    assert generate(model, tokenizer, ["the river"], SamplingParams(max_new_tokens=3))[0]


def test_presence_penalty_subtracts_once_from_tokens_the_continuation_holds():
    from instructgen.generation import PresencePenalty

    logits = torch.arange(18.0).reshape(3, 6)
    rows = torch.tensor([0, 1, 2])
    penalty = PresencePenalty(1.5, rows=3, vocab=6, device="cpu")
    # Nothing written yet: the prompt's tokens are never penalised.
    assert torch.equal(penalty(rows, logits), logits)
    penalty.record(rows, torch.tensor([2, 2, 5]))
    penalty.record(torch.tensor([0, 2]), torch.tensor([2, 0]))  # row 0 writes token 2 again
    expected = logits.clone()
    for row, token in ((0, 2), (1, 2), (2, 5), (2, 0)):
        expected[row, token] -= 1.5  # once, however often the token was written
    assert torch.equal(penalty(rows, logits), expected)
    # Rows that finished leave the batch: the remaining rows keep their own history.
    assert torch.equal(penalty(torch.tensor([2]), logits[2:]), expected[2:])
    assert torch.equal(logits, torch.arange(18.0).reshape(3, 6))  # the input is not changed


def test_greedy_decoding_with_a_presence_penalty_matches_a_plain_loop(tiny_lm_dir):
    """The batched decoder against the penalty written out step by step on one prompt (the
    whole context re-run each step, no cache): the same text, whatever the batch."""
    model, tokenizer = load_model(tiny_lm_dir), load_tokenizer(tiny_lm_dir)
    params = SamplingParams(max_new_tokens=10, presence_penalty=1.5)
    batched = generate(model, tokenizer, PROMPTS, params, batch_size=3)
    plain = generate(model, tokenizer, PROMPTS, SamplingParams(max_new_tokens=10), batch_size=3)
    assert batched != plain  # the penalty changes what this model writes
    for index in (0, 1, 4):
        ids = tokenizer(PROMPTS[index])["input_ids"]
        written: list[int] = []
        with torch.inference_mode():
            for _ in range(params.max_new_tokens):
                logits = model(input_ids=torch.tensor([ids + written])).logits[0, -1].float()
                for token in set(written):
                    logits[token] -= params.presence_penalty
                token = int(logits.argmax())
                if token == tokenizer.eos_token_id:
                    break
                written.append(token)
        assert batched[index] == [tokenizer.decode(written, skip_special_tokens=True)], index


def test_vllm_requests_carry_the_presence_penalty(monkeypatch):
    """vLLM applies its own presence_penalty (OpenAI's semantics): each request must carry it."""
    import sys
    import types

    from instructgen.generation import GenerationReport, VLLMModel

    made = []
    fake = types.ModuleType("vllm")
    fake.SamplingParams = lambda **kwargs: made.append(kwargs) or kwargs
    monkeypatch.setitem(sys.modules, "vllm", fake)
    model = VLLMModel.__new__(VLLMModel)
    output = types.SimpleNamespace(outputs=[types.SimpleNamespace(text="x", token_ids=[7, 8])])
    model.llm = types.SimpleNamespace(generate=lambda prompts, requests, use_tqdm: [output])
    params = SamplingParams(max_new_tokens=5, presence_penalty=2.0, stop_strings=("Task:",))
    report = GenerationReport()
    assert model.generate([[1, 2]], params, ["k"], seed=0, report=report) == [["x"]]
    assert report.new_tokens == 2
    assert made[0]["presence_penalty"] == 2.0 and made[0]["stop"] == ["Task:"]
    assert made[0]["temperature"] == 0.0
