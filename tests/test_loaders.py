"""Loaders read the shipped miniature files and the real public formats, and name bad input."""

from __future__ import annotations

import json

import pytest

from instructgen import loaders
from instructgen.corpora import fetch, instruction_data, passages
from instructgen.errors import InputError
from instructgen.io import read_jsonl
from instructgen.settings import PassageSample, SourceFetch
from tests.conftest import REPO

DATA = REPO / "data"


def test_shipped_corpora_load():
    wikipedia = loaders.load_passages(DATA / "corpus/wikipedia.jsonl", "wikipedia")
    c4 = loaders.load_passages(DATA / "corpus/c4.jsonl", "c4")
    assert len(wikipedia) >= 200 and len(c4) >= 100
    assert all(p["text"] and p["id"].startswith("wikipedia-") for p in wikipedia)
    assert len(loaders.load_self_instruct_seeds(DATA / "self_instruct/seed_tasks.jsonl")) == 30
    assert loaders.load_dolly(DATA / "dolly/dolly.jsonl")
    assert loaders.load_longform(DATA / "longform/test.jsonl")


def test_shipped_superni_splits_load():
    test = loaders.load_superni_split(DATA / "superni", "test")
    train = loaders.load_superni_split(DATA / "superni", "train")
    assert len(test) == 12
    assert len({task["Categories"][0] for _, task in test}) == 12
    assert train and not {n for n, _ in test} & {n for n, _ in train}


def test_real_self_instruct_seeds_load(shared_data):
    seeds = loaders.load_self_instruct_seeds(shared_data / "self-instruct/seed_tasks.jsonl")
    assert len(seeds) == 175
    records = instruction_data.instruction_records(
        "self_instruct_seeds", str(shared_data / "self-instruct/seed_tasks.jsonl")
    )
    assert len(records) >= 175 and all(r["instruction"] for r in records)


def test_real_superni_sample_loads(shared_data):
    root = shared_data / "superni-sample"
    tasks = loaders.load_superni_split(root, "test", allow_missing=True)
    assert len(tasks) == 12
    name, task = tasks[0]
    assert isinstance(task["Definition"], str) and task["Instances"]
    assert all(loaders.outputs_of(i) for i in task["Instances"])


def test_real_split_names_tasks_that_are_missing(shared_data):
    root = shared_data / "superni-sample"
    with pytest.raises(InputError) as err:
        loaders.read_split(root / "test_tasks.txt", root / "tasks")
    assert "test_tasks.txt:1" in str(err.value) and "has no file" in str(err.value)


def test_malformed_jsonl_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n{"text": broken}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:2: malformed JSON"):
        read_jsonl(path)


def test_missing_key_names_line(tmp_path):
    path = tmp_path / "dolly.jsonl"
    path.write_text('{"instruction": "a", "response": "b"}\n{"instruction": "c"}\n')
    with pytest.raises(InputError, match=r"dolly\.jsonl:2: missing key\(s\) response"):
        loaders.load_dolly(path)


def test_non_utf8_names_line(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"latin\.jsonl:2: not UTF-8"):
        loaders.load_passages(path, "c4")


def test_empty_corpus_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    with pytest.raises(InputError, match="corpus is empty"):
        loaders.load_passages(path, "wikipedia")


@pytest.mark.parametrize("key", ["Definition", "Instances"])
def test_task_file_missing_key(tmp_path, key):
    task = {"Definition": ["Do it."], "Instances": [{"id": "x", "input": "a", "output": ["b"]}]}
    del task[key]
    path = tmp_path / "task1_x.json"
    path.write_text(json.dumps(task))
    with pytest.raises(InputError, match=f"task1_x.json: task file has no '{key}'"):
        loaders.load_superni_task(path)


def test_split_naming_unknown_task(tmp_path):
    (tmp_path / "tasks").mkdir()
    (tmp_path / "splits").mkdir()
    (tmp_path / "splits/test_tasks.txt").write_text("task404_missing\n")
    with pytest.raises(InputError, match=r"test_tasks\.txt:1: task 'task404_missing'"):
        loaders.load_superni_split(tmp_path, "test")


def test_sample_passages_is_seeded(tmp_path):
    args = {
        "wikipedia_dir": str(DATA / "corpus/wikipedia.jsonl"),
        "c4_dir": str(DATA / "corpus/c4.jsonl"),
    }
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        settings = PassageSample(10, 5, 20, 60, seed)
        passages.main(**args, settings=settings, out_path=str(tmp_path / f"{name}.jsonl"))
    a, b, c = ((tmp_path / f"{x}.jsonl").read_bytes() for x in "abc")
    assert a == b and a != c
    assert all(len(r["text"].split()) <= 60 for r in read_jsonl(tmp_path / "a.jsonl"))


def test_fetch_source_verifies_checksum(tmp_path):
    source = tmp_path / "seed.jsonl"
    source.write_text('{"instruction": "x", "instances": [{"input": "", "output": "y"}]}\n')
    fetch.main(settings=SourceFetch(str(source)), out_dir=str(tmp_path / "ok"))
    assert (tmp_path / "ok/seed.jsonl").exists()
    with pytest.raises(InputError, match="checksum mismatch"):
        fetch.main(
            settings=SourceFetch(str(source), sha256="0" * 64), out_dir=str(tmp_path / "bad")
        )
    assert not (tmp_path / "bad").exists()
