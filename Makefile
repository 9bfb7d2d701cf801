# Two commands on a fresh machine: `make run` (the whole default pipeline) and `make test`.
# Both create .venv from requirements.lock when it is missing or older than the lock.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The GPU environment: Python 3.13 (tools/gpu_lock.py says why), its own venv and lock.
PYTHON_GPU ?= python3.13
GPU_VENV := .venv-gpu
GPU_BIN := $(GPU_VENV)/bin
GPU_STAMP := $(GPU_VENV)/.installed
# The jobs' environment (NLTK_DATA, PYTHONHASHSEED, HF_HUB_OFFLINE, ...), spelled once in
# instructgen/environment.py; the workflow sets the same itself, so `snakemake` run without make
# behaves as `make run`. Any Python 3 runs that file (standard library only).
JOB_ENVIRONMENT := $(shell $(PYTHON) -I instructgen/environment.py 2>/dev/null \
	|| python3 -I instructgen/environment.py)
ifeq ($(JOB_ENVIRONMENT),)
$(error instructgen/environment.py printed nothing; run it with python3 to see why)
endif
$(foreach assignment,$(JOB_ENVIRONMENT),$(eval export $(assignment)))
WORDNET := $(NLTK_DATA)/corpora/wordnet/lexnames
LINK_GRAMMAR_PACKAGES := python3-link-grammar link-grammar-dictionaries-en
LINK_GRAMMAR := /usr/lib/python3/dist-packages/linkgrammar/__init__.py /usr/share/link-grammar/en/4.0.dict
CORES ?= 2

.PHONY: run test rehearse bench gpu-check preflight lint format dry-run-paper clean venv venv-gpu \
	nltk-data link-grammar

venv: $(STAMP)

# torch goes first from its exact pin so nothing later can resolve an unpinned (CUDA) torch.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$$(grep -E '^torch==' requirements.lock)"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

venv-gpu: $(GPU_STAMP)

# requirements-gpu.lock: every pin of requirements.lock plus vLLM 0.32 and what it pulls in; its
# torch 2.13.0 is PyPI's CUDA 13.0 build (NVIDIA driver 580 or newer to run; installing needs no
# GPU). The last line fails if a CPU build of torch got in (a find-links folder, another index).
$(GPU_STAMP): requirements-gpu.lock pyproject.toml
	@command -v $(PYTHON_GPU) >/dev/null || { echo "$(PYTHON_GPU) not found: the GPU" \
		"environment needs Python 3.13 (tools/gpu_lock.py says why); set PYTHON_GPU" >&2; exit 1; }
	test -x $(GPU_BIN)/python || $(PYTHON_GPU) -m venv $(GPU_VENV)
	$(GPU_BIN)/python -m pip install --quiet --upgrade pip
	$(GPU_BIN)/python -m pip install --quiet -r requirements-gpu.lock
	$(GPU_BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(GPU_BIN)/python -c "import torch, vllm, bitsandbytes; \
		assert torch.version.cuda, f'torch {torch.__version__} is a CPU build'; \
		print('torch', torch.__version__, 'CUDA', torch.version.cuda, 'vllm', vllm.__version__)"
	touch $@

nltk-data: $(WORDNET)

# WordNet for METEOR and lemmatising: Debian's packages, written into a local NLTK data folder.
$(WORDNET): $(STAMP)
	$(BIN)/python tools/install_wordnet.py --dest $(NLTK_DATA)

link-grammar: $(LINK_GRAMMAR)

# The offline parser (analysis.parser: link_grammar): CMU Link Grammar and its English
# dictionary from Debian, installed as root; nothing runs when both files are there.
# instructgen/link_grammar.py loads Debian's bindings into the venv's Python.
$(LINK_GRAMMAR) &:
	@test "$$(id -u)" = 0 || { echo "Link Grammar is missing; as root run: apt-get install" \
		"--no-install-recommends $(LINK_GRAMMAR_PACKAGES)" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get install -y -q --no-install-recommends $(LINK_GRAMMAR_PACKAGES) \
		|| { apt-get update -q && apt-get install -y -q --no-install-recommends $(LINK_GRAMMAR_PACKAGES); }

run: $(STAMP) $(WORDNET) $(LINK_GRAMMAR)
	$(BIN)/snakemake --profile profiles/local --cores $(CORES)
	$(BIN)/snakemake --profile profiles/local --cores $(CORES) --report results/report.html

test: $(STAMP) $(WORDNET) $(LINK_GRAMMAR)
	$(BIN)/python -m pytest

bench: $(STAMP) $(WORDNET) $(LINK_GRAMMAR)
	$(BIN)/python benchmarks/run_all.py --out results/benchmarks.md

# benchmarks/gpu.py on CUDA (about eight minutes), in the GPU environment; on a machine without a
# GPU it refuses with one line.
gpu-check: $(GPU_STAMP)
	$(GPU_BIN)/python benchmarks/gpu.py

# Does each GPU job of a configuration fit its card, its time limit and the disk? Estimates from
# instructgen.resources on the card the profile asks for; writes results/preflight/<config>.md
# and .csv, fails naming each job that does not fit and the config key to change.
# PREFLIGHT_ARGS takes --set KEY=VALUE (execution settings assumed), --card, --checkpoint-budget-tb.
PREFLIGHT_CONFIG ?= configs/paper.yaml
PREFLIGHT_PROFILE ?= profiles/slurm
PREFLIGHT_ARGS ?=
preflight: $(STAMP)
	$(BIN)/python -m instructgen.resources.preflight --configfile $(PREFLIGHT_CONFIG) \
		--profile $(PREFLIGHT_PROFILE) $(PREFLIGHT_ARGS)

lint: $(STAMP)
	$(BIN)/snakemake --lint
	$(BIN)/ruff check instructgen scripts tests benchmarks tools
	$(BIN)/ruff format --check instructgen scripts tests benchmarks tools
	$(BIN)/snakefmt --check Snakefile rules

format: $(STAMP)
	$(BIN)/ruff format instructgen scripts tests benchmarks tools
	$(BIN)/ruff check --fix instructgen scripts tests benchmarks tools
	$(BIN)/snakefmt Snakefile rules

# The paper configuration end to end on CPU, offline: stand-in models in the hub repositories'
# layouts and fixture corpora in the sources' formats, served on 127.0.0.1 (tools/rehearse.sh).
rehearse: $(STAMP) $(WORDNET) $(LINK_GRAMMAR)
	BIN=$(BIN) CORES=$(CORES) tools/rehearse.sh

dry-run-paper: $(STAMP)
	$(BIN)/snakemake -n --configfile configs/paper.yaml

clean:
	rm -rf results logs .snakemake rehearsal
