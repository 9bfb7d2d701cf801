"""vLLM serves decoder-only models only: with `generation.backend: vllm`, the encoder-decoder
models (paper 1 Table 6's T5 backbones and their SFT checkpoints) still generate with
transformers, and their jobs do not depend on the key."""

from __future__ import annotations

import pytest
import yaml

from instructgen import plan, settings
from instructgen.config import validate_config
from tests.conftest import REPO

EVALUATIONS = (settings.SuperNIEvaluation, settings.LongFormEvaluation)


def with_vllm(name: str) -> dict:
    config = yaml.safe_load((REPO / name).read_text())
    config.setdefault("generation", {})["backend"] = "vllm"
    return validate_config(config)


@pytest.mark.parametrize("name", ["config.yaml", "configs/paper.yaml"])
def test_only_decoder_only_models_generate_with_vllm(name):
    config = with_vllm(name)
    kinds = set()
    for dataset in plan.Study(config).evaluated():
        for step in EVALUATIONS:
            spec = step.from_config(config, dataset=dataset).model
            kinds.add(spec.kind)
            expected = "vllm" if spec.kind == "causal_lm" else "transformers"
            assert spec.backend == expected, (step.__name__, dataset, spec)
            reads = step.reads(config, dataset=dataset)
            assert ("generation.backend" in reads) == (spec.kind == "causal_lm"), dataset
    assert kinds == {"causal_lm", "seq2seq"}, "both kinds are evaluated"


def test_a_model_that_does_not_generate_loads_with_transformers():
    reader = settings.ConfigReader(with_vllm("config.yaml"))
    for name in ("base", "reward", "unieval", "t5"):
        assert settings.model_spec(reader, name, generates=False).backend == "transformers"
    assert settings.model_spec(reader, "base", generates=True).backend == "vllm"
    assert settings.model_spec(reader, "unieval", generates=True).backend == "transformers"
