"""SFT stage: recipe per dataset, response-only loss, and a real 3-step fine-tune of a tiny model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch

from instructgen import plan
from instructgen.config import validate_config
from instructgen.errors import ConfigError
from instructgen.io import write_jsonl
from instructgen.modeling import load_model, load_tokenizer
from instructgen.settings import Finetune, ModelSpec, Recipe, Training
from instructgen.sft import alpaca_pairs, main
from instructgen.templates import ALPACA_WITH_INPUT, ALPACA_WITHOUT_INPUT
from instructgen.training import IGNORE, encode_pairs, read_loss_log, warmup_steps

ROOT = Path(__file__).resolve().parents[1]


def _config(path: str) -> dict:
    import yaml

    return validate_config(yaml.safe_load((ROOT / path).read_text()))


@pytest.mark.parametrize(
    ("name", "recipe"),
    [
        ("superni_train", "paper1"),
        ("dolly", "paper1"),
        ("self_instruct_gpt3", "paper1"),
        ("supervised_manual", "paper1"),
        ("mix.superni_longform", "paper1"),
        ("a.unsupervised.whole.seed-instruction.base.all", "paper1"),
        ("a.combined.unsupervised_supervised", "paper1"),
        ("b.llama2_7b.refine_af.5000", "refine_af"),
        ("b.base.self_instruct.all", "refine_af"),
    ],
)
def test_recipe_per_dataset_name(name, recipe):
    assert plan.parse_dataset(name).recipe == recipe


def test_every_sft_name_has_a_configured_recipe_with_the_papers_settings():
    paper = _config("configs/paper.yaml")
    recipes = paper["sft"]["recipes"]
    assert recipes["paper1"] | {} == {
        "learning_rate": 2e-5,
        "batch_size": 128,
        "per_device_batch_size": 4,
        "epochs": 3,
        "warmup_ratio": 0.03,
        "scheduler": "cosine",
        "max_steps": -1,
    }
    assert recipes["refine_af"]["scheduler"] == "cosine"
    assert recipes["refine_af"]["warmup_ratio"] == 0.3
    # REFINE-AF: a batch of 2 with 4 accumulation steps, i.e. a global batch of 8.
    assert (recipes["refine_af"]["batch_size"], recipes["refine_af"]["per_device_batch_size"]) == (
        8,
        2,
    )
    datasets = plan.Study(paper).sft_datasets()
    assert all(dataset.recipe in recipes for dataset in datasets)
    assert any(dataset.recipe == "refine_af" for dataset in datasets)


def test_warmup_ratio_is_passed_as_a_fraction_below_one():
    assert warmup_steps(0.03) == 0.03
    assert warmup_steps(0.0) == 0.0
    with pytest.raises(ConfigError, match="warmup_ratio"):
        warmup_steps(1.0)


def test_alpaca_template_with_and_without_input():
    pairs = alpaca_pairs(
        [
            {"instruction": "Add.", "input": "2 and 3", "output": "5"},
            {"instruction": "Say hi.", "input": "", "output": "hi"},
            {"instruction": "Say yo.", "output": "yo"},
        ]
    )
    assert pairs[0] == (ALPACA_WITH_INPUT.format(instruction="Add.", input="2 and 3"), "5")
    assert pairs[1] == (ALPACA_WITHOUT_INPUT.format(instruction="Say hi."), "hi")
    assert pairs[2][0] == ALPACA_WITHOUT_INPUT.format(instruction="Say yo.")


def test_loss_is_on_the_response_only(toy_causal_lm):
    tokenizer = load_tokenizer(toy_causal_lm)
    prompt, response = ALPACA_WITHOUT_INPUT.format(instruction="name a colour"), "red green"
    (encoded,) = encode_pairs(tokenizer, [prompt], [response], max_len=256)
    prompt_len = len(tokenizer(prompt)["input_ids"])
    labels = encoded["labels"]
    assert labels[:prompt_len] == [IGNORE] * prompt_len
    target = labels[prompt_len:]
    assert IGNORE not in target
    assert target[-1] == tokenizer.eos_token_id
    assert tokenizer.decode(target[:-1]) == response
    assert encoded["input_ids"][prompt_len:] == target
    # Too long: the prompt loses its start, the response survives.
    budget = len(target) + 2
    (short,) = encode_pairs(tokenizer, [prompt], [response], max_len=budget)
    assert len(short["input_ids"]) == budget
    assert short["labels"][-len(target) :] == target


def finetuning(
    model: ModelSpec,
    recipe: dict,
    *,
    max_seq_len: int = 64,
    use_lora: bool = False,
    load_in_4bit: bool = False,
    seed: int = 1,
) -> Finetune:
    """An SFT job's settings with the "paper1" recipe's name."""
    return Finetune(
        model,
        "paper1",
        "sft.recipes.paper1",
        Recipe(**recipe),
        max_seq_len,
        use_lora,
        load_in_4bit,
        seed,
    )


def test_three_step_finetune_writes_card_log_and_a_loadable_model(toy_causal_lm, tmp_path):
    dataset = tmp_path / "data.jsonl"
    records = [
        {"instruction": "Name a colour.", "input": "", "output": "red green blue"},
        {"instruction": "Count.", "input": "from one", "output": "one two three four five"},
    ] * 8
    write_jsonl(dataset, records)
    recipe = {
        "learning_rate": 0.01,
        "batch_size": 16,
        "epochs": 3,
        "warmup_ratio": 0.0,
        "scheduler": "constant",
        "max_steps": 3,
    }
    out = tmp_path / "sft" / "model"
    resume = tmp_path / ".resume"
    main(
        dataset_path=str(dataset),
        dataset_name="toy",
        settings=finetuning(ModelSpec(toy_causal_lm), recipe, max_seq_len=128, seed=7),
        execution=Training(16),
        out_dir=str(out),
        resume_dir=str(resume),
    )

    card = json.loads((out / "card.json").read_text())
    assert card["dataset"] == "toy"
    assert card["recipe_name"] == "paper1" and card["recipe"] == recipe
    assert card["seed"] == 7 and card["examples"] == 16 and card["steps"] == 3
    assert len(card["dataset_sha256"]) == 64
    with open(out / "training_log.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["step"]) for r in rows] == [1, 2, 3]
    assert set(rows[0]) == {"step", "loss", "learning_rate"}
    log = read_loss_log(out / "training_log.csv")
    assert log[-1][1] < log[0][1]  # same batch three times at lr 1e-2: the loss must fall
    assert (out / "tokenizer_config.json").exists() and (out / "README.md").exists()
    assert not resume.exists()  # resume state is removed once the checkpoint is saved
    model = load_model(str(out), "causal_lm")
    tokenizer = load_tokenizer(str(out))
    ids = tokenizer("Name a colour.", return_tensors="pt")["input_ids"]
    assert model(input_ids=ids).logits.shape[-1] == len(tokenizer)


def test_four_bit_without_a_gpu_is_a_config_error(toy_causal_lm, tmp_path):
    if torch.cuda.is_available():
        pytest.skip("this checks the CPU error path")
    dataset = tmp_path / "data.jsonl"
    write_jsonl(dataset, [{"instruction": "a", "input": "", "output": "b"}])
    recipe = dict(_config("config.yaml")["sft"]["recipes"]["paper1"])
    per_device = recipe.pop("per_device_batch_size")
    settings = finetuning(ModelSpec(toy_causal_lm), recipe, use_lora=True, load_in_4bit=True)
    with pytest.raises(ConfigError, match="sft.load_in_4bit"):
        main(
            dataset_path=str(dataset),
            dataset_name="toy",
            settings=settings,
            execution=Training(per_device),
            out_dir=str(tmp_path / "out"),
            resume_dir=str(tmp_path / "resume"),
        )
    assert not (tmp_path / "out").exists()


def test_an_encoder_decoder_backbone_fine_tunes_and_answers_greedily(tiny_lm_dir, tmp_path):
    """Paper 1 Table 6's path: a T5 trained on (prompt, response), then decoded greedily."""
    from instructgen.generation import SamplingParams, generate, load_generator
    from instructgen.tiny.data import save_with_card, train_t5

    tokenizer = load_tokenizer(tiny_lm_dir)
    tokenizer.padding_side = "right"
    sizes = {"d_model": 32, "num_layers": 1, "num_heads": 2, "d_ff": 64}
    settings = sizes | {"steps": 4, "batch_size": 2, "learning_rate": 1e-3}
    pairs = [("Say hi.", "hi"), ("Name a fruit.", "apple")]
    t5, _ = train_t5(tokenizer, pairs, settings, 1, desc="t5", end_with_eos=True)
    backbone = tmp_path / "t5"
    save_with_card(t5, tokenizer, str(backbone), "tiny T5", seed=1)
    dataset = tmp_path / "data.jsonl"
    write_jsonl(dataset, [{"instruction": "Say hi.", "input": "", "output": "hi"}] * 4)
    recipe = {
        "learning_rate": 1e-3,
        "batch_size": 2,
        "epochs": 1,
        "warmup_ratio": 0.0,
        "scheduler": "constant",
        "max_steps": 2,
    }
    out = tmp_path / "sft" / "model"
    main(
        dataset_path=str(dataset),
        dataset_name="toy@t5",
        settings=finetuning(ModelSpec(str(backbone), "seq2seq"), recipe, seed=3),
        execution=Training(2),
        out_dir=str(out),
        resume_dir=str(tmp_path / "resume"),
    )
    card = json.loads((out / "card.json").read_text())
    assert card["steps"] == 2 and card["examples"] == 4
    assert load_model(str(out), "seq2seq").config.is_encoder_decoder
    model, tok = load_generator(ModelSpec(str(out), "seq2seq"), "cpu")
    texts = generate(model, tok, ["Say hi.", "Name a fruit."], SamplingParams(max_new_tokens=4))
    assert sorted(texts) == [0, 1] and all(len(t) == 1 for t in texts.values())
    with pytest.raises(ValueError, match="greedily"):
        generate(model, tok, ["Say hi."], SamplingParams(max_new_tokens=4, do_sample=True))
