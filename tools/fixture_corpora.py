"""Corpus fixtures in each source's real download format, written from the shipped data.

`python tools/fixture_corpora.py --out DIR [--base-url URL]` writes, under DIR in the layout
tools/fixture_hub.py serves (so DIR is its --root), the files the paper config downloads, each
at its real URL's path: a hub file `https://huggingface.co/datasets/<org>/<repo>/resolve/
<commit>/<file>` at `datasets/<org>/<repo>/<commit>/<file>` (served at the same URL path), any
other host's file at `files/<host>/<path>` (served at `/files/<host>/<path>`). The paths are
read from configs/paper.yaml, so the fixtures follow its names and commits:

| corpus | format |
|---|---|
| wikipedia | parquet: id, url, title, text |
| c4 | gzipped JSON lines: text, timestamp, url |
| superni | GitHub archive: natural-instructions-<commit>/tasks/*.json, splits/default/{train,test}_tasks.txt |
| dolly | JSON lines: instruction, context, response, category |
| longform_train, longform_test | parquet: input, output, source, subset |
| self_instruct_seeds | JSON lines |
| self_instruct_gpt3 | JSON lines: instruction, input, output |
| vicuna_questions | JSON lines: question_id, category, turns |
| user_oriented | JSON lines: id, motivation_app, instruction, instances |
| self_instruct_instance_template, self_instruct_clf_template | Python modules assigning '''-quoted string literals to Self-Instruct's variable names |

The same bytes come out of every run (with the same pyarrow): gzip headers carry mtime 0 and
no name, tar members are sorted with fixed owner, modes and mtimes, parquet files are written
from Arrow tables with fixed row groups, and every file gets a fixed mtime. The script prints
each file's SHA-256 (and, with --base-url, a `corpora:` config block that pins them: a file by
its SHA-256, and by its git blob id where the paper config pins the real one so; an archive by
the git tree id of its unpacked top folder).

The text is this project's own (data/README.md; the templates' is instructgen.templates's
PROJECT_PROMPTS); only the formats are the sources'.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
PAPER = REPO / "configs/paper.yaml"
if str(REPO) not in sys.path:  # run as a script: instructgen from this checkout
    sys.path.insert(0, str(REPO))

from instructgen.corpora.fetch import git_tree_sha1_of  # noqa: E402
from instructgen.hub import url_pin  # noqa: E402
from instructgen.templates import PROJECT_PROMPTS, InstancePrompts  # noqa: E402
from instructgen.track_b.prompts import FILES as TEMPLATE_FILES  # noqa: E402

# The real sources, as configs/paper.yaml names them: each fixture sits at its URL's path.
PAPER_CORPORA: dict[str, dict] = yaml.safe_load(PAPER.read_text())["corpora"]
SUPERNI_COMMIT = url_pin(PAPER_CORPORA["superni"]["source"]).revision
MTIME = 1_656_633_600  # 2022-07-01 00:00:00 UTC: a fixed time for files and tar members
ROWS_PER_GROUP = 64


@dataclass
class Fixture:
    corpus: str  # the config's corpus name
    path: str  # relative to the output folder; served at /<path> (files/... at /files/...)
    sha256: str
    git_blob_sha1: str
    size: int
    records: int
    git_tree_sha1: str | None = None  # an archive's: the tree of its unpacked top folder
    archive_subdir: str | None = None

    @property
    def url_path(self) -> str:
        """The URL path the fixture hub serves the file at."""
        parts = self.path.split("/")
        if parts[0] == "datasets":  # datasets/<org>/<repo>/<rev>/<file> -> .../resolve/<rev>/...
            return "/" + "/".join([*parts[:3], "resolve", *parts[3:]])
        return "/" + self.path


def _jsonl_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _parquet_bytes(records: list[dict], columns: list[str]) -> bytes:
    """A parquet file as `datasets` writes one: string columns, the features in the schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    features = {c: {"dtype": "string", "_type": "Value"} for c in columns}
    schema = pa.schema(
        [pa.field(c, pa.string()) for c in columns],
        metadata={"huggingface": json.dumps({"info": {"features": features}})},
    )
    table = pa.Table.from_pylist([{c: r[c] for c in columns} for r in records], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy", row_group_size=ROWS_PER_GROUP)
    return buffer.getvalue()


def _gzip_bytes(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(data)
    return buffer.getvalue()


def _jsonl_bytes(records: list[dict], compact: bool = False) -> bytes:
    separators = (",", ":") if compact else (", ", ": ")
    lines = [json.dumps(r, ensure_ascii=False, separators=separators) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _github_archive(commit: str, files: dict[str, bytes], repo: str) -> bytes:
    """A tarball as GitHub serves /archive/<commit>.tar.gz: `git archive` output, everything
    under <repo>-<commit>/, the commit in the pax global header, sorted members."""
    prefix = f"{repo}-{commit}"
    folders = {prefix}
    for path in files:
        parts = path.split("/")
        folders.update(f"{prefix}/{'/'.join(parts[:i])}" for i in range(1, len(parts)))
    entries = sorted(
        [(f, None) for f in folders] + [(f"{prefix}/{p}", d) for p, d in files.items()]
    )
    buffer = io.BytesIO()
    with tarfile.open(
        fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": commit}
    ) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name + ("/" if data is None else ""))
            info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "root", "root"
            if data is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o775
                tar.addfile(info)
            else:
                info.size, info.mode = len(data), 0o664
                tar.addfile(info, io.BytesIO(data))
    return _gzip_bytes(buffer.getvalue())


def _superni_files() -> tuple[dict[str, bytes], int]:
    files: dict[str, bytes] = {
        "README.md": (
            b"# Super-NaturalInstructions (fixture)\n\nTasks and splits in the layout of "
            b"allenai/natural-instructions; the text is instructgen's shipped data (CC0).\n"
        )
    }
    tasks = sorted((DATA / "superni" / "tasks").glob("*.json"))
    for task in tasks:
        files[f"tasks/{task.name}"] = task.read_bytes()
    for split in ("train", "test"):
        files[f"splits/default/{split}_tasks.txt"] = (
            DATA / "superni" / "splits" / f"{split}_tasks.txt"
        ).read_bytes()
    return files, len(tasks)


def template_module(kind: str) -> tuple[bytes, int]:
    """A Self-Instruct template file in its layout (a Python module whose top-level statements
    assign '''-quoted string literals to its variable names, blank lines between them,
    no final newline), holding the project's own prompts of that file (`kind`, as
    instructgen.track_b.prompts.FILES names it); and how many prompts it holds."""
    prompts = PROJECT_PROMPTS.as_dict()
    statements = []
    for field, file_kind in TEMPLATE_FILES.items():
        if file_kind != kind:
            continue
        text = prompts[field]
        if "'''" in text or "\\" in text or text.endswith("'"):
            raise ValueError(f"the {field} prompt cannot be written as a plain ''' literal")
        statements.append(f"{InstancePrompts.SELF_INSTRUCT_NAMES[field]} = '''{text}'''")
    return "\n\n".join(statements).encode("utf-8"), len(statements)


def fixture_path(url: str) -> str:
    """Where under the fixture hub's root the file of a real URL goes, so that the hub serves
    it at the same URL path: a hub file's `<type>s/<org>/<repo>/<revision>/<file>` (without
    `resolve/`), any other host's `files/<host>/<path>`."""
    parts = urlsplit(url)
    pin = url_pin(url)
    if pin is not None and pin.host == "hub":
        segments = parts.path.strip("/").split("/")
        at = segments.index("resolve")
        return "/".join(segments[:at] + segments[at + 1 :])
    return f"files/{parts.netloc}{parts.path}"


def build() -> list[tuple[str, str, bytes, int, dict]]:
    """(corpus, path, bytes, record count, config extras) of every fixture file."""
    wikipedia = _jsonl_records(DATA / "corpus" / "wikipedia.jsonl")
    c4 = _jsonl_records(DATA / "corpus" / "c4.jsonl")
    dolly = DATA / "dolly" / "dolly.jsonl"
    seeds = DATA / "self_instruct" / "seed_tasks.jsonl"
    gpt3 = DATA / "self_instruct" / "gpt3_generations.jsonl"
    vicuna = DATA / "vicuna" / "question.jsonl"
    user_oriented = DATA / "self_instruct" / "user_oriented_instructions.jsonl"
    superni, n_tasks = _superni_files()
    longform = ["input", "output", "source", "subset"]
    contents = {
        "wikipedia": (_parquet_bytes(wikipedia, ["id", "url", "title", "text"]), len(wikipedia)),
        "c4": (
            _gzip_bytes(
                _jsonl_bytes(
                    [{k: r[k] for k in ("text", "timestamp", "url")} for r in c4], compact=True
                )
            ),
            len(c4),
        ),
        "superni": (_github_archive(SUPERNI_COMMIT, superni, "natural-instructions"), n_tasks),
        "dolly": (dolly.read_bytes(), len(_jsonl_records(dolly))),
        "self_instruct_seeds": (seeds.read_bytes(), len(_jsonl_records(seeds))),
        "self_instruct_gpt3": (gpt3.read_bytes(), len(_jsonl_records(gpt3))),
        "vicuna_questions": (vicuna.read_bytes(), len(_jsonl_records(vicuna))),
        "user_oriented": (user_oriented.read_bytes(), len(_jsonl_records(user_oriented))),
        "self_instruct_instance_template": template_module("instance"),
        "self_instruct_clf_template": template_module("classification"),
    }
    for split in ("train", "test"):
        records = _jsonl_records(DATA / "longform" / f"{split}.jsonl")
        contents[f"longform_{split}"] = (_parquet_bytes(records, longform), len(records))
    return [
        (
            corpus,
            fixture_path(entry["source"]),
            *contents[corpus],
            {"archive_subdir": entry.get("archive_subdir")},
        )
        for corpus, entry in PAPER_CORPORA.items()
    ]


def _archive_tree(data: bytes) -> str:
    """The git tree id of a fixture archive's unpacked top folder, as fetch_source computes it."""
    with tempfile.TemporaryDirectory() as folder, tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
        (top,) = Path(folder).iterdir()
        return git_tree_sha1_of(top)


def write(out_dir: str | os.PathLike) -> list[Fixture]:
    """Write every fixture under `out_dir` and describe each (path, SHA-256, records)."""
    out = Path(out_dir)
    fixtures = []
    for corpus, path, data, records, extras in build():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.utime(tmp, (MTIME, MTIME))
        os.replace(tmp, target)
        fixtures.append(
            Fixture(
                corpus=corpus,
                path=path,
                sha256=hashlib.sha256(data).hexdigest(),
                git_blob_sha1=hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest(),
                size=len(data),
                records=records,
                git_tree_sha1=_archive_tree(data) if path.endswith(".tar.gz") else None,
                **extras,
            )
        )
    return fixtures


def corpora_config(fixtures: list[Fixture], base_url: str) -> dict[str, dict]:
    """A `corpora:` config section that downloads the fixtures from `base_url`, each pinned by
    every checksum its kind of download takes: a file's SHA-256 (and its git blob id where the
    paper config pins the real file by one), an archive's git tree id (never the bytes of an
    archive, which GitHub does not keep stable)."""
    section = {}
    for fixture in fixtures:
        entry: dict = {"source": base_url.rstrip("/") + fixture.url_path}
        if fixture.git_tree_sha1:
            entry["git_tree_sha1"] = fixture.git_tree_sha1
        else:
            entry["sha256"] = fixture.sha256
            if PAPER_CORPORA[fixture.corpus].get("git_blob_sha1"):
                entry["git_blob_sha1"] = fixture.git_blob_sha1
        if fixture.archive_subdir:
            entry["archive_subdir"] = fixture.archive_subdir
        section[fixture.corpus] = entry
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder to write (the fixture hub's root)")
    parser.add_argument("--base-url", help="also print a corpora: config block for this server")
    parser.add_argument("--json", action="store_true", help="print the descriptions as JSON")
    args = parser.parse_args(argv)
    fixtures = write(args.out)
    if args.json:
        print(json.dumps([asdict(f) | {"url_path": f.url_path} for f in fixtures], indent=2))
    else:
        for f in fixtures:
            print(f"{f.sha256}  {f.size:8d} B  {f.records:4d}  {f.corpus:20s} {f.url_path}")
    if args.base_url:
        block = {"corpora": corpora_config(fixtures, args.base_url)}
        print(yaml.safe_dump(block, sort_keys=False, width=200), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
