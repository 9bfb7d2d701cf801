"""OpenAssistant's reward architecture (gpt_neox_reward_model) and pickled-weight conversion.

The stand-in is saved as the hub repository OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5
is: a config.json with the legacy GPT-NeoX keys of transformers 4.28 (rotary_pct,
rotary_emb_base, torch_dtype), `pooling: "last"`, and only pytorch_model.bin, whose keys are
`gpt_neox.*`, `out_proj.*` and the per-layer buffers 4.28 saved (attention.bias,
attention.masked_bias, attention.rotary_emb.inv_freq). Its tokenizer is Pythia-like: eos
`<|endoftext|>` and no pad token. Scores are checked against a hand computation that runs
transformers' own GPTNeoXModel on each text alone and applies out_proj to its last token.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch

from instructgen.errors import InputError
from instructgen.modeling import check_checkpoint, convert_pickled_weights, load_model
from instructgen.templates import oasst_format

HIDDEN, LAYERS, HEADS, POSITIONS = 64, 2, 4, 256
TRIPLETS = [
    {"instruction": "Say hi.", "input": "", "output": "Hi"},
    {"instruction": "Sort the list.", "input": "List: [3, 1, 2]", "output": "[1, 2, 3]"},
    {
        "instruction": "Name a fruit and say where it grows.",
        "input": "",
        "output": "An apple is a fruit that grows on trees in orchards across the valley.",
    },
    {"instruction": "Count to three.", "input": "", "output": "one two three"},
    {"instruction": "Explain why the river flows north.", "input": "", "output": "Because."},
]
TEXTS = [oasst_format(t["instruction"], t["input"], t["output"]) for t in TRIPLETS]


class Payload:
    """An object whose unpickling would run code: touch the file it names."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def pythia_like_tokenizer(out: Path):
    """Byte-level BPE with the OpenAssistant markers, eos <|endoftext|> and no pad token."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    bpe = ByteLevelBPETokenizer()
    specials = ["<|endoftext|>", "<|padding|>", "<|prompter|>", "<|assistant|>"]
    corpus = [t["instruction"] + " " + t["output"] for t in TRIPLETS] * 4
    bpe.train_from_iterator(corpus, vocab_size=320, min_frequency=1, special_tokens=specials)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        bos_token="<|endoftext|>",
        eos_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        additional_special_tokens=["<|prompter|>", "<|assistant|>"],
    )
    assert tokenizer.pad_token is None
    tokenizer.save_pretrained(out)
    return tokenizer


def hub_config(vocab_size: int) -> dict:
    """The real config.json's keys, at toy sizes."""
    return {
        "_name_or_path": ".saved_models_rm/stand-in/checkpoint-1/",
        "architectures": ["GPTNeoXRewardModel"],
        "bos_token_id": 0,
        "eos_token_id": 0,
        "hidden_act": "gelu",
        "hidden_size": HIDDEN,
        "initializer_range": 0.02,
        "intermediate_size": 4 * HIDDEN,
        "layer_norm_eps": 1e-05,
        "max_position_embeddings": POSITIONS,
        "model_type": "gpt_neox_reward_model",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pooling": "last",
        "rotary_emb_base": 10000,
        "rotary_pct": 0.25,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
        "transformers_version": "4.28.0.dev0",
        "use_cache": True,
        "use_parallel_residual": True,
        "vocab_size": vocab_size,
    }


def random_backbone(vocab_size: int):
    """transformers' own GPTNeoXModel with large random weights (so scores differ)."""
    from transformers import GPTNeoXConfig, GPTNeoXModel

    config = GPTNeoXConfig(
        vocab_size=vocab_size,
        hidden_size=HIDDEN,
        intermediate_size=4 * HIDDEN,
        num_hidden_layers=LAYERS,
        num_attention_heads=HEADS,
        max_position_embeddings=POSITIONS,
        rotary_pct=0.25,
        rotary_emb_base=10000,
        bos_token_id=0,
        eos_token_id=0,
    )
    torch.manual_seed(0)
    backbone = GPTNeoXModel(config).eval()
    with torch.no_grad():
        for parameter in backbone.parameters():
            parameter.normal_(0.0, 0.3)
    return backbone


def hub_state_dict(backbone) -> dict[str, torch.Tensor]:
    """Weights named as the hub checkpoint names them, legacy per-layer buffers included."""
    state = {f"gpt_neox.{k}": v.clone() for k, v in backbone.state_dict().items()}
    generator = torch.Generator().manual_seed(1)
    state["out_proj.weight"] = torch.randn(1, HIDDEN, generator=generator)
    state["out_proj.bias"] = torch.tensor([0.25])
    rotary = HIDDEN // HEADS // 4
    causal = torch.tril(torch.ones(POSITIONS, POSITIONS, dtype=torch.bool))
    for layer in range(LAYERS):
        prefix = f"gpt_neox.layers.{layer}.attention."
        state[prefix + "bias"] = causal.view(1, 1, POSITIONS, POSITIONS).clone()
        state[prefix + "masked_bias"] = torch.tensor(-1e9)
        state[prefix + "rotary_emb.inv_freq"] = 1.0 / (
            10000 ** (torch.arange(0, rotary, 2).float() / rotary)
        )
    return state


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The unconverted stand-in folder, its tokenizer, backbone and hub state dict."""
    folder = tmp_path_factory.mktemp("oasst") / "oasst-rm"
    folder.mkdir()
    tokenizer = pythia_like_tokenizer(folder)
    vocab_size = -(-len(tokenizer) // 16) * 16  # padded to a multiple of 16, as 50,288 is
    (folder / "config.json").write_text(json.dumps(hub_config(vocab_size), indent=2))
    backbone = random_backbone(vocab_size)
    state = hub_state_dict(backbone)
    torch.save(state, folder / "pytorch_model.bin")
    return {"folder": folder, "tokenizer": tokenizer, "backbone": backbone, "state": state}


@pytest.fixture(scope="module")
def converted(hub, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("converted") / "oasst-rm"
    shutil.copytree(hub["folder"], folder)
    assert convert_pickled_weights(folder) == {"pytorch_model.bin": "model.safetensors"}
    return folder


def hand_scores(hub, texts, pooling: str = "last") -> list[float]:
    """Each text alone through GPTNeoXModel (no padding), pooled, then out_proj by hand."""
    weight, bias = hub["state"]["out_proj.weight"], hub["state"]["out_proj.bias"]
    scores = []
    with torch.no_grad():
        for text in texts:
            ids = torch.tensor([hub["tokenizer"](text)["input_ids"]])
            hidden = hub["backbone"](input_ids=ids).last_hidden_state[0]
            pooled = hidden[-1] if pooling == "last" else hidden.mean(dim=0)
            scores.append(float(pooled @ weight[0] + bias[0]))
    return scores


def test_pickled_folder_is_refused_until_converted(hub) -> None:
    with pytest.raises(InputError, match="convert_pickled_weights"):
        check_checkpoint(hub["folder"])
    with pytest.raises(InputError, match="safetensors"):
        load_model(str(hub["folder"]), "reward")


def test_conversion_keeps_every_tensor(hub, converted) -> None:
    from safetensors.torch import load_file

    saved = load_file(converted / "model.safetensors")
    assert saved.keys() == hub["state"].keys()
    assert all(torch.equal(saved[k], v) for k, v in hub["state"].items())
    assert not list(converted.glob("*.partial")) and not list(converted.glob(".*.partial"))
    assert convert_pickled_weights(converted) == {}, "a converted folder is left as it is"


def test_hub_folder_loads_whole_through_the_auto_classes(hub, converted) -> None:
    from transformers import AutoConfig, AutoModelForSequenceClassification

    from instructgen.oasst import GPTNeoXRewardModel, GPTNeoXRewardModelConfig

    config = AutoConfig.from_pretrained(converted)
    assert isinstance(config, GPTNeoXRewardModelConfig) and config.pooling == "last"
    assert config.rope_parameters["partial_rotary_factor"] == 0.25
    model, info = AutoModelForSequenceClassification.from_pretrained(
        converted, use_safetensors=True, output_loading_info=True
    )
    assert isinstance(model, GPTNeoXRewardModel)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    assert not info["mismatched_keys"] and not info["error_msgs"]
    loaded = load_model(str(converted), "reward")
    assert isinstance(loaded, GPTNeoXRewardModel) and not loaded.training
    params = dict(loaded.named_parameters())
    assert params.keys() <= hub["state"].keys()
    assert all(torch.equal(p, hub["state"][k]) for k, p in params.items())


@pytest.mark.parametrize("side", ["left", "right"])
def test_scores_equal_the_hand_computation(hub, converted, side) -> None:
    from instructgen.modeling import load_tokenizer

    model = load_model(str(converted), "reward")
    tokenizer = load_tokenizer(str(converted))
    assert tokenizer.pad_token == tokenizer.eos_token == "<|endoftext|>"
    tokenizer.padding_side = side
    enc = tokenizer(TEXTS, return_tensors="pt", padding=True)
    assert len(set(enc["attention_mask"].sum(dim=1).tolist())) == len(TEXTS), "lengths differ"
    with torch.no_grad():
        logits = model(**enc).logits
    assert logits.shape == (len(TEXTS), 1)
    assert logits[:, 0].tolist() == pytest.approx(hand_scores(hub, TEXTS), abs=1e-5)


def test_mean_pooling_equals_the_hand_computation(hub, converted) -> None:
    from instructgen.modeling import load_tokenizer

    model = load_model(str(converted), "reward")
    model.config.pooling = "mean"
    tokenizer = load_tokenizer(str(converted))
    tokenizer.padding_side = "left"
    with torch.no_grad():
        logits = model(**tokenizer(TEXTS, return_tensors="pt", padding=True)).logits
    assert logits[:, 0].tolist() == pytest.approx(hand_scores(hub, TEXTS, "mean"), abs=1e-5)


@pytest.mark.parametrize("side", ["left", "right"])
def test_pipeline_scorer_feeds_the_model_in_the_oasst_format(hub, converted, side) -> None:
    from instructgen.modeling import load_tokenizer
    from instructgen.track_b.reward import CompositeScorer, RewardWeights

    model = load_model(str(converted), "reward")
    tokenizer = load_tokenizer(str(converted))
    weights = RewardWeights(0.0, 1.0, 0.0, 0.0, 0.0)
    # The UniEval half is not under test: the reward model and tokenizer stand in for it.
    scorer = CompositeScorer(model, tokenizer, model, tokenizer, weights, batch_size=3)
    scorer.reward_tokenizer.padding_side = side
    # components() feeds reward_model_scores the triplets in oasst_format, as TEXTS are.
    scores = scorer.reward_model_scores(TEXTS)
    assert scores == pytest.approx(hand_scores(hub, TEXTS), abs=1e-5)


def test_a_reward_model_missing_its_head_is_refused(hub, tmp_path) -> None:
    from safetensors.torch import save_file

    folder = tmp_path / "headless"
    folder.mkdir()
    shutil.copy(hub["folder"] / "config.json", folder)
    body = {k: v for k, v in hub["state"].items() if not k.startswith("out_proj.")}
    save_file(body, str(folder / "model.safetensors"), metadata={"format": "pt"})
    with pytest.raises(InputError, match="out_proj.weight"):
        load_model(str(folder), "reward")


def test_sharded_pickles_convert_to_sharded_safetensors(hub, tmp_path) -> None:
    folder = tmp_path / "sharded"
    folder.mkdir()
    shutil.copy(hub["folder"] / "config.json", folder)
    names = sorted(hub["state"])
    halves = [names[: len(names) // 2], names[len(names) // 2 :]]
    weight_map = {}
    for k, half in enumerate(halves, start=1):
        shard = f"pytorch_model-0000{k}-of-00002.bin"
        torch.save({n: hub["state"][n] for n in half}, folder / shard)
        weight_map |= dict.fromkeys(half, shard)
    (folder / "pytorch_model.bin.index.json").write_text(
        json.dumps({"metadata": {"total_size": 0}, "weight_map": weight_map})
    )
    converted = convert_pickled_weights(folder)
    assert converted == {
        "pytorch_model-00001-of-00002.bin": "model-00001-of-00002.safetensors",
        "pytorch_model-00002-of-00002.bin": "model-00002-of-00002.safetensors",
        "pytorch_model.bin.index.json": "model.safetensors.index.json",
    }
    index = json.loads((folder / "model.safetensors.index.json").read_text())
    assert set(index["weight_map"]) == set(names)
    assert set(index["weight_map"].values()) == set(converted.values()) - {
        "model.safetensors.index.json"
    }
    model = load_model(str(folder), "reward")
    assert all(torch.equal(p, hub["state"][k]) for k, p in model.named_parameters())


def test_shared_tensors_are_stored_as_copies(tmp_path) -> None:
    from safetensors.torch import load_file

    embedding = torch.randn(8, 4)
    state = {"embed_in.weight": embedding, "embed_out.weight": embedding, "row": embedding[2]}
    torch.save(state, tmp_path / "pytorch_model.bin")
    assert convert_pickled_weights(tmp_path) == {"pytorch_model.bin": "model.safetensors"}
    saved = load_file(tmp_path / "model.safetensors")
    assert torch.equal(saved["embed_in.weight"], embedding)
    assert torch.equal(saved["embed_out.weight"], embedding)
    assert torch.equal(saved["row"], embedding[2])


def test_a_pickled_object_is_refused_and_nothing_is_written(tmp_path) -> None:
    marker = tmp_path / "code-ran"
    torch.save({"weight": torch.ones(2), "extra": Payload(marker)}, tmp_path / "pytorch_model.bin")
    with pytest.raises(InputError, match="weights_only=True"):
        convert_pickled_weights(tmp_path)
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pytorch_model.bin"]


def test_a_bad_second_shard_leaves_no_first_shard_behind(tmp_path) -> None:
    marker = tmp_path / "code-ran"
    torch.save({"a": torch.ones(2)}, tmp_path / "pytorch_model-00001-of-00002.bin")
    torch.save(Payload(marker), tmp_path / "pytorch_model-00002-of-00002.bin")
    weight_map = {"a": "pytorch_model-00001-of-00002.bin", "b": "pytorch_model-00002-of-00002.bin"}
    (tmp_path / "pytorch_model.bin.index.json").write_text(json.dumps({"weight_map": weight_map}))
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InputError, match="00002-of-00002.bin.*refused"):
        convert_pickled_weights(tmp_path)
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_pickle_larger_than_a_shard_converts_in_parts(tmp_path, monkeypatch) -> None:
    """A big pickle (t5-v1_1-xl ships one of 11 GB) is written as numbered safetensors files
    of at most SHARD_BYTES each, with an index, reading one group of tensors at a time."""
    from safetensors.torch import load_file

    from instructgen import modeling

    state = {f"layer.{i}.weight": torch.full((64, 64), float(i)) for i in range(6)}
    torch.save(state, tmp_path / "pytorch_model.bin")
    monkeypatch.setattr(modeling, "SHARD_BYTES", 2 * 64 * 64 * 4)  # two tensors a file
    converted = modeling.convert_pickled_weights(tmp_path)
    files = [f"model-{i:05d}-of-00003.safetensors" for i in (1, 2, 3)]
    assert converted == {
        "pytorch_model.bin": ", ".join(files),
        "(index)": "model.safetensors.index.json",
    }
    index = json.loads((tmp_path / "model.safetensors.index.json").read_text())
    assert sorted(set(index["weight_map"].values())) == files
    loaded = {k: v for f in files for k, v in load_file(tmp_path / f).items()}
    assert loaded.keys() == state.keys()
    assert all(torch.equal(loaded[k], state[k]) for k in state)
