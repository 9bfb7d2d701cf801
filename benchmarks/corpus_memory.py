"""Peak memory of the submit host's corpus step on a Wikipedia-format parquet file of about
1 GB: the pipeline's streaming sample (rule sample_passages, `instructgen.corpora.passages`)
against the reference, reading the table whole (`pyarrow.parquet.read_table(...).to_pylist()`,
what the reader did before), each in a process of its own, measured in the same run.

The file is generated here (Wikipedia's columns id, url, title, text; articles of random words,
row groups of 1,000 articles), so nothing is downloaded. The last line prints both peaks and
their ratio.

Usage: .venv/bin/python benchmarks/corpus_memory.py [--gigabytes 1.0] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, write_json

STREAMING = """
import sys
from instructgen.corpora.passages import main
from instructgen.settings import PassageSample
main(wikipedia_dir=sys.argv[1], c4_dir=sys.argv[2], settings=PassageSample(9000, 100, 20, 400, 42),
     out_path=sys.argv[3])
"""
WHOLE = """
import sys
import pyarrow.parquet as pq
rows = pq.read_table(sys.argv[1]).to_pylist()
print(len(rows))
"""


def write_parquet(path: Path, gigabytes: float) -> int:
    """Random-word articles in Wikipedia's columns until the text reaches `gigabytes`."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(0)
    vocabulary = np.array([f"w{i}{'x' * (i % 7)}" for i in range(20000)])
    target, written, article = gigabytes * 2**30, 0, 0
    writer = None
    while written < target:
        words = rng.choice(vocabulary, size=(1000, 1500))
        texts = [" ".join(row) for row in words]
        ids = [str(article + i) for i in range(len(texts))]
        table = pa.table(
            {
                "id": ids,
                "url": [f"https://en.wikipedia.org/wiki?curid={i}" for i in ids],
                "title": [f"Article {i}" for i in ids],
                "text": texts,
            }
        )
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=1000)
        written += sum(len(t) for t in texts)
        article += len(texts)
    writer.close()
    return article


def peak_rss_mib(code: str, *args: str) -> float:
    """The peak resident memory of `code` run in a fresh Python process, in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        raise SystemExit("the child's peak was not above an earlier child's: run one per process")
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parquet = Path(tmp) / "train-00000-of-00041.parquet"
        articles = write_parquet(parquet, args.gigabytes)
        size_mib = parquet.stat().st_size / 2**20
        c4 = REPO / "data/corpus/c4.jsonl"
        # The streaming run first: RUSAGE_CHILDREN keeps the largest child so far.
        streaming = peak_rss_mib(STREAMING, str(parquet), str(c4), str(Path(tmp) / "out.jsonl"))
        whole = peak_rss_mib(WHOLE, str(parquet))
    record = {
        "articles": articles,
        "file_mib": round(size_mib),
        "streaming_peak_mib": round(streaming),
        "whole_table_peak_mib": round(whole),
        "ratio": round(whole / streaming, 1),
    }
    write_json(args.json, record)
    print(json.dumps(record))
    print(
        f"{size_mib:,.0f} MiB parquet ({articles:,} articles): sample_passages peaks at "
        f"{streaming:,.0f} MiB, reading the table whole at {whole:,.0f} MiB "
        f"({record['ratio']}x)"
    )


if __name__ == "__main__":
    main()
