"""Corpus fixtures in each source's real download format, written from the shipped data.

`python tools/fixture_corpora.py --out DIR [--base-url URL]` writes, under DIR in the layout
tools/fixture_hub.py serves (so DIR is its --root), the files the paper config downloads:

| corpus | path under DIR (served at /<path>, files/ at /files/...) | format |
|---|---|---|
| wikipedia | datasets/wikimedia/wikipedia/main/20231101.en/train-00000-of-00041.parquet | parquet: id, url, title, text |
| c4 | datasets/allenai/c4/main/en/c4-train.00000-of-01024.json.gz | gzipped JSON lines: text, timestamp, url |
| superni | files/github.com/allenai/natural-instructions/archive/<commit>.tar.gz | GitHub archive: natural-instructions-<commit>/tasks/*.json, splits/default/{train,test}_tasks.txt |
| dolly | datasets/databricks/databricks-dolly-15k/main/databricks-dolly-15k.jsonl | JSON lines: instruction, context, response, category |
| longform_train, longform_test | datasets/akoksal/LongForm/main/data/{train,test}-00000-of-00001.parquet | parquet: input, output, source, subset |
| self_instruct_seeds | files/raw.githubusercontent.com/yizhongw/self-instruct/main/data/seed_tasks.jsonl | JSON lines |
| self_instruct_gpt3 | files/raw.githubusercontent.com/yizhongw/self-instruct/<commit>/data/gpt3_generations/batch_221203/all_instances_82K.jsonl | JSON lines: instruction, input, output |

The same bytes come out of every run (with the same pyarrow): gzip headers carry mtime 0 and
no name, tar members are sorted with fixed owner, modes and mtimes, parquet files are written
from Arrow tables with fixed row groups, and every file gets a fixed mtime. The script prints
each file's SHA-256 (and, with --base-url, a `corpora:` config block that pins them).

The text is this project's own (data/README.md); only the formats are the sources'.
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
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
# The commits the paper config names, so the fixture URLs have the real URLs' shape.
SUPERNI_COMMIT = "b00871c954282e35d14de77c546918ee8b9d90da"
SELF_INSTRUCT_COMMIT = "0b26ccaa415992100fa32df62d41b994cf928e23"
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
    revision: str | None = None
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


def build(
    superni_commit: str = SUPERNI_COMMIT, self_instruct_commit: str = SELF_INSTRUCT_COMMIT
) -> list[tuple[str, str, bytes, int, dict]]:
    """(corpus, path, bytes, record count, config extras) of every fixture file."""
    wikipedia = _jsonl_records(DATA / "corpus" / "wikipedia.jsonl")
    c4 = _jsonl_records(DATA / "corpus" / "c4.jsonl")
    dolly = DATA / "dolly" / "dolly.jsonl"
    seeds = DATA / "self_instruct" / "seed_tasks.jsonl"
    gpt3 = DATA / "self_instruct" / "gpt3_generations.jsonl"
    superni, n_tasks = _superni_files()
    longform = ["input", "output", "source", "subset"]
    raw = "files/raw.githubusercontent.com/yizhongw/self-instruct"
    return [
        (
            "wikipedia",
            "datasets/wikimedia/wikipedia/main/20231101.en/train-00000-of-00041.parquet",
            _parquet_bytes(wikipedia, ["id", "url", "title", "text"]),
            len(wikipedia),
            {"revision": "20231101.en"},
        ),
        (
            "c4",
            "datasets/allenai/c4/main/en/c4-train.00000-of-01024.json.gz",
            _gzip_bytes(
                _jsonl_bytes(
                    [{k: r[k] for k in ("text", "timestamp", "url")} for r in c4], compact=True
                )
            ),
            len(c4),
            {"revision": "en"},
        ),
        (
            "superni",
            f"files/github.com/allenai/natural-instructions/archive/{superni_commit}.tar.gz",
            _github_archive(superni_commit, superni, "natural-instructions"),
            n_tasks,
            {"revision": superni_commit, "archive_subdir": "tasks"},
        ),
        (
            "dolly",
            "datasets/databricks/databricks-dolly-15k/main/databricks-dolly-15k.jsonl",
            dolly.read_bytes(),
            len(_jsonl_records(dolly)),
            {"revision": "main"},
        ),
        (
            "longform_train",
            "datasets/akoksal/LongForm/main/data/train-00000-of-00001.parquet",
            _parquet_bytes(_jsonl_records(DATA / "longform" / "train.jsonl"), longform),
            len(_jsonl_records(DATA / "longform" / "train.jsonl")),
            {"revision": "main"},
        ),
        (
            "longform_test",
            "datasets/akoksal/LongForm/main/data/test-00000-of-00001.parquet",
            _parquet_bytes(_jsonl_records(DATA / "longform" / "test.jsonl"), longform),
            len(_jsonl_records(DATA / "longform" / "test.jsonl")),
            {"revision": "main"},
        ),
        (
            "self_instruct_seeds",
            f"{raw}/main/data/seed_tasks.jsonl",
            seeds.read_bytes(),
            len(_jsonl_records(seeds)),
            {},
        ),
        (
            "self_instruct_gpt3",
            f"{raw}/{self_instruct_commit}/data/gpt3_generations/batch_221203/all_instances_82K.jsonl",
            gpt3.read_bytes(),
            len(_jsonl_records(gpt3)),
            {"revision": self_instruct_commit},
        ),
    ]


def write(out_dir: str | os.PathLike, **commits: str) -> list[Fixture]:
    """Write every fixture under `out_dir` and describe each (path, SHA-256, records)."""
    out = Path(out_dir)
    fixtures = []
    for corpus, path, data, records, extras in build(**commits):
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
                **extras,
            )
        )
    return fixtures


def corpora_config(fixtures: list[Fixture], base_url: str) -> dict[str, dict]:
    """A `corpora:` config section that downloads the fixtures from `base_url`, each pinned
    as the paper config pins its source (the GPT-3 file by its git blob SHA-1)."""
    section = {}
    for fixture in fixtures:
        entry: dict = {"source": base_url.rstrip("/") + fixture.url_path}
        if fixture.revision:
            entry["revision"] = fixture.revision
        if fixture.corpus == "self_instruct_gpt3":
            entry["git_blob_sha1"] = fixture.git_blob_sha1
        else:
            entry["sha256"] = fixture.sha256
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
        import yaml

        block = {"corpora": corpora_config(fixtures, args.base_url)}
        print(yaml.safe_dump(block, sort_keys=False, width=200), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
