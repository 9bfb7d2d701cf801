"""Corpus fixtures in the sources' real formats, downloaded over HTTP by the real fetch code.

tools/fixture_corpora.py writes the shipped data as the paper config's downloads (Wikipedia
and LongForm parquet, C4 json.gz, the Super-NI GitHub archive, Dolly and Self-Instruct JSON
lines); tools/fixture_hub.py serves them on 127.0.0.1; instructgen.corpora.fetch.main
downloads, verifies and unpacks each; and every corpus rule's main must then write exactly
what it writes from the shipped files.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from instructgen import loaders, plan
from instructgen.corpora import (
    fetch,
    instruction_data,
    judged_sets,
    longform_test,
    passages,
    reference_instructions,
    superni_test,
    supervised,
)
from instructgen.errors import ConfigError, InputError
from instructgen.settings import PassageSample, SourceFetch
from tests.conftest import REPO
from tools import fixture_corpora, fixture_hub

SHIPPED = {
    "wikipedia": REPO / "data/corpus/wikipedia.jsonl",
    "c4": REPO / "data/corpus/c4.jsonl",
    "superni": REPO / "data/superni",
    "dolly": REPO / "data/dolly/dolly.jsonl",
    "longform_train": REPO / "data/longform/train.jsonl",
    "longform_test": REPO / "data/longform/test.jsonl",
    "self_instruct_seeds": REPO / "data/self_instruct/seed_tasks.jsonl",
    "self_instruct_gpt3": REPO / "data/self_instruct/gpt3_generations.jsonl",
    "vicuna_questions": REPO / "data/vicuna/question.jsonl",
    "user_oriented": REPO / "data/self_instruct/user_oriented_instructions.jsonl",
}
# Fixtures written from the project's own prompts (instructgen.templates), not from data/.
TEMPLATES = {"self_instruct_instance_template", "self_instruct_clf_template"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The fixtures on a running fixture hub: (descriptions, config section, hub root)."""
    root = tmp_path_factory.mktemp("corpora_root")
    fixtures = fixture_corpora.write(root)
    with fixture_hub.running(root, tmp_path_factory.mktemp("corpora_server")) as url:
        yield fixtures, fixture_corpora.corpora_config(fixtures, url), root


@pytest.fixture(scope="module")
def fetched(served, tmp_path_factory) -> dict[str, Path]:
    """Every source downloaded, checked and unpacked by fetch.main, as fetch_source runs it."""
    _, section, _ = served
    out = tmp_path_factory.mktemp("sources")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        for name, entry in section.items():
            fetch.main(settings=SourceFetch(**entry), out_dir=str(out / name), allow_unpinned=False)
    return {name: out / name for name in section}


def test_fixtures_cover_every_corpus_of_the_paper_config(served):
    import yaml

    paper = yaml.safe_load((REPO / "configs/paper.yaml").read_text())
    fixtures, section, root = served
    assert set(section) == set(paper["corpora"]) == set(SHIPPED) | TEMPLATES
    for fixture in fixtures:
        # The real source's URL on the fixture hub: hub paths as they are, other hosts under
        # /files/<host>/.
        real = urlsplit(paper["corpora"][fixture.corpus]["source"])
        if real.netloc == "huggingface.co":
            assert fixture.url_path == real.path
        else:
            assert fixture.url_path == f"/files/{real.netloc}{real.path}"
        data = (root / fixture.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == fixture.sha256


def test_fixture_files_are_the_same_bytes_every_run(served, tmp_path):
    first, _, _ = served
    again = fixture_corpora.write(tmp_path)
    assert [(f.path, f.sha256, f.size) for f in again] == [
        (f.path, f.sha256, f.size) for f in first
    ]
    for fixture in again:
        assert (tmp_path / fixture.path).stat().st_mtime == fixture_corpora.MTIME


def test_fixtures_have_the_sources_formats(tmp_path):
    import pyarrow.parquet as pq

    root = tmp_path / "fixtures"
    by_corpus = {f.corpus: root / f.path for f in fixture_corpora.write(root)}
    assert pq.read_schema(by_corpus["wikipedia"]).names == ["id", "url", "title", "text"]
    for split in ("longform_train", "longform_test"):
        assert pq.read_schema(by_corpus[split]).names == ["input", "output", "source", "subset"]

    c4 = by_corpus["c4"].read_bytes()
    assert c4[:2] == b"\x1f\x8b" and c4[4:8] == b"\0\0\0\0"  # gzip, mtime 0
    first = gzip.decompress(c4).split(b"\n", 1)[0]
    assert first.startswith(b'{"text":') and b',"timestamp":' in first and b',"url":' in first

    commit = fixture_corpora.SUPERNI_COMMIT
    with tarfile.open(fileobj=io.BytesIO(by_corpus["superni"].read_bytes())) as tar:
        assert tar.pax_headers == {"comment": commit}
        names = tar.getnames()
        assert names == sorted(names)
        assert all(n.startswith(f"natural-instructions-{commit}") for n in names)
        assert f"natural-instructions-{commit}/splits/default/test_tasks.txt" in names
        assert f"natural-instructions-{commit}/splits/default/train_tasks.txt" in names
        tasks = [n for n in names if "/tasks/" in n and n.endswith(".json")]
        assert len(tasks) == 20
        assert {m.mtime for m in tar.getmembers()} == {fixture_corpora.MTIME}


def _outputs(tmp_path: Path, sources: dict[str, Path], label: str) -> dict[str, bytes]:
    """What each corpus rule's main writes from `sources`."""
    out = tmp_path / label
    out.mkdir()
    passages.main(
        wikipedia_dir=str(sources["wikipedia"]),
        c4_dir=str(sources["c4"]),
        settings=PassageSample(120, 60, 20, 400, 3),
        out_path=str(out / "unsupervised.jsonl"),
    )
    supervised.main(
        superni_dir=str(sources["superni"]),
        count=160,
        seed=3,
        out_path=str(out / "supervised.jsonl"),
    )
    superni_test.main(
        superni_dir=str(sources["superni"]),
        max_per_task=5,
        out_path=str(out / "superni_test.jsonl"),
    )
    longform_test.main(
        longform_dir=str(sources["longform_test"]),
        max_items=100,
        out_path=str(out / "longform_test.jsonl"),
    )
    reference_instructions.main(
        source_dir=str(sources["self_instruct_gpt3"]), out_path=str(out / "gpt3.jsonl")
    )
    for judged_set, excluded in (("vicuna", ["coding", "math"]), ("user_oriented", [])):
        judged_sets.main(
            judged_set=judged_set,
            source_dir=str(sources[plan.JUDGED_SOURCES[judged_set]]),
            excluded=excluded,
            out_path=str(out / f"judged_{judged_set}.jsonl"),
        )
    for name, source in (
        ("superni_train", "superni"),
        ("dolly", "dolly"),
        ("self_instruct_seeds", "self_instruct_seeds"),
        ("longform", "longform_train"),
    ):
        instruction_data.main(
            name=name,
            source_dir=str(sources[source]),
            max_instances_per_task=100,
            seed=3,
            out_path=str(out / f"{name}.jsonl"),
            out_card=str(out / f"{name}.card.json"),
        )
    outputs = {}
    for path in sorted(out.glob("*.jsonl")):
        outputs[path.name] = path.read_bytes()
    return outputs


def test_every_fetched_fixture_reads_as_the_shipped_data(fetched, tmp_path):
    from_fixtures = _outputs(tmp_path, fetched, "fetched")
    from_shipped = _outputs(tmp_path, SHIPPED, "shipped")
    assert len(from_fixtures) == 11
    for name, data in from_shipped.items():
        assert data, name
        assert from_fixtures[name] == data, name


def test_fetched_folders_hold_the_downloads_and_the_unpacked_archive(fetched):
    commit = fixture_corpora.SUPERNI_COMMIT
    assert sorted(p.name for p in fetched["wikipedia"].iterdir()) == [
        "train-00000-of-00041.parquet"
    ]
    assert sorted(p.name for p in fetched["c4"].iterdir()) == ["c4-train.00000-of-01024.json.gz"]
    # The archive is unpacked and removed; the loaders find the tasks under its top folder.
    assert sorted(p.name for p in fetched["superni"].iterdir()) == [
        f"natural-instructions-{commit}"
    ]
    assert loaders.find_superni_root(fetched["superni"]).name == f"natural-instructions-{commit}"
    assert len(loaders.load_superni_split(fetched["superni"], "test")) == 12
    assert len(loaders.load_superni_split(fetched["superni"], "train")) == 8
    assert len(loaders.load_passages(fetched["wikipedia"], "wikipedia")) == 240
    assert len(loaders.load_passages(fetched["c4"], "c4")) == 160


@pytest.mark.parametrize("corpus", ["wikipedia", "c4", "superni", "dolly", "self_instruct_gpt3"])
def test_a_wrong_checksum_fails_naming_the_source_and_both_hashes(
    served, tmp_path, monkeypatch, corpus
):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fixtures, section, _ = served
    entry = section[corpus]
    actual = next(f for f in fixtures if f.corpus == corpus)
    out = tmp_path / "sources" / corpus
    if "git_tree_sha1" in entry:
        pinned = {"git_tree_sha1": "0" * 40}
        expected, got = "git tree " + "0" * 40, actual.git_tree_sha1
    elif "git_blob_sha1" in entry:
        pinned = {"git_blob_sha1": "0" * 40}
        expected, got = "git blob " + "0" * 40, actual.git_blob_sha1
    else:
        pinned = {"sha256": "0" * 64}
        expected, got = "0" * 64, actual.sha256
    with pytest.raises(InputError) as failure:
        checksums = ("sha256", "git_blob_sha1", "git_tree_sha1")
        unpinned = {k: v for k, v in entry.items() if k not in checksums}
        fetch.main(
            settings=SourceFetch(**unpinned, **pinned), out_dir=str(out), allow_unpinned=False
        )
    message = str(failure.value)
    assert message.startswith(entry["source"] + ": checksum mismatch")
    assert f"expected {expected}" in message
    assert f"got {got}" in message
    # Nothing that looks fetched: no output folder, no temporary folder beside it.
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_an_unpinned_url_is_refused(served, tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    _, section, _ = served
    out = tmp_path / "dolly"
    with pytest.raises(InputError, match="no pinned sha256"):
        fetch.main(
            settings=SourceFetch(section["dolly"]["source"]), out_dir=str(out), allow_unpinned=False
        )
    assert not out.exists()


def test_an_allowed_unpinned_archive_logs_what_would_pin_it(served, tmp_path, monkeypatch, caplog):
    """Super-NI's archive has no stable bytes: unpinned, its fetch logs the git tree id of the
    unpacked folder, which is what `git_tree_sha1` pins."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fixtures, section, _ = served
    superni = next(f for f in fixtures if f.corpus == "superni")
    caplog.set_level("INFO", logger=fetch.LOG.name)
    fetch.main(
        settings=SourceFetch(section["superni"]["source"], archive_subdir="tasks"),
        out_dir=str(tmp_path / "superni"),
        allow_unpinned=True,
    )
    assert f"git tree {superni.git_tree_sha1}" in caplog.text
    assert "UNPINNED download" in caplog.text


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            {
                "source": lambda url: url.replace(
                    "/resolve/bdd27f4d94b9c1f951818a7da7fd7aeea5dbff1a/", "/resolve/main/"
                )
            },
            "source",
            "names the revision 'main' of databricks/databricks-dolly-15k, not a commit",
        ),
        ({"revision": lambda _: "1" * 40}, "revision", "is not the commit the URL names"),
    ],
)
def test_a_url_must_name_its_commit_once(served, tmp_path, change, key, words):
    """The URL is the one spelling of a source's revision: a branch is refused, and so is a
    `revision` beside it that names another commit, by the config check and by the fetch."""
    import yaml

    from instructgen.config import check_semantics, validate_config

    _, section, _ = served
    entry = dict(section["dolly"])
    for field, edit in change.items():
        entry[field] = edit(entry.get(field, entry["source"]))
    with pytest.raises(InputError, match=words):
        fetch.main(settings=SourceFetch(**entry), out_dir=str(tmp_path / "dolly"))
    assert not (tmp_path / "dolly").exists()
    paper = yaml.safe_load((REPO / "configs/paper.yaml").read_text())
    paper["corpora"]["dolly"].update(entry)
    with pytest.raises(ConfigError, match=rf"corpora\.dolly\.{key}'.*{words}"):
        check_semantics(validate_config(paper), REPO)


def test_a_source_may_allow_itself_to_be_unpinned():
    """`allow_unpinned` of one corpus lets that URL through, and no other."""
    import yaml

    from instructgen.config import check_semantics, validate_config

    paper = validate_config(yaml.safe_load((REPO / "configs/paper.yaml").read_text()))
    check_semantics(paper, REPO)
    assert paper["allow_unpinned_downloads"] is False
    allowed = {n for n in paper["corpora"] if SourceFetch.execution(paper, source=n)}
    assert allowed == {"superni", "longform_train"}
    del paper["corpora"]["dolly"]["sha256"]
    with pytest.raises(ConfigError, match=r"corpora\.dolly\.sha256.*needs a pinned checksum"):
        check_semantics(paper, REPO)


def test_the_git_tree_id_is_the_one_git_gives_the_archived_commit(tmp_path):
    """An archive made by `git archive` (as GitHub makes them) unpacks to the tree of its
    commit: files, an executable, a symbolic link and nested folders; git keeps no empty ones."""
    import subprocess

    repo = tmp_path / "repo"
    (repo / "tasks" / "deep").mkdir(parents=True)
    (repo / "tasks" / "deep" / "task1.json").write_text('{"Definition": ["x"]}\n')
    (repo / "tasks" / "README.md").write_text("tasks\n")
    (repo / "run.sh").write_text("#!/bin/sh\necho hi\n")
    (repo / "run.sh").chmod(0o755)
    (repo / "latest").symlink_to("tasks/README.md")
    (repo / "tasks.md").write_text("sorted after tasks/\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    (repo / "empty" / "deeper").mkdir(parents=True)  # after the commit: never in git
    tree = subprocess.run(
        [*git, "rev-parse", "HEAD^{tree}"], capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = tmp_path / "x.tar.gz"
    subprocess.run([*git, "archive", "--prefix=repo-x/", "-o", str(archive), "HEAD"], check=True)
    out = tmp_path / "out"
    out.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (out / "repo-x" / "empty" / "deeper").mkdir(parents=True)
    assert fetch.git_tree_sha1_of(out / "repo-x") == tree


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://huggingface.co/datasets/akoksal/LongForm/resolve/"
            "5cac80c04a23f4f55643e218a6473d3a42a113aa/data/test-00000-of-00001-101b768c69bbf7f7.parquet",
            ("hub", "dataset", "akoksal/LongForm", "5cac80c04a23f4f55643e218a6473d3a42a113aa"),
        ),
        (
            "http://127.0.0.1:18473/org/model/resolve/refs%2Fpr%2F1/config.json",
            ("hub", "model", "org/model", "refs/pr/1"),
        ),
        (
            "https://github.com/allenai/natural-instructions/archive/"
            "b00871c954282e35d14de77c546918ee8b9d90da.tar.gz",
            (
                "github",
                "repository",
                "allenai/natural-instructions",
                "b00871c954282e35d14de77c546918ee8b9d90da",
            ),
        ),  # fmt: skip
        (
            "http://127.0.0.1:18473/files/raw.githubusercontent.com/yizhongw/self-instruct/main/"
            "data/seed_tasks.jsonl",
            ("github", "repository", "yizhongw/self-instruct", "main"),
        ),
        ("https://example.invalid/c4.json.gz", None),
        ("https://github.com/allenai/natural-instructions/blob/main/README.md", None),
        ("data/dolly/dolly.jsonl", None),
    ],
)
def test_url_pin_reads_the_repository_and_revision_a_url_names(url, expected):
    from instructgen.hub import url_pin

    pin = url_pin(url)
    assert (pin and (pin.host, pin.repo_type, pin.repo_id, pin.revision)) == expected


def test_fetched_template_fixtures_give_the_project_prompts(fetched, tmp_path):
    """Self-Instruct's template files as the rehearsal downloads them (its layout, the project's
    own text): rule instance_prompts reads them into exactly the default's prompts."""
    from instructgen.templates import PROJECT_PROMPTS
    from instructgen.track_b import prompts

    out = tmp_path / "prompts.json"
    prompts.main(
        source="self_instruct",
        instance_dir=str(fetched["self_instruct_instance_template"]),
        classification_dir=str(fetched["self_instruct_clf_template"]),
        out_path=str(out),
    )
    assert prompts.read_prompts(out) == PROJECT_PROMPTS
