"""Track A: generator data, candidate generation, perplexity filter and datasets.

Models are tiny Llamas built in a temporary folder (instructgen.tiny), never pipeline outputs.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from instructgen import jobs
from instructgen.io import read_jsonl, write_jsonl
from instructgen.jobs import merge_shards
from instructgen.modeling import load_model, load_tokenizer, save_model
from instructgen.perplexity import (
    MIN_SHARED_PREFIX,
    choose,
    encode_for,
    encode_instruction_output,
    score_batch,
    score_pairs,
    shared_prefix_length,
)
from instructgen.resume import ResumeLog
from instructgen.settings import CandidateGeneration, Inference, ModelSpec, Perplexity
from instructgen.templates import (
    GENERATOR_FORMATS,
    REVERSE_ALPACA_INSTRUCTION,
    alpaca_prompt,
    generator_prompt,
)
from instructgen.tiny.causal_lm import pretrain_causal_lm
from instructgen.tiny.tokenizer import train_tokenizer
from instructgen.track_a import candidate_merge, candidates
from instructgen.track_a.candidates import candidate_job, candidates_for, clean_candidate
from instructgen.track_a.datasets import build_dataset, select_instructions
from instructgen.track_a.generator_data import generator_pairs
from instructgen.track_a.scoring import perplexities_for, scoring_job, scoring_pairs
from instructgen.training import IGNORE, PadCollator

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "The river runs past the old mill and under the stone bridge into the lake.",
    "Write a short poem about autumn leaves falling in the park.",
    "Classify the sentiment of the review as positive or negative.",
    "Rain fell all night, and by morning the streets were shining and quiet.",
    "Explain how a bicycle gear changes the effort needed to climb a hill.",
    "The museum opened a new wing for modern art with paintings from many countries.",
] * 8
SETTINGS = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_layers": 2,
    "num_heads": 2,
    "max_position_embeddings": 512,
    "seq_len": 32,
    "learning_rate": 0.003,
    "steps": 2,
    "batch_size": 4,
}
CANDIDATE_SAMPLING = {"k": 3, "top_p": 0.9, "top_k": 40, "temperature": 0.7, "max_new_tokens": 6}
BATCH = 2


def candidate_settings(source="tiny", fmt: str = "instruction", seed: int = 9):
    return CandidateGeneration(ModelSpec(str(source)), fmt, **CANDIDATE_SAMPLING, seed=seed)


def sample(model, tokenizer, frags, settings, shard=0, shards=1, log=None):
    """candidates_for on one shard's job, with `log` (a ResumeLog) in place of the job's own."""
    job = candidate_job(frags, settings, shard, shards)
    job.log = log
    return candidates_for(model, tokenizer, frags, settings, Inference("cpu", BATCH), job)


def perplexities(model, tokenizer, pairs, batch_size, shard=0, shards=1):
    encoded = encode_for(model, tokenizer, [p[1] for p in pairs], [p[2] for p in pairs])
    job = scoring_job(pairs, Perplexity(ModelSpec("tiny")), encoded, shard, shards)
    return perplexities_for(model, tokenizer, pairs, encoded, Inference("cpu", batch_size), job)


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    """A tokenizer and a barely trained Llama, saved like every model of the pipeline."""
    folder = tmp_path_factory.mktemp("tiny")
    tokenizer = train_tokenizer(TEXTS, vocab_size=400, min_frequency=1, out_dir=str(folder))
    model, _ = pretrain_causal_lm(tokenizer, TEXTS, SETTINGS, seed=3)
    save_model(model, tokenizer, folder, {"title": "test model"})
    return folder


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    return load_model(str(tiny_dir)), load_tokenizer(str(tiny_dir))


def fragments(n: int) -> list[dict]:
    return [
        {
            "id": f"p{i}:whole",
            "passage_id": f"p{i}",
            "corpus": "unsupervised",
            "source": "wikipedia",
            "strategy": "whole",
            "text": TEXTS[i % 6] + " " * 0 + ("and more words " * (i % 4)).strip(),
        }
        for i in range(n)
    ]


# -- templates and generator data -------------------------------------------------------------


@pytest.mark.parametrize("fmt", GENERATOR_FORMATS)
def test_generator_prompt_renders_every_format(fmt: str) -> None:
    output = "Paris is the capital of France."
    prompt = generator_prompt(output, fmt)
    assert output in prompt
    if fmt == "alpaca":
        assert prompt == alpaca_prompt(REVERSE_ALPACA_INSTRUCTION, output)
        assert prompt.endswith("### Response:\n")
    else:
        assert prompt.endswith("\nX:") and "{" not in prompt
    expected = {"instruction": "Instruction: X", "chatbot": "Message: X", "query": "Query: X"}
    if fmt in expected:
        assert prompt.startswith(expected[fmt]) or f"\n{expected[fmt]}\n" in prompt


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown generator format"):
        generator_prompt("x", "poem")


def test_generator_pairs_sample_sources_with_seed() -> None:
    records = {
        "dolly": [
            {"id": f"d{i}", "instruction": f"Question {i}?", "output": f"Answer {i}."}
            for i in range(10)
        ],
        "superni_train": [
            {"id": f"s{i}", "instruction": "Classify.", "input": f"Text\n{i}", "output": "yes"}
            for i in range(10)
        ],
    }
    both = generator_pairs(records, "dolly_superni", "instruction", 12, seed=5)
    assert len(both) == 12 and {r["id"][0] for r in both} == {"d", "s"}
    assert both == generator_pairs(records, "dolly_superni", "instruction", 12, seed=5)
    assert both != generator_pairs(records, "dolly_superni", "instruction", 12, seed=6)
    superni = next(r for r in both if r["id"].startswith("s"))
    # The input joins the instruction on one line: candidates are cut at the first line.
    assert superni["instruction"] == f"Classify. Text {superni['id'][1:]}"
    assert superni["target"] == " " + superni["instruction"]
    assert superni["prompt"] == generator_prompt("yes", "instruction")
    alpaca = generator_pairs(records, "dolly", "alpaca", 3, seed=5)
    assert all(r["target"] == r["instruction"] for r in alpaca)
    assert len(generator_pairs(records, "dolly", "query", 50, seed=5)) == 10


def test_clean_candidate_keeps_first_line() -> None:
    assert clean_candidate("  Summarise the text.\nOutput: more") == "Summarise the text."
    assert clean_candidate("\nsecond line only") == ""


# -- perplexity -------------------------------------------------------------------------------


def test_prompt_tokens_are_masked_exactly(tiny) -> None:
    _, tokenizer = tiny
    instruction, output = "Describe the river.", "The river runs past the old mill."
    encoded = encode_instruction_output(tokenizer, instruction, output, 512)
    prompt_ids = tokenizer(alpaca_prompt(instruction))["input_ids"]
    output_ids = tokenizer(output, add_special_tokens=False)["input_ids"]
    assert encoded["input_ids"] == prompt_ids + output_ids + [tokenizer.eos_token_id]
    assert encoded["labels"][: len(prompt_ids)] == [IGNORE] * len(prompt_ids)
    assert encoded["labels"][len(prompt_ids) :] == output_ids + [tokenizer.eos_token_id]
    other = encode_instruction_output(tokenizer, "Hi.", output, 512)
    batch = PadCollator(tokenizer.pad_token_id)([encoded, other])
    width = batch["input_ids"].shape[1]
    padded = width - len(other["input_ids"])
    assert padded > 0
    assert (batch["labels"][1, -padded:] == IGNORE).all()
    assert (batch["attention_mask"][1, -padded:] == 0).all()


def test_single_pair_matches_transformers_loss(tiny) -> None:
    model, tokenizer = tiny
    encoded = encode_instruction_output(tokenizer, "Write a poem.", TEXTS[1], 512)
    ids = torch.tensor([encoded["input_ids"]])
    with torch.no_grad():
        loss = model(input_ids=ids, labels=torch.tensor([encoded["labels"]])).loss
    (ppl,) = score_batch(model, tokenizer, [encoded])
    assert ppl == pytest.approx(math.exp(float(loss)), rel=1e-5)


def test_batched_perplexity_equals_one_at_a_time(tiny) -> None:
    model, tokenizer = tiny
    instructions = ["Describe it.", "Write a poem about the weather in the evening.", "Hm"] * 4
    outputs = [TEXTS[i % 6] * (1 + i % 3) for i in range(12)]
    batched = score_pairs(model, tokenizer, instructions, outputs, batch_size=5)
    for i in range(12):
        alone = score_pairs(model, tokenizer, [instructions[i]], [outputs[i]], batch_size=1)[0]
        assert batched[i] == pytest.approx(alone, rel=1e-4)
    assert len({round(v, 6) for v in batched.values()}) > 3
    # The batches above ran their shared template header once, through the KV-cache path.
    encoded = [
        encode_instruction_output(tokenizer, i, o, 512)
        for i, o in zip(instructions, outputs, strict=True)
    ]
    assert shared_prefix_length(encoded) >= MIN_SHARED_PREFIX


def test_shared_prefix_stops_before_the_first_predicting_position() -> None:
    first = {"input_ids": [5, 6, 7, 8, 9], "labels": [IGNORE, IGNORE, IGNORE, 8, 9]}
    same_prompt = {"input_ids": [5, 6, 7, 4], "labels": [IGNORE, IGNORE, IGNORE, 4]}
    # Position 2 predicts the first target: it must be in the part run per pair.
    assert shared_prefix_length([first, same_prompt]) == 2
    other = {"input_ids": [5, 1, 7, 4], "labels": [IGNORE, IGNORE, IGNORE, 4]}
    assert shared_prefix_length([first, other]) == 1


def test_choose_is_arg_min_skipping_unscored() -> None:
    assert choose([3.0, 1.5, 2.0]) == 1
    assert choose([None, 4.0, 4.0]) == 1
    assert choose([None, None]) is None
    chosen = select_instructions(
        [{"fragment_id": "f", "candidates": ["", "a", "b"]}],
        {("f", "a"): 9.0, ("f", "b"): 2.0},
    )
    assert chosen["f"][0] == 2
    unfiltered = select_instructions([{"fragment_id": "f", "candidates": ["", "a", "b"]}], None)
    assert unfiltered["f"][0] == 1


def test_filter_picks_the_memorised_instruction(tiny_dir) -> None:
    """A model trained on one (instruction, output) pair finds that output likeliest after it."""
    model = load_model(str(tiny_dir))
    tokenizer = load_tokenizer(str(tiny_dir))
    instruction, output = "Name three colours.", "red green blue"
    encoded = encode_instruction_output(tokenizer, instruction, output, 512)
    ids, labels = torch.tensor([encoded["input_ids"]]), torch.tensor([encoded["labels"]])
    torch.manual_seed(0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    model.train()
    for _ in range(40):
        model(input_ids=ids, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    frags = [{"id": "f", "text": output}]
    cands = [{"fragment_id": "f", "candidates": ["museum bridge lake mill", instruction, "Hm"]}]
    pairs = scoring_pairs(frags, cands)
    scores = {
        (r["fragment_id"], r["instruction"]): r["perplexity"]
        for r in perplexities(model, tokenizer, pairs, batch_size=4)
    }
    assert select_instructions(cands, scores)["f"][0] == 1


# -- sharding and resume ----------------------------------------------------------------------


def test_sharded_candidates_and_scores_merge_to_unsharded(tiny, tmp_path, monkeypatch) -> None:
    # Units of three items: seven fragments (and their pairs) spread over every shard.
    monkeypatch.setattr(jobs, "UNIT", 3)
    model, tokenizer = tiny
    frags = fragments(7)
    settings = candidate_settings()
    whole = sample(model, tokenizer, frags, settings)
    paths = []
    for shard in range(3):
        part = sample(model, tokenizer, frags, settings, shard, 3)
        paths.append(str(tmp_path / f"c{shard}.jsonl"))
        write_jsonl(paths[-1], part)
    write_jsonl(tmp_path / "frags.jsonl", frags)
    candidate_merge.main(
        fragments_path=str(tmp_path / "frags.jsonl"),
        shard_paths=paths,
        out_path=str(tmp_path / "merged.jsonl"),
    )
    assert read_jsonl(tmp_path / "merged.jsonl") == whole
    assert all(len(r["candidates"]) == 3 for r in whole)

    pairs = scoring_pairs(frags, whole)
    unsharded = perplexities(model, tokenizer, pairs, 3)
    shards = [perplexities(model, tokenizer, pairs, 3, s, 2) for s in range(2)]
    for s, part in enumerate(shards):
        write_jsonl(tmp_path / f"s{s}.jsonl", part)
    merged = merge_shards(
        [str(tmp_path / f"s{s}.jsonl") for s in range(2)],
        [(p[0], p[1]) for p in pairs],
        lambda r: (r["fragment_id"], r["instruction"]),
        ["perplexity"],
    )
    assert merged == unsharded  # bit-identical floats, not just close


def test_merge_rejects_missing_or_duplicated_items(tmp_path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [{"fragment_id": "x"}, {"fragment_id": "y"}])
    write_jsonl(tmp_path / "b.jsonl", [{"fragment_id": "y"}])
    key = lambda r: r["fragment_id"]  # noqa: E731
    with pytest.raises(ValueError, match="more than one shard"):
        merge_shards([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], ["x", "y"], key, [])
    with pytest.raises(ValueError, match="expected 3"):
        merge_shards([str(tmp_path / "a.jsonl")], ["x", "y", "z"], key, [])


class Interrupted(RuntimeError):
    pass


class DyingLog(ResumeLog):
    """Checkpoints like ResumeLog, then dies after `limit` batches, as a killed job would."""

    limit = 1

    def append(self, items) -> None:
        super().append(items)
        self.limit -= 1
        if self.limit == 0:
            raise Interrupted


def test_interrupted_candidates_resume_identically(tiny, tmp_path) -> None:
    model, tokenizer = tiny
    frags = fragments(6)
    args = (model, tokenizer, frags, candidate_settings(fmt="chatbot", seed=4))
    expected = sample(*args)
    log_path = tmp_path / "resume.jsonl"
    with pytest.raises(Interrupted):
        sample(*args, log=DyingLog(log_path, "job"))
    # A kill mid-write leaves a torn last line; it is cut off before appending.
    with open(log_path, "a") as handle:
        handle.write('{"index": 5, "val')
    resumed = ResumeLog(log_path, "job")
    assert 0 < len(resumed.done) < len(frags)
    assert sample(*args, log=resumed) == expected
    assert len(ResumeLog(log_path, "job").done) == len(frags)
    assert ResumeLog(log_path, "another job").done == {}


KILLER = """
import json, os, signal, sys
from instructgen import resume
from instructgen.track_a import candidates

original = resume.ResumeLog.append
mode, batch = sys.argv[5], int(sys.argv[6])
seen = 0


def append(self, items):
    # SIGKILL once batch `batch` is checkpointed ("after"), or halfway through writing its
    # first line ("torn"), as a crash during the write would leave it.
    global seen
    seen += 1
    if seen == batch and mode == "torn":
        items = list(items)
        with open(self.path, "a") as handle:
            handle.write(json.dumps({"index": items[0][0], "value": items[0][1]})[:15])
        os.kill(os.getpid(), signal.SIGKILL)
    original(self, items)
    if seen == batch:
        os.kill(os.getpid(), signal.SIGKILL)


resume.ResumeLog.append = append
frags, settings, out, log = sys.argv[1:5]
from instructgen.settings import CandidateGeneration, Inference
candidates.main(
    fragments_path=frags, settings=CandidateGeneration.from_params(json.loads(settings)),
    execution=Inference("cpu", 2), shard=0, num_shards=1, out_path=out, resume_path=log,
)
"""


@pytest.mark.parametrize(
    ("mode", "batch", "checkpointed"), [("after", 1, 3), ("after", 2, 5), ("torn", 2, 3)]
)
def test_sigkilled_candidate_job_resumes_byte_identically(
    tiny_dir, tmp_path, mode, batch, checkpointed
) -> None:
    frags_path = tmp_path / "frags.jsonl"
    write_jsonl(frags_path, fragments(5))
    settings = candidate_settings(tiny_dir, seed=7)
    clean, killed = tmp_path / "clean.jsonl", tmp_path / "killed.jsonl"
    log_path = tmp_path / "resume" / "0-of-1.jsonl"

    def run_in_process(out: Path) -> None:
        candidates.main(
            fragments_path=str(frags_path),
            settings=settings,
            execution=Inference("cpu", BATCH),
            shard=0,
            num_shards=1,
            out_path=str(out),
            resume_path=str(log_path),
        )

    run_in_process(clean)
    assert not log_path.exists()  # removed once the output is written
    argv = [str(frags_path), json.dumps(settings.params()), str(killed)]
    run = subprocess.run(
        [sys.executable, "-c", KILLER, *argv, str(log_path), mode, str(batch)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == -9, run.stderr[-2000:]
    assert not killed.exists()
    # The fingerprint line, then one line per fragment of each batch finished before the kill
    # (batches hold 2 fragments), plus the torn line in "torn" mode.
    lines = log_path.read_text().split("\n")
    assert len([line for line in lines if line]) == checkpointed + (mode == "torn")
    run_in_process(killed)
    assert killed.read_bytes() == clean.read_bytes()


# -- datasets ---------------------------------------------------------------------------------


def test_dataset_sizes_nest_and_keep_provenance() -> None:
    frags = fragments(6)
    cands = [
        {"fragment_id": f["id"], "candidates": ["" if i == 2 else f"Do {i}a.", f"Do {i}b."]}
        for i, f in enumerate(frags)
    ]
    scores = {
        (c["fragment_id"], x): float(len(x) + j)
        for c in cands
        for j, x in enumerate(c["candidates"])
        if x
    }
    full, counts = build_dataset(frags, cands, scores, "seed-instruction", "base", "all", 1)
    assert counts["records"] == 6 and counts["empty_candidates"] == 1
    assert [r["id"] for r in full] == [f["id"] for f in frags]
    third = next(r for r in full if r["id"] == "p2:whole")
    assert third["instruction"] == "Do 2b." and third["provenance"]["chosen_index"] == 1
    assert third["provenance"]["candidates"][0] == {"instruction": "", "perplexity": None}
    first = full[0]
    assert first["instruction"] == "Do 0a." and first["output"] == frags[0]["text"]
    assert first["input"] == "" and first["provenance"]["filter"] == "base"
    small, _ = build_dataset(frags, cands, scores, "seed-instruction", "base", "2", 1)
    medium, _ = build_dataset(frags, cands, scores, "seed-instruction", "base", "4", 1)
    assert len(small) == 2 and {r["id"] for r in small} < {r["id"] for r in medium}
    other_seed, _ = build_dataset(frags, cands, scores, "seed-instruction", "base", "4", 2)
    assert {r["id"] for r in other_seed} != {r["id"] for r in medium}
