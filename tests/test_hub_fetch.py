"""Models are fetched like corpora: one pinned revision, verified, converted, with a card.

A fixture hub (tools/fixture_hub.py) runs on 127.0.0.1 and answers what huggingface_hub asks;
each fetch runs in a fresh process with HF_ENDPOINT pointing at it and HF_HUB_OFFLINE unset,
as the fetch_model rule does (huggingface_hub reads both when it is imported).
"""

from __future__ import annotations

import http.client
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from instructgen.errors import ConfigError, InputError
from instructgen.hub import allow_patterns_for, drop_pickles_after_conversion, main, matches
from instructgen.io import sha256_file
from tests.conftest import REPO, toy_texts
from tools import fixture_hub

NAME = "fixture"
# The token the fixture hub reads its gated repositories with (an account with access).
TOKEN = "hf_fixture_token_with_access"
GATED = ("fixture/gated-llama", "datasets/fixture/gated-data")
FETCH = """
import json, logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
from instructgen.hub import main
try:
    card = main(**json.loads(sys.argv[1]))
    print(json.dumps({"ok": True, "card": card}))
except Exception as err:
    print(json.dumps({"ok": False, "type": type(err).__name__, "message": str(err)}))
"""


def _llama(tokenizer, tie: bool, seed: int):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=64,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=tie,
    )
    return LlamaForCausalLM(config).eval()


def _logits(model):
    import torch

    with torch.no_grad():
        return model(torch.tensor([[1, 5, 7, 9, 11, 2]])).logits


class Hub:
    """The fixture hub's folder, its URL, and the models behind each repository."""

    def __init__(self, root: Path, url: str, models: dict, state: Path):
        self.root, self.url, self.models, self.state = root, url, models, state

    def folder(self, repo: str, revision: str = "main", kind: str = "models") -> Path:
        return self.root / kind / "fixture" / repo / revision

    def commit(self, repo: str) -> str:
        return fixture_hub.commit_of(self.folder(repo))

    def env(self, token: str | None = None, **more: str) -> dict[str, str]:
        """The environment a fetch (or the workflow) runs in against the fixture hub: no saved
        token (a fresh HF_HOME), HF_TOKEN only when given, HF_HUB_OFFLINE unset (unless `more`
        sets it)."""
        env = dict(
            os.environ,
            HF_ENDPOINT=self.url,
            HF_HOME=str(self.state / "hf_home"),
            HF_HUB_DISABLE_TELEMETRY="1",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
            PYTHONPATH=str(REPO),
        )
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HF_TOKEN_PATH"):
            env.pop(name, None)
        env.update(more)
        if token is not None:
            env["HF_TOKEN"] = token
        return env

    def fetch(self, out_dir: Path, token: str | None = None, **kwargs) -> tuple[dict, str]:
        """Run instructgen.hub.main in a fresh process against the fixture hub."""
        env = self.env(token)
        arguments = {
            "name": NAME,
            "revision": None,
            "allow_patterns": None,
            "out_dir": str(out_dir),
            "allow_unpinned": False,
            **kwargs,
        }
        done = subprocess.run(
            [sys.executable, "-c", FETCH, json.dumps(arguments)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        lines = done.stdout.strip().splitlines()
        assert done.returncode == 0 and lines, done.stderr[-3000:]
        return json.loads(lines[-1]), done.stderr


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    import torch

    from instructgen.tiny.tokenizer import train_tokenizer

    root = tmp_path_factory.mktemp("hub_root")
    state = tmp_path_factory.mktemp("hub_state")
    tokenizer = train_tokenizer(toy_texts(80), 300, 2, str(state / "tokenizer"))
    models = {}

    # A safetensors repo with files a model does not need beside it (a README, Flax weights
    # and a redundant pickle), all of which must stay on the hub.
    safe = _llama(tokenizer, tie=False, seed=0)
    folder = root / "models/fixture/tiny-llama/main"
    safe.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "README.md").write_text("# tiny llama\n")
    (folder / "flax_model.msgpack").write_bytes(os.urandom(2048))
    torch.save(safe.state_dict(), folder / "pytorch_model.bin")
    models["tiny-llama"] = safe

    # Pickled weights only, with tied embeddings (two names, one storage).
    tied = _llama(tokenizer, tie=True, seed=1)
    folder = root / "models/fixture/tiny-llama-bin/main"
    tied.config.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    torch.save(tied.state_dict(), folder / "pytorch_model.bin")
    models["tiny-llama-bin"] = tied

    # Sharded pickles and their index, as older transformers saved big models.
    sharded = _llama(tokenizer, tie=False, seed=2)
    folder = root / "models/fixture/tiny-llama-sharded/main"
    sharded.config.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    state_dict = sharded.state_dict()
    names = sorted(state_dict)
    weight_map = {}
    for number, part in enumerate((names[: len(names) // 2], names[len(names) // 2 :]), start=1):
        shard = f"pytorch_model-{number:05d}-of-00002.bin"
        torch.save({k: state_dict[k] for k in part}, folder / shard)
        weight_map.update(dict.fromkeys(part, shard))
    (folder / "pytorch_model.bin.index.json").write_text(
        json.dumps({"metadata": {"total_size": 0}, "weight_map": weight_map})
    )
    models["tiny-llama-sharded"] = sharded

    # Served bytes that differ from what the hub records: the hub's record is taken, then the
    # file on disk is changed (same size, other size, a small git-stored file).
    source = root / "models/fixture/tiny-llama/main"
    for repo, file, change in (
        ("tampered-sha", "model.safetensors", "flip"),
        ("tampered-size", "model.safetensors", "append"),
        ("tampered-config", "config.json", "flip"),
    ):
        folder = root / "models/fixture" / repo / "main"
        shutil.copytree(source, folder)
        fixture_hub.record(folder)
        data = bytearray((folder / file).read_bytes())
        if change == "flip":
            data[-2] ^= 0x01
        else:
            data += b"\0" * 64
        (folder / file).write_bytes(bytes(data))
    (root / "files").mkdir()

    # Gated repositories: a model as Llama 2's and Mistral's are, and a dataset.
    shutil.copytree(
        root / "models/fixture/tiny-llama/main", root / "models/fixture/gated-llama/main"
    )
    data = root / "datasets/fixture/gated-data/main"
    data.mkdir(parents=True)
    (data / "records.jsonl").write_text('{"text": "gated"}\n')

    with fixture_hub.running(root, state / "server", gated=GATED, token=TOKEN) as url:
        yield Hub(root, url, models, state)


def _no_leftovers(out_dir: Path) -> None:
    strays = [p.name for p in out_dir.parent.iterdir() if p.name.startswith(f".{out_dir.name}.")]
    assert strays == []


# --- fetching -------------------------------------------------------------------------------


def test_pinned_safetensors_model_is_fetched_verified_and_loads(hub, tmp_path):
    from instructgen.modeling import load_model

    commit = hub.commit("tiny-llama")
    out = tmp_path / "models" / NAME
    result, _ = hub.fetch(out, source="fixture/tiny-llama", revision=commit)
    assert result["ok"], result
    card = result["card"]
    source = hub.folder("tiny-llama")
    wanted = sorted(
        p.name for p in source.iterdir() if matches(p.name, allow_patterns_for("causal_lm"))
    )
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= set(wanted)
    assert sorted(card["files"]) == wanted  # no README, Flax weights or redundant pickle
    assert sorted(p.name for p in out.iterdir()) == sorted([*wanted, "card.json"])
    assert json.loads((out / "card.json").read_text()) == card
    assert card["name"] == NAME and card["source"] == "fixture/tiny-llama"
    assert card["revision_requested"] == card["revision_resolved"] == commit
    assert card["pinned"] is True and card["converted"] is None
    assert card["endpoint"] == hub.url
    for rel, meta in card["files"].items():
        assert meta["sha256"] == sha256_file(source / rel)
        assert meta["size"] == (source / rel).stat().st_size
    assert card["files"]["model.safetensors"]["verified"] == ["size", "lfs_sha256"]
    assert card["files"]["config.json"]["verified"] == ["size", "git_blob_sha1"]
    _no_leftovers(out)

    model = load_model(str(out), "causal_lm")
    assert _logits(model).equal(_logits(hub.models["tiny-llama"]))


def test_pickled_weights_are_converted_to_safetensors(hub, tmp_path):
    from instructgen.modeling import load_model

    out = tmp_path / NAME
    source = hub.folder("tiny-llama-bin")
    result, _ = hub.fetch(
        out, source="fixture/tiny-llama-bin", revision=hub.commit("tiny-llama-bin")
    )
    assert result["ok"], result
    card = result["card"]
    assert "pytorch_model.bin" in card["files"]  # fetched and verified as the hub records it
    assert card["files"]["pytorch_model.bin"]["verified"] == ["size", "lfs_sha256"]
    assert card["converted"]["from"] == {
        "pytorch_model.bin": sha256_file(source / "pytorch_model.bin")
    }
    assert list(card["converted"]["to"]) == ["model.safetensors"]
    assert card["converted"]["to"]["model.safetensors"]["sha256"] == sha256_file(
        out / "model.safetensors"
    )
    assert not list(out.glob("*.bin"))
    model = load_model(str(out), "causal_lm")
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()
    assert _logits(model).equal(_logits(hub.models["tiny-llama-bin"]))


def test_sharded_pickles_become_sharded_safetensors_with_an_index(hub, tmp_path):
    from instructgen.modeling import load_model

    out = tmp_path / NAME
    repo = "tiny-llama-sharded"
    result, _ = hub.fetch(out, source=f"fixture/{repo}", revision=hub.commit(repo))
    assert result["ok"], result
    written = sorted(result["card"]["converted"]["to"])
    assert written == [
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "model.safetensors.index.json",
    ]
    index = json.loads((out / "model.safetensors.index.json").read_text())
    assert set(index["weight_map"]) == set(hub.models[repo].state_dict())
    assert index["metadata"]["total_size"] > 0
    assert not list(out.glob("pytorch_model*"))
    assert _logits(load_model(str(out), "causal_lm")).equal(_logits(hub.models[repo]))


@pytest.mark.parametrize(
    ("repo", "file", "what"),
    [
        (
            "tampered-sha",
            "model.safetensors",
            r"sha256 mismatch: the hub records [0-9a-f]{64}, got [0-9a-f]{64}",
        ),
        (
            "tampered-size",
            "model.safetensors",
            r"size mismatch: the hub records \d+ bytes, got \d+",
        ),
        (
            "tampered-config",
            "config.json",
            r"git blob sha1 mismatch: the hub records [0-9a-f]{40}, got [0-9a-f]{40}",
        ),
    ],
)
def test_a_file_that_differs_from_the_hubs_record_fails_and_leaves_nothing(
    hub, tmp_path, repo, file, what
):
    import re

    out = tmp_path / NAME
    commit = hub.commit(repo)
    result, _ = hub.fetch(out, source=f"fixture/{repo}", revision=commit)
    assert not result["ok"]
    assert result["type"] == "InputError"
    assert f"fixture/{repo}@{commit}/{file}: " in result["message"]
    assert re.search(what, result["message"]), result["message"]
    recorded = json.loads((hub.folder(repo).parent / "main.recorded.json").read_text())
    if "sha256" in what:
        assert recorded["files"][file]["sha256"] in result["message"]
        assert sha256_file(hub.folder(repo) / file) in result["message"]
    assert not out.exists()
    _no_leftovers(out)


def test_an_unpinned_revision_is_refused_before_any_request(tmp_path):
    out = tmp_path / NAME
    for revision in ("main", None, "v1.0", "abc123"):
        with pytest.raises(ConfigError, match=rf"models\.{NAME}\.revision.*not a commit hash"):
            main(
                name=NAME,
                source="fixture/tiny-llama",
                revision=revision,
                allow_patterns=None,
                out_dir=str(out),
                allow_unpinned=False,
            )
    assert not out.exists()
    _no_leftovers(out)


def test_an_allowed_unpinned_revision_logs_the_commit_it_resolved_to(hub, tmp_path):
    out = tmp_path / NAME
    result, log = hub.fetch(out, source="fixture/tiny-llama", revision="main", allow_unpinned=True)
    assert result["ok"], result
    commit = hub.commit("tiny-llama")
    assert result["card"]["revision_requested"] == "main"
    assert result["card"]["revision_resolved"] == commit
    assert result["card"]["pinned"] is False
    assert f"resolved to {commit}" in log


def test_a_revision_the_hub_does_not_have_fails(hub, tmp_path):
    out = tmp_path / NAME
    result, _ = hub.fetch(out, source="fixture/tiny-llama", revision="0" * 40)
    assert not result["ok"] and result["type"] == "RevisionNotFoundError"
    assert not out.exists()
    _no_leftovers(out)


def test_a_local_folder_goes_through_the_same_code(hub, tmp_path):
    from instructgen.modeling import load_model

    source = hub.folder("tiny-llama-bin")
    out = tmp_path / NAME
    card = main(
        name=NAME,
        source=str(source),
        revision=None,
        allow_patterns=None,
        out_dir=str(out),
        allow_unpinned=False,
    )
    assert card["source_type"] == "local" and card["revision_resolved"] is None
    assert all(meta["verified"] == ["copy"] for meta in card["files"].values())
    assert card["files"]["config.json"]["sha256"] == sha256_file(source / "config.json")
    assert list(card["converted"]["to"]) == ["model.safetensors"]
    assert (source / "pytorch_model.bin").exists()  # the source folder is left as it was
    assert _logits(load_model(str(out), "causal_lm")).equal(_logits(hub.models["tiny-llama-bin"]))
    with pytest.raises(ConfigError, match="local folder"):
        main(
            name=NAME,
            source=str(source),
            revision="0" * 40,
            allow_patterns=None,
            out_dir=str(tmp_path / "other"),
            allow_unpinned=False,
        )


# --- conversion and patterns ----------------------------------------------------------------


class _Payload:
    """Unpickled plainly, this would create a file: torch.load(weights_only=True) must refuse."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_pickle_with_code_is_refused_and_never_run(tmp_path):
    import torch

    marker = tmp_path / "ran"
    folder = tmp_path / "model"
    folder.mkdir()
    with open(folder / "pytorch_model.bin", "wb") as handle:
        pickle.dump({"w": torch.zeros(2), "x": _Payload(str(marker))}, handle, protocol=2)
    with pytest.raises(
        InputError, match=r"pytorch_model\.bin: refused: not a plain file of tensors"
    ):
        drop_pickles_after_conversion(folder)
    assert not marker.exists()
    assert (folder / "pytorch_model.bin").exists() and not (folder / "model.safetensors").exists()


def test_pickles_beside_safetensors_are_deleted_unread(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"")
    (tmp_path / "pytorch_model.bin").write_bytes(b"not even a pickle")
    assert drop_pickles_after_conversion(tmp_path) == []
    assert not (tmp_path / "pytorch_model.bin").exists()
    assert drop_pickles_after_conversion(tmp_path) == []  # nothing left to do


def test_allow_patterns_take_pickles_only_when_the_repo_has_no_safetensors():
    safe = allow_patterns_for(
        "causal_lm", ["config.json", "model.safetensors", "pytorch_model.bin"]
    )
    assert not matches("pytorch_model.bin", safe)
    assert matches("model.safetensors", safe) and matches("model-00001-of-00003.safetensors", safe)
    assert matches("model.safetensors.index.json", safe)
    pickled = allow_patterns_for("seq2seq", ["config.json", "pytorch_model.bin", "spiece.model"])
    for name in (
        "pytorch_model.bin",
        "pytorch_model-00001-of-00002.bin",
        "pytorch_model.bin.index.json",
    ):
        assert matches(name, pickled)
    for name in ("config.json", "generation_config.json", "spiece.model", "tokenizer.model",
                 "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                 "added_tokens.json", "vocab.json", "merges.txt"):  # fmt: skip
        assert matches(name, pickled)
    for name in ("README.md", "flax_model.msgpack", "tf_model.h5", "consolidated.safetensors",
                 "training_args.bin", "original/consolidated.00.pth", ".gitattributes"):  # fmt: skip
        assert not matches(name, pickled)
    assert not matches("pytorch_model.bin", allow_patterns_for("reward"))
    with pytest.raises(ConfigError, match="unknown model kind"):
        allow_patterns_for("diffusion")


# --- the fixture hub itself -----------------------------------------------------------------


def _request(url: str, method: str, path: str, headers: dict | None = None):
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_the_fixture_hub_answers_as_the_hub_does(hub):
    commit = hub.commit("tiny-llama")
    folder = hub.folder("tiny-llama")
    weights = folder / "model.safetensors"

    response, _ = _request(
        hub.url, "HEAD", f"/fixture/tiny-llama/resolve/{commit}/model.safetensors"
    )
    assert response.status == 302
    assert response.getheader("X-Repo-Commit") == commit
    assert response.getheader("X-Linked-Etag") == f'"{sha256_file(weights)}"'
    assert response.getheader("X-Linked-Size") == str(weights.stat().st_size)
    location = response.getheader("Location")
    assert location.startswith("http://localhost:")  # another origin: the client stops there

    response, _ = _request(hub.url, "HEAD", "/fixture/tiny-llama/resolve/main/config.json")
    assert response.status == 200 and response.getheader("X-Repo-Commit") == commit
    blob = fixture_hub.git_blob_sha1((folder / "config.json").read_bytes())
    assert response.getheader("ETag") == f'"{blob}"'

    path = location.split(":", 2)[2].split("/", 1)[1]
    response, body = _request(hub.url, "GET", "/" + path, {"Range": "bytes=10-19"})
    assert response.status == 206 and body == weights.read_bytes()[10:20]

    info = json.loads(
        _request(hub.url, "GET", "/api/models/fixture/tiny-llama/revision/main?blobs=true")[1]
    )
    assert info["sha"] == commit
    lfs = {s["rfilename"]: s["lfs"] for s in info["siblings"] if "lfs" in s}
    assert lfs["model.safetensors"]["sha256"] == sha256_file(weights)
    tree = json.loads(
        _request(hub.url, "GET", f"/api/models/fixture/tiny-llama/tree/{commit}?recursive=true")[1]
    )
    assert {e["path"] for e in tree} == {p.name for p in folder.iterdir()}

    for path, code in (
        ("/fixture/nope/resolve/main/config.json", "RepoNotFound"),
        ("/fixture/tiny-llama/resolve/v9/config.json", "RevisionNotFound"),
        ("/fixture/tiny-llama/resolve/main/nope.json", "EntryNotFound"),
    ):
        response, _ = _request(hub.url, "HEAD", path)
        assert response.status == 404 and response.getheader("X-Error-Code") == code
    # Nothing outside the served folders can be reached (the state folder is beside the root).
    secret = hub.root / "secret.txt"
    secret.write_text("not served\n")
    for path in (
        "/files/..%2Fsecret.txt",
        "/files/%2E%2E/secret.txt",
        "/fixture/tiny-llama/resolve/main/..%2F..%2F..%2F..%2Fsecret.txt",
        "/..%2F..%2F/x/resolve/main/secret.txt",
    ):
        response, body = _request(hub.url, "GET", path)
        assert response.status in (400, 404) and b"not served" not in body, path


def test_the_fixture_hub_stops_by_its_pid_file(tmp_path):
    (tmp_path / "root").mkdir()
    with fixture_hub.running(tmp_path / "root", tmp_path / "state") as url:
        pid = int((tmp_path / "state/fixture_hub.pid").read_text())
        assert _request(url, "GET", "/health")[1] == b"ok\n"
        done = subprocess.run(
            [
                sys.executable,
                "tools/fixture_hub.py",
                "--stop",
                "--pid-file",
                str(tmp_path / "state/fixture_hub.pid"),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert not (tmp_path / "state/fixture_hub.pid").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# --- gated repositories and the access check before the first job ---------------------------


def test_a_gated_repository_answers_as_the_hub_does_without_access(hub):
    """401 GatedRepo without a token, 403 GatedRepo with a token of an account without access,
    the files with the right token; the CDN the hub redirects to needs none."""
    commit = hub.commit("gated-llama")
    api = "/api/models/fixture/gated-llama"
    resolve = f"/fixture/gated-llama/resolve/{commit}/model.safetensors"
    for path in (f"{api}/auth-check", f"{api}/revision/{commit}", resolve):
        response, _ = _request(hub.url, "GET", path)
        assert response.status == 401 and response.getheader("X-Error-Code") == "GatedRepo", path
        response, _ = _request(hub.url, "GET", path, {"Authorization": "Bearer hf_other"})
        assert response.status == 403 and response.getheader("X-Error-Code") == "GatedRepo", path
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert _request(hub.url, "GET", f"{api}/auth-check", bearer)[0].status == 200
    info = json.loads(_request(hub.url, "GET", f"{api}/revision/{commit}", bearer)[1])
    assert info["gated"] == "manual" and info["sha"] == commit
    response, _ = _request(hub.url, "HEAD", resolve, bearer)
    assert response.status == 302
    cdn = response.getheader("Location").split(":", 2)[2].split("/", 1)[1]
    response, body = _request(hub.url, "GET", "/" + cdn)  # no token
    weights = hub.folder("gated-llama") / "model.safetensors"
    assert response.status == 200 and body == weights.read_bytes()
    # Other repositories are open to anyone, with or without a token.
    assert _request(hub.url, "GET", "/api/models/fixture/tiny-llama/auth-check")[0].status == 200
    response, _ = _request(hub.url, "GET", "/api/models/fixture/nope/auth-check", bearer)
    assert response.status == 404 and response.getheader("X-Error-Code") == "RepoNotFound"


def _access_config(hub) -> dict:
    data_commit = fixture_hub.commit_of(hub.folder("gated-data", kind="datasets"))
    return {
        "models": {
            "llama": {"source": "fixture/gated-llama"},
            "open": {"source": "fixture/tiny-llama"},
            "typo": {"source": "fixture/nope"},
            "tiny": {"source": "build"},
            "local": {"source": "results/models/base"},
        },
        "corpora": {
            "gated_data": {
                "source": f"{hub.url}/datasets/fixture/gated-data/resolve/{data_commit}/records.jsonl"
            },
            "seeds": {"source": "data/self_instruct/seed_tasks.jsonl"},
            "github": {"source": f"{hub.url}/files/github.com/o/r/archive/{'0' * 40}.tar.gz"},
        },
    }


def test_the_access_check_refuses_in_one_line_per_repository(hub, tmp_path, monkeypatch):
    """Without a token: one line for each repository that cannot be read (the gated model, the
    gated dataset, a typo), naming it, the config keys, its page and what to do; open
    repositories, built models, local folders and non-hub URLs are not asked about."""
    from instructgen.hub import check_access

    for name, value in hub.env().items():
        monkeypatch.setenv(name, value)
    for name in ("HF_TOKEN", "HF_TOKEN_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the check asks as the fetch does: online
    config = _access_config(hub)
    problems = check_access(config, workdir=tmp_path)
    assert len(problems) == 3, problems
    assert all("\n" not in line for line in problems)
    gated, typo, data = problems
    assert gated.startswith("Hub access: cannot read fixture/gated-llama (models.llama): ")
    assert "(401 GatedRepo)" in gated
    assert f"Accept the licence at {hub.url}/fixture/gated-llama" in gated
    assert "HF_TOKEN" in gated and "`hf auth login`" in gated
    assert typo.startswith("Hub access: cannot read fixture/nope (models.typo): not found")
    assert data.startswith("Hub access: cannot read fixture/gated-data (corpora.gated_data): ")
    assert f"{hub.url}/datasets/fixture/gated-data" in data and "(401 GatedRepo)" in data

    # A token of an account without access: 403, and the advice to accept the licence.
    monkeypatch.setenv("HF_TOKEN", "hf_other")
    problems = check_access(config, workdir=tmp_path)
    assert ["(403 GatedRepo)" in p for p in problems] == [True, False, True], problems
    # The right token reads both; only the typo is left.
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert [p.split(":")[1] for p in check_access(config, workdir=tmp_path)] == [
        " cannot read fixture/nope (models.typo)"
    ]
    # A fetched folder is not asked about again: a finished run needs no network.
    monkeypatch.delenv("HF_TOKEN")
    for folder in (
        "resources/models/llama",
        "resources/models/typo",
        "resources/sources/gated_data",
    ):
        (tmp_path / folder).mkdir(parents=True)
    assert check_access(config, workdir=tmp_path) == []
    # The run's own fetch jobs, where Snakemake names them, decide instead of the folders.
    assert len(check_access(config, models=["llama"], corpora=[], workdir=tmp_path)) == 1


def test_the_workflow_stops_before_any_job_without_access_and_fetches_with_it(hub, tmp_path):
    """`snakemake` with a gated hub model: without a token it stops before the first job with
    the one line; a dry run does not ask; with the token the fetch runs and verifies the files."""
    import yaml

    from tests.helpers import copy_tracked

    workdir = copy_tracked(tmp_path / "work")
    config = yaml.safe_load((workdir / "config.yaml").read_text())
    config["models"]["base"] = {
        "source": "fixture/gated-llama",
        "revision": hub.commit("gated-llama"),
    }
    (workdir / "gated.yaml").write_text(yaml.safe_dump(config))
    command = [sys.executable, "-m", "snakemake", "resources/models/base", "--cores", "1"]
    command += ["--configfile", "gated.yaml"]

    def run(*extra: str, token: str | None = None) -> subprocess.CompletedProcess:
        env = hub.env(token, HF_HUB_OFFLINE="1", PYTHONPATH=str(workdir), PYTHONHASHSEED="0")
        return subprocess.run(
            [*command, *extra], cwd=workdir, env=env, capture_output=True, text=True, timeout=600
        )

    planned = run("-n")
    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    refused = run()
    assert refused.returncode != 0
    lines = [line for line in refused.stderr.splitlines() if line.startswith("Hub access:")]
    assert lines == [
        f"Hub access: cannot read fixture/gated-llama (models.base): gated, and no token was "
        f"sent (401 GatedRepo). Accept the licence at {hub.url}/fixture/gated-llama, then set "
        "HF_TOKEN to a token of that account or run `hf auth login`."
    ], refused.stderr[-3000:]
    assert not (workdir / "resources/models/base").exists()
    assert not (workdir / "logs/models/fetch_base.log").exists()  # no job started

    done = run(token=TOKEN)
    assert done.returncode == 0, done.stderr[-3000:]
    card = json.loads((workdir / "resources/models/base/card.json").read_text())
    assert card["revision_resolved"] == hub.commit("gated-llama")
    assert card["files"]["model.safetensors"]["verified"] == ["size", "lfs_sha256"]
