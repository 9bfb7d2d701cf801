"""Shared fixtures: tiny models built in a temporary folder, so tests never need a pipeline run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"

WORDS = (
    "the river town festival copper bells winter market flows north through valley ancient "
    "bridge built stone people celebrate every year with music food write a short poem about "
    "summarize this text list three facts explain why classify the sentence"
).split()


def toy_texts(n: int = 200, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(30)) + "." for _ in range(n)]


def pytest_collection_modifyitems(config, items):
    """Run the SLURM cluster test last: while its packages are installed, every Snakemake start
    waits ~10 s (the SLURM executor plugin queries `scontrol` when it loads), which would slow
    every workflow test after it. Its teardown removes what it installed."""
    items.sort(key=lambda item: item.get_closest_marker("slurm") is not None)


@pytest.fixture(scope="session")
def tiny_lm_dir(tmp_path_factory) -> str:
    """A tokenizer and a briefly trained tiny Llama, saved like the pipeline saves them."""
    from instructgen.tiny.causal_lm import pretrain_causal_lm
    from instructgen.tiny.data import save_with_card
    from instructgen.tiny.tokenizer import train_tokenizer

    out = tmp_path_factory.mktemp("tiny_lm")
    texts = toy_texts()
    tokenizer = train_tokenizer(texts, 400, 2, str(out))
    settings = {
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_layers": 2,
        "num_heads": 4,
        "max_position_embeddings": 512,
        "seq_len": 64,
        "batch_size": 8,
        "steps": 30,
        "learning_rate": 3e-3,
    }
    model, _ = pretrain_causal_lm(tokenizer, texts, settings, seed=1)
    save_with_card(model, tokenizer, str(out), "test model", seed=1)
    return str(out)


@pytest.fixture()
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"real public data not present at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def toy_causal_lm(tiny_lm_dir) -> str:
    """The evaluation and SFT tests' name for the same tiny checkpoint."""
    return tiny_lm_dir
