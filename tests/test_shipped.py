"""Checks on the committed shipped data and on the writer that produces it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools import shipped_data

DATA = Path(__file__).resolve().parents[1] / "data"
SUPERNI_KEYS = [
    "Contributors",
    "Source",
    "URL",
    "Categories",
    "Reasoning",
    "Definition",
    "Input_language",
    "Output_language",
    "Instruction_language",
    "Domains",
    "Positive Examples",
    "Negative Examples",
    "Instances",
    "Instance License",
]
TEST_CATEGORIES = [
    "Textual Entailment",
    "Cause Effect Classification",
    "Coreference Resolution",
    "Dialogue Act Recognition",
    "Answerability Classification",
    "Word Analogy",
    "Overlap Extraction",
    "Keyword Tagging",
    "Question Rewriting",
    "Title Generation",
    "Data to Text",
    "Grammar Error Correction",
]
DOLLY_CATEGORIES = {
    "open_qa",
    "general_qa",
    "classification",
    "closed_qa",
    "brainstorming",
    "information_extraction",
    "summarization",
    "creative_writing",
}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def sentence_count(text: str) -> int:
    # Sentences end in ". ", "? " or "! " or at a paragraph end; good enough for
    # text the writer composes, where abbreviations are avoided on purpose.
    n = 0
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        n += para.count(". ") + para.count("? ") + para.count("! ") + 1
    return n


def all_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped")
    shipped_data.main(str(out))
    return out


def test_regeneration_is_byte_identical(regenerated: Path) -> None:
    # Catches both hand edits of data/ and nondeterminism in the writer.
    fresh, committed = all_files(regenerated), all_files(DATA)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"regenerate with `python -m tools.shipped_data data/`: {changed}"


def test_text_files_are_lf_utf8() -> None:
    for name, raw in all_files(DATA).items():
        assert b"\r" not in raw, name
        raw.decode("utf-8")
        assert raw.endswith(b"\n"), name


def test_wikipedia_corpus() -> None:
    rows = read_jsonl(DATA / "corpus" / "wikipedia.jsonl")
    assert 200 <= len(rows) <= 300
    for i, r in enumerate(rows, 1):
        assert list(r) == ["id", "url", "title", "text"]
        assert r["id"] == str(i)
        assert r["url"].startswith("https://encyclopedia.invalid/wiki/")
        assert 60 <= len(r["text"].split()) <= 180
        assert 3 <= sentence_count(r["text"]) <= 8
    assert len({r["title"] for r in rows}) == len(rows)


def test_c4_corpus() -> None:
    rows = read_jsonl(DATA / "corpus" / "c4.jsonl")
    assert 140 <= len(rows) <= 200
    for r in rows:
        assert list(r) == ["text", "timestamp", "url"]
        assert 40 <= len(r["text"].split()) <= 160
        assert r["url"].startswith("https://") and ".invalid/" in r["url"]
        assert len(r["timestamp"]) == 20 and r["timestamp"].endswith("Z")


def test_no_duplicate_passage_lines() -> None:
    lines: list[str] = []
    for name in ("wikipedia.jsonl", "c4.jsonl"):
        for r in read_jsonl(DATA / "corpus" / name):
            lines.extend(r["text"].split("\n"))
    for r in read_jsonl(DATA / "longform" / "test.jsonl"):
        lines.extend(r["output"].split("\n"))
    assert all(ln.strip() for ln in lines)
    dupes = sorted({ln for ln in lines if lines.count(ln) > 1})
    assert not dupes, dupes[:5]


def test_seed_tasks() -> None:
    rows = read_jsonl(DATA / "self_instruct" / "seed_tasks.jsonl")
    assert len(rows) == 30
    for i, r in enumerate(rows):
        assert list(r) == ["id", "name", "instruction", "instances", "is_classification"]
        assert r["id"] == f"seed_task_{i}"
        assert r["instances"] and all(
            list(x) == ["input", "output"] and x["output"] for x in r["instances"]
        )
        # Whole words, as in Self-Instruct's filter ("paragraph" is fine).
        assert not re.search(r"\b(images?|pictures?|graphs?)\b", r["instruction"], re.I), r["id"]
        assert not re.search(
            r"\b(images?|pictures?|graphs?)\b", json.dumps(r["instances"]), re.I
        ), r["id"]
    assert any(r["is_classification"] for r in rows)
    assert any(not r["is_classification"] for r in rows)
    assert any(r["instances"][0]["input"] == "" for r in rows)
    assert len({r["name"] for r in rows}) == len(rows)


def test_superni_tasks_and_splits() -> None:
    split_dir = DATA / "superni" / "splits"
    test_names = (split_dir / "test_tasks.txt").read_text().splitlines()
    train_names = (split_dir / "train_tasks.txt").read_text().splitlines()
    assert len(test_names) == 12 and len(train_names) == 8
    assert not set(test_names) & set(train_names)
    on_disk = sorted(p.stem for p in (DATA / "superni" / "tasks").glob("*.json"))
    assert on_disk == sorted(test_names + train_names)
    categories = []
    for name in test_names + train_names:
        task = json.loads((DATA / "superni" / "tasks" / f"{name}.json").read_text(encoding="utf-8"))
        assert list(task) == SUPERNI_KEYS
        assert task["Positive Examples"] and task["Negative Examples"]
        want = 20 if name in test_names else 30
        assert len(task["Instances"]) == want, name
        ids = [inst["id"] for inst in task["Instances"]]
        assert len(set(ids)) == len(ids)
        for inst in task["Instances"]:
            assert list(inst) == ["id", "input", "output"]
            assert inst["id"].startswith(name.split("_")[0] + "-")
            assert isinstance(inst["output"], list) and inst["output"]
            assert all(isinstance(o, str) and o.strip() for o in inst["output"])
        if name in test_names:
            categories.append(task["Categories"][0])
            assert any(len(i["output"]) >= 2 for i in task["Instances"]) or task["Categories"][
                0
            ] in {
                "Textual Entailment",
                "Coreference Resolution",
                "Dialogue Act Recognition",
                "Answerability Classification",
                "Question Rewriting",
            }
    assert sorted(categories) == sorted(TEST_CATEGORIES)


def test_dolly() -> None:
    rows = read_jsonl(DATA / "dolly" / "dolly.jsonl")
    assert 60 <= len(rows) <= 100
    cats = set()
    for r in rows:
        assert list(r) == ["instruction", "context", "response", "category"]
        assert r["category"] in DOLLY_CATEGORIES
        assert r["instruction"] and r["response"]
        uses_context = r["category"] in {"closed_qa", "information_extraction", "summarization"}
        assert bool(r["context"]) == uses_context
        cats.add(r["category"])
    assert cats == DOLLY_CATEGORIES


def test_closed_qa_answers_come_from_context() -> None:
    for r in read_jsonl(DATA / "dolly" / "dolly.jsonl"):
        if r["category"] == "closed_qa":
            # Answers are short spans built from the passage's own facts.
            tokens = [t.strip(".,") for t in r["response"].split()]
            assert any(len(t) > 3 and t in r["context"] for t in tokens if t.lower() != "about"), r


def test_longform() -> None:
    rows = read_jsonl(DATA / "longform" / "test.jsonl")
    assert 20 <= len(rows) <= 30
    corpus_text = "\n".join(r["text"] for r in read_jsonl(DATA / "corpus" / "wikipedia.jsonl"))
    for r in rows:
        assert list(r) == ["input", "output", "source", "subset"]
        assert r["subset"] == "test"
        assert r["source"] in {"Wikipedia", "C4", "StackExchange", "WikiHow"}
        assert 80 <= len(r["output"].split()) <= 200
        # Held-out: no LongForm output is a corpus passage.
        assert r["output"] not in corpus_text
    assert {r["source"] for r in rows} == {"Wikipedia", "C4", "StackExchange", "WikiHow"}


def test_readme_counts() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "python -m tools.shipped_data data/" in readme
    assert "| `corpus/wikipedia.jsonl` |" in readme and "Licence" in readme
