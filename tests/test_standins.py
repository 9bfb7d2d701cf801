"""Hub-shaped stand-ins (issue 15): every model of configs/paper.yaml is built at a tiny size
and checked against its hub repository's facts, loaded the way the pipeline loads it, and
fetched through the fixture hub by the pipeline's own fetch code.

The expected facts below restate the issue's family table independently of
instructgen.standins.repos, so a wrong table entry fails here rather than passing against
itself.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from instructgen.errors import ConfigError
from instructgen.standins import names, repos
from instructgen.standins.build import main as build
from tests.conftest import REPO
from tools import fixture_hub

# The smallest stand-ins that still train: LM pre-training long enough to leave the uniform
# distribution, preference training long enough for the reward ordering to show.
SETTINGS = {
    "tokenizer": {"vocab_size": 600, "min_frequency": 2},
    "causal_lm": {
        "hidden_size": 32,
        "num_layers": 1,
        "num_heads": 4,
        "intermediate_size": 64,
        "max_position_embeddings": 2048,
        "steps": 20,
        "batch_size": 4,
        "seq_len": 64,
        "learning_rate": 0.003,
    },
    "reward": {"steps": 80, "batch_size": 8, "learning_rate": 0.001},
    "seq2seq": {
        "d_model": 32,
        "num_layers": 1,
        "num_heads": 2,
        "d_ff": 64,
        "steps": 3,
        "batch_size": 2,
        "learning_rate": 0.002,
    },
}
SEED = 7

LLAMA_1, LLAMA_2_7B, LLAMA_2_13B = (
    "huggyllama/llama-7b",
    "meta-llama/Llama-2-7b-hf",
    "meta-llama/Llama-2-13b-hf",
)
MISTRAL = "mistralai/Mistral-7B-v0.1"
MISTRAL_INSTRUCT = "mistralai/Mistral-7B-Instruct-v0.2"  # the paper configuration's judge
OASST = "OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5"
UNIEVAL, T5_V1_1, FLAN = "MingZhong/unieval-dialog", "google/t5-v1_1-xl", "google/flan-t5-xl"
CAUSAL = (LLAMA_1, LLAMA_2_7B, LLAMA_2_13B, MISTRAL, MISTRAL_INSTRUCT)
T5 = (UNIEVAL, T5_V1_1, FLAN)
HUB_IDS = (*CAUSAL, OASST, *T5)

# hub id: (model_type, architecture, safetensors shards, pickled shards, stored dtype,
# tokenizer.json present)
FACTS = {
    LLAMA_1: ("llama", "LlamaForCausalLM", 2, 2, "float16", False),
    LLAMA_2_7B: ("llama", "LlamaForCausalLM", 2, 2, "float16", True),
    LLAMA_2_13B: ("llama", "LlamaForCausalLM", 3, 3, "float16", True),
    MISTRAL: ("mistral", "MistralForCausalLM", 2, 2, "bfloat16", True),
    MISTRAL_INSTRUCT: ("mistral", "MistralForCausalLM", 3, 3, "bfloat16", True),
    OASST: ("gpt_neox_reward_model", "GPTNeoXRewardModel", 0, 1, "float32", True),
    UNIEVAL: ("t5", "T5ForConditionalGeneration", 0, 1, "float32", True),
    T5_V1_1: ("t5", "T5ForConditionalGeneration", 0, 1, "float32", False),
    FLAN: ("t5", "T5ForConditionalGeneration", 2, 2, "float32", True),
}
# Every T5 of the paper is a T5 v1.1: gated GELU feed-forward, an output layer of its own
# (UniEval fine-tunes google/t5-v1_1-large; its sister repositories' configs show it).
T5_V1_1_SHAPE = {"feed_forward_proj": "gated-gelu", "tie_word_embeddings": False}
# The config keys that take tiny_models' sizes; every other key keeps the repository's value.
SIZE_KEYS = {
    "llama": {
        "hidden_size",
        "intermediate_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "vocab_size",
    },
    "gpt_neox": {
        "hidden_size",
        "intermediate_size",
        "num_hidden_layers",
        "num_attention_heads",
        "vocab_size",
    },
    "t5": {
        "d_model",
        "d_kv",
        "d_ff",
        "num_layers",
        "num_decoder_layers",
        "num_heads",
        "vocab_size",
    },
}


def load_config(name: str) -> dict:
    return yaml.safe_load((REPO / name).read_text())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rehearsal")


@pytest.fixture(scope="module")
def built(workdir) -> dict[str, Path]:
    """Every stand-in, built once: hub id -> its repository folder."""
    folders = {}
    for hub_id in HUB_IDS:
        folder = workdir / names.standin(hub_id)
        build(
            name=plan.hub_repo(hub_id)["repo"],
            hub_id=hub_id,
            passage_files=[str(REPO / f) for f in names.SHIPPED_PASSAGES],
            instruction_files={k: str(REPO / v) for k, v in names.SHIPPED_INSTRUCTIONS.items()},
            out_dir=str(folder),
            settings=SETTINGS,
            seed=SEED,
        )
        folders[hub_id] = folder
    return folders


@pytest.fixture(scope="module")
def converted(built, tmp_path_factory) -> dict[str, Path]:
    """Each stand-in's files after the pipeline's conversion of pickled weights."""
    from instructgen.modeling import convert_pickled_weights

    root = tmp_path_factory.mktemp("converted")
    folders = {}
    for hub_id, folder in built.items():
        target = root / hub_id
        shutil.copytree(names.standin_branch(folder), target)
        convert_pickled_weights(target)
        folders[hub_id] = target
    return folders


def branch(built, hub_id) -> Path:
    return names.standin_branch(built[hub_id])


# --- the table and the config ------------------------------------------------------------------


def test_the_table_holds_exactly_the_paper_models():
    paper = load_config("configs/paper.yaml")
    sources = {spec["source"]: spec["kind"] for spec in paper["models"].values()}
    assert set(sources) == set(repos.REPOS) == set(HUB_IDS)
    assert {hub_id: repos.get(hub_id).kind for hub_id in sources} == sources


def test_unieval_is_t5_v1_1_large_shaped():
    """UniEval's real sizes are T5 v1.1 large's (d_ff 2816, not T5 1.0's 4096), its vocabulary
    the tokenizer's 32,100 tokens, and the table says these are inferred, not read."""
    config = repos.get(UNIEVAL).config
    assert {k: config[k] for k in ("d_model", "d_ff", "num_layers", "num_heads", "vocab_size")} == {
        "d_model": 1024,
        "d_ff": 2816,
        "num_layers": 24,
        "num_heads": 16,
        "vocab_size": 32100,
    }
    assert "n_positions" not in config
    assert repos.get(UNIEVAL).sources["config.json"].status == repos.INFERRED
    for hub_id in T5:
        assert {k: repos.get(hub_id).config.get(k) for k in T5_V1_1_SHAPE} == T5_V1_1_SHAPE


def test_the_gated_repositories_are_the_ones_the_hub_gates():
    """The rehearsal's fixture hub gates these (tools/rehearse.sh), as the real hub does."""
    assert repos.gated() == sorted([LLAMA_2_7B, LLAMA_2_13B, MISTRAL, MISTRAL_INSTRUCT])
    assert all(repos.get(hub_id).sources["gated"].where for hub_id in repos.gated())


def test_plan_lists_the_paper_stand_ins_and_no_default_one():
    paper = load_config("configs/paper.yaml")
    assert names.standin_targets(paper) == [
        f"resources/rehearsal/hub/models/{hub_id}" for hub_id in names.standins(paper)
    ]
    assert set(names.standins(paper)) == set(HUB_IDS)
    assert names.standin_name(paper, OASST) == "reward"
    assert names.standin_targets(load_config("config.yaml")) == []
    with pytest.raises(ConfigError, match="no model has the source"):
        names.standin_name(load_config("config.yaml"), MISTRAL)


def test_hub_ids_and_wildcards_round_trip():
    for hub_id in HUB_IDS:
        wildcards = plan.hub_repo(hub_id)
        assert plan.hub_id(**wildcards) == hub_id
        assert names.STANDIN.format(**wildcards) == names.standin(hub_id)
    assert not plan.is_hub_id("build")
    assert not plan.is_hub_id("results/models/base")
    assert not plan.is_hub_id("./org/repo")
    with pytest.raises(ValueError):
        plan.hub_repo("no-slash")


def test_stand_ins_train_on_the_default_corpus_files():
    corpora = load_config("config.yaml")["corpora"]
    assert names.SHIPPED_PASSAGES == (corpora["wikipedia"]["source"], corpora["c4"]["source"])
    assert tuple(names.SHIPPED_INSTRUCTIONS) == plan.TINY_MODEL_DATA
    for name, path in names.SHIPPED_INSTRUCTIONS.items():
        assert corpora[plan.BASELINE_SOURCES[name]]["source"] == path


def test_an_unknown_hub_id_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="has no stand-in"):
        build(
            name="x",
            hub_id="someone/unknown",
            passage_files=[],
            instruction_files={},
            out_dir=str(tmp_path / "x"),
            settings=SETTINGS,
            seed=SEED,
        )
    assert not (tmp_path / "x").exists()


def test_a_failed_build_leaves_nothing_that_looks_done(tmp_path):
    """Mistral keeps 4 query heads per key-value head: 6 heads cannot, and the build stops
    after its tokenizer was written, leaving no folder behind."""
    settings = copy.deepcopy(SETTINGS)
    settings["causal_lm"]["num_heads"] = 6
    out = tmp_path / "models" / MISTRAL
    with pytest.raises(ConfigError, match="tiny_models.causal_lm.num_heads"):
        build(
            name="mistral_7b",
            hub_id=MISTRAL,
            passage_files=[str(REPO / f) for f in names.SHIPPED_PASSAGES],
            instruction_files={k: str(REPO / v) for k, v in names.SHIPPED_INSTRUCTIONS.items()},
            out_dir=str(out),
            settings=settings,
            seed=SEED,
        )
    assert not out.exists() and list(out.parent.iterdir()) == []


# --- what each stand-in holds ------------------------------------------------------------------


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_config_has_the_repository_keys_at_tiny_sizes(built, hub_id):
    repo = repos.get(hub_id)
    model_type, architecture = FACTS[hub_id][:2]
    config = json.loads((branch(built, hub_id) / "config.json").read_text())
    assert config["model_type"] == model_type and config["architectures"] == [architecture]
    assert config.keys() == repo.config.keys()
    sizes = SIZE_KEYS[repo.family] & config.keys()
    assert {k: v for k, v in config.items() if k not in sizes} == {
        k: v for k, v in repo.config.items() if k not in sizes
    }
    if repo.family == "t5":
        assert config["d_model"] == SETTINGS["seq2seq"]["d_model"]
        # Google's releases pad the embeddings to a multiple of 128; UniEval's fine-tune was
        # resized to its tokenizer (32,100 in its sister repositories' configs).
        if hub_id == UNIEVAL:
            from transformers import AutoTokenizer

            assert config["vocab_size"] == len(AutoTokenizer.from_pretrained(branch(built, hub_id)))
        else:
            assert config["vocab_size"] % 128 == 0
    else:
        assert config["hidden_size"] == SETTINGS["causal_lm"]["hidden_size"]
        assert config["num_hidden_layers"] == SETTINGS["causal_lm"]["num_layers"]
    if hub_id == MISTRAL:
        assert config["num_attention_heads"] == 4 * config["num_key_value_heads"]
        assert config["sliding_window"] == 4096
    if hub_id == MISTRAL_INSTRUCT:
        assert config["num_attention_heads"] == 4 * config["num_key_value_heads"]
        assert config["sliding_window"] is None and config["rope_theta"] == 1e6


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_files_shards_and_stored_dtype_are_the_repository_s(built, hub_id):
    import torch
    from safetensors.torch import load_file

    _, _, safetensors, pickled, dtype, has_tokenizer_json = FACTS[hub_id]
    folder = branch(built, hub_id)
    files = sorted(p.name for p in folder.iterdir())
    assert files == repos.get(hub_id).files
    assert ("tokenizer.json" in files) == has_tokenizer_json
    formats = {"safetensors": ("model", safetensors), "bin": ("pytorch_model", pickled)}
    tensors = {}
    for suffix, (stem, shards) in formats.items():
        shard_files = sorted(f for f in files if f.startswith(stem) and f.endswith(suffix))
        if shards == 0:
            assert shard_files == []
            continue
        if shards == 1:
            assert (
                shard_files == [f"{stem}.{suffix}"] and f"{stem}.{suffix}.index.json" not in files
            )
        else:
            assert (
                shard_files
                == [f"{stem}-{i:05d}-of-{shards:05d}.{suffix}" for i in (1, 2, 3)][:shards]
            )
            index = json.loads((folder / f"{stem}.{suffix}.index.json").read_text())
            assert set(index["weight_map"].values()) == set(shard_files)
        loaded = {}
        for shard in shard_files:
            part = (
                load_file(folder / shard)
                if suffix == "safetensors"
                else torch.load(folder / shard, weights_only=True)
            )
            if shards > 1:
                assert {k for k, v in index["weight_map"].items() if v == shard} == set(part)
            loaded.update(part)
        stored = {str(t.dtype) for t in loaded.values() if t.is_floating_point()}
        assert stored == {f"torch.{dtype}"}
        tensors[suffix] = loaded
    untied = repos.get(hub_id).config.get("tie_word_embeddings") is False
    if untied and hub_id != OASST:
        # LLaMA, Mistral and T5 v1.1 have an output layer of their own.
        assert all("lm_head.weight" in loaded for loaded in tensors.values())
    if safetensors and pickled:
        assert tensors["safetensors"].keys() == tensors["bin"].keys()
        assert all(torch.equal(t, tensors["bin"][k]) for k, t in tensors["safetensors"].items())


def test_the_reward_pickle_holds_the_old_buffers_and_gpt_neox_keys(built):
    import torch

    state = torch.load(branch(built, OASST) / "pytorch_model.bin", weights_only=True)
    assert all(k.startswith(("gpt_neox.", "out_proj.")) for k in state)
    assert {"out_proj.weight", "out_proj.bias"} <= state.keys()
    for layer in range(SETTINGS["causal_lm"]["num_layers"]):
        prefix = f"gpt_neox.layers.{layer}.attention."
        assert state[prefix + "bias"].dtype == torch.bool
        assert {prefix + "masked_bias", prefix + "rotary_emb.inv_freq"} <= state.keys()


def test_card_beside_the_branch_records_the_build(built):
    card = json.loads(names.standin_card(built[LLAMA_2_7B]).read_text())
    assert card["hub_id"] == LLAMA_2_7B and card["seed"] == SEED
    assert sorted(card["files"]) == repos.get(LLAMA_2_7B).files
    assert sorted(p.name for p in built[LLAMA_2_7B].iterdir()) == ["card.json", "main"]


def test_a_rebuild_gives_the_same_files(built, tmp_path):
    """The fixture hub names a branch's commit by its files' hashes, so a rehearsal can pin
    the commit only if the same seed gives the same bytes."""
    out = tmp_path / names.standin(LLAMA_2_7B)
    card = build(
        name=plan.hub_repo(LLAMA_2_7B)["repo"],
        hub_id=LLAMA_2_7B,
        passage_files=[str(REPO / f) for f in names.SHIPPED_PASSAGES],
        instruction_files={k: str(REPO / v) for k, v in names.SHIPPED_INSTRUCTIONS.items()},
        out_dir=str(out),
        settings=SETTINGS,
        seed=SEED,
    )
    first = json.loads(names.standin_card(built[LLAMA_2_7B]).read_text())
    assert card["files"] == first["files"]
    assert fixture_hub.commit_of(names.standin_branch(out)) == fixture_hub.commit_of(
        branch(built, LLAMA_2_7B)
    )


# --- tokenizers --------------------------------------------------------------------------------


@pytest.mark.parametrize("hub_id", CAUSAL)
def test_llama_tokenizers_fall_back_to_bytes_add_bos_and_have_no_pad(built, hub_id):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(branch(built, hub_id))
    assert tokenizer.pad_token is None
    assert (tokenizer.unk_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id) == (0, 1, 2)
    text = "A snowman ☃ stands by the river"
    ids = tokenizer(text)["input_ids"]
    assert ids[0] == tokenizer.bos_token_id
    assert {"<0xE2>", "<0x98>", "<0x83>"} <= set(tokenizer.convert_ids_to_tokens(ids))
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text


def test_gpt_neox_tokenizer_has_padding_and_single_token_markers(built):
    from transformers import AutoTokenizer

    from instructgen.templates import oasst_format

    tokenizer = AutoTokenizer.from_pretrained(branch(built, OASST))
    assert tokenizer.convert_tokens_to_ids(["<|endoftext|>", "<|padding|>"]) == [0, 1]
    assert (tokenizer.eos_token, tokenizer.pad_token) == ("<|endoftext|>", "<|padding|>")
    # The order of the repository's special_tokens_map.json, which the ids follow.
    order = ["<|prefix_begin|>", "<|prefix_end|>", "<|prompter|>", "<|assistant|>", "<|system|>"]
    special = json.loads((branch(built, OASST) / "special_tokens_map.json").read_text())
    assert special["additional_special_tokens"] == order
    markers = tokenizer.convert_tokens_to_ids(order)
    assert markers == list(range(len(tokenizer) - len(markers), len(tokenizer)))
    prompter, assistant = tokenizer.convert_tokens_to_ids(["<|prompter|>", "<|assistant|>"])
    ids = tokenizer(oasst_format("Name a river.", "", "The Fen."))["input_ids"]
    assert ids[0] == prompter and assistant in ids and ids[-1] == 0
    assert tokenizer.decode(ids) == oasst_format("Name a river.", "", "The Fen.")


@pytest.mark.parametrize("hub_id", T5)
def test_t5_tokenizers_have_sentinels_and_one_token_answers(built, hub_id):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(branch(built, hub_id))
    pieces = len(tokenizer) - 100
    assert tokenizer.convert_tokens_to_ids(["<extra_id_0>", "<extra_id_99>"]) == [
        pieces + 99,
        pieces,
    ]
    assert (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 1, 2)
    assert tokenizer.bos_token is None
    for word in ("Yes", "No"):
        assert tokenizer.tokenize(word) == ["▁" + word]
    assert tokenizer("Yes")["input_ids"][-1] == tokenizer.eos_token_id


# --- loading, generating, scoring ----------------------------------------------------------------


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_loads_whole_through_the_pipeline(converted, hub_id):
    from transformers import (
        AutoModelForCausalLM,
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
    )

    from instructgen.modeling import load_model, load_tokenizer

    folder = converted[hub_id]
    kind = repos.get(hub_id).kind
    dtype = FACTS[hub_id][4]
    model = load_model(str(folder), kind)
    assert {str(p.dtype) for p in model.parameters()} == {f"torch.{dtype}"}
    assert type(model).__name__ == FACTS[hub_id][1]
    tokenizer = load_tokenizer(str(folder))
    assert tokenizer.pad_token is not None
    auto = {
        "causal_lm": AutoModelForCausalLM,
        "reward": AutoModelForSequenceClassification,
        "seq2seq": AutoModelForSeq2SeqLM,
    }[kind]
    loaded, info = auto.from_pretrained(folder, use_safetensors=True, output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    assert not info["mismatched_keys"] and not info["error_msgs"]
    if kind != "reward":
        head, embedding = (
            loaded.get_output_embeddings().weight,
            loaded.get_input_embeddings().weight,
        )
        untied = repos.get(hub_id).config.get("tie_word_embeddings") is False
        assert (head.data_ptr() != embedding.data_ptr()) == untied


@pytest.mark.parametrize("hub_id", CAUSAL)
def test_causal_stand_ins_continue_a_prompt(converted, hub_id):
    from instructgen.generation import SamplingParams, generate, load_generator
    from instructgen.settings import ModelSpec

    spec = ModelSpec(str(converted[hub_id]), dtype="float32")
    model, tokenizer = load_generator(spec, "cpu")
    params = SamplingParams(max_new_tokens=12, do_sample=True)
    out = generate(model, tokenizer, ["The river", "Write a short poem about"], params, seed=1)
    assert all(texts[0].strip() for texts in out.values()), out


def test_reward_stand_in_prefers_real_responses(converted):
    import torch

    from instructgen.modeling import load_model, load_tokenizer
    from instructgen.standins.data import Corpus
    from instructgen.tiny.reward_model import preference_pairs

    model = load_model(str(converted[OASST]), "reward")
    tokenizer = load_tokenizer(str(converted[OASST]))
    corpus = Corpus.read(
        [str(REPO / f) for f in names.SHIPPED_PASSAGES],
        {k: str(REPO / v) for k, v in names.SHIPPED_INSTRUCTIONS.items()},
    )
    # Other corruptions of the same responses than the ones it was trained on.
    pairs = preference_pairs(corpus.triplets, SEED + 1)
    margins = []
    with torch.no_grad():
        for start in range(0, len(pairs), 32):
            batch = pairs[start : start + 32]
            texts = [c for c, _ in batch] + [r for _, r in batch]
            enc = tokenizer(texts, return_tensors="pt", padding=True, truncation=True)
            scores = model(**enc).logits[:, 0]
            margins += (scores[: len(batch)] - scores[len(batch) :]).tolist()
    assert statistics.mean(margins) > 0
    assert sum(m > 0 for m in margins) > len(margins) / 2


# --- served by the fixture hub, fetched by the pipeline ------------------------------------------

FETCH = """
import json, sys
from instructgen.hub import main
print(json.dumps([main(**arguments) for arguments in json.loads(sys.argv[1])]))
"""


def test_fetched_through_the_fixture_hub_by_the_pipeline(built, workdir, tmp_path):
    """The stand-ins' hub root, served as `make rehearse` serves it: the fetch downloads each
    repository's safetensors (or converts its pickle), verified against the hub's record."""
    from instructgen.modeling import check_checkpoint

    root = workdir / names.REHEARSAL_HUB
    assert (root / "models" / LLAMA_2_7B / names.STANDIN_BRANCH).is_dir()
    fetched = {hub_id: tmp_path / "fetched" / hub_id for hub_id in (LLAMA_2_13B, OASST)}
    with fixture_hub.running(root, tmp_path / "server") as url:
        arguments = [
            {
                "name": plan.hub_repo(hub_id)["repo"],
                "source": hub_id,
                "revision": fixture_hub.commit_of(branch(built, hub_id)),
                "allow_patterns": None,
                "out_dir": str(out),
                "allow_unpinned": False,
                "kind": repos.get(hub_id).kind,
            }
            for hub_id, out in fetched.items()
        ]
        env = dict(os.environ, HF_ENDPOINT=url, HF_HOME=str(tmp_path / "hf_home"))
        env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
        env.update(PYTHONPATH=str(REPO), HF_HUB_DISABLE_TELEMETRY="1")
        env.pop("HF_HUB_OFFLINE", None)
        done = subprocess.run(
            [sys.executable, "-c", FETCH, json.dumps(arguments)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    cards = dict(zip(fetched, json.loads(done.stdout.strip().splitlines()[-1]), strict=True))
    assert sorted(cards[LLAMA_2_13B]["files"]) == sorted(
        f for f in repos.get(LLAMA_2_13B).files if not f.startswith(("pytorch_model", "README"))
    )
    assert cards[OASST]["converted"]["to"].keys() == {"model.safetensors"}
    for out in fetched.values():
        check_checkpoint(out)
