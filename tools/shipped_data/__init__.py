"""Deterministic writer for the small shipped data set under ``data/``.

This is a project tool, not part of the installed ``instructgen`` package: the pipeline only
reads the committed files. One module per corpus written (``wikipedia``, ``c4``,
``self_instruct``, ``superni``, ``dolly``, ``longform``, ``judged_sets``), the invented names
they share in ``world`` and small helpers in ``common``.

The offline default pipeline trains tiny models on a 2-core CPU, so it needs a
small corpus and small instruction sets that look like the real public ones
(Wikipedia, C4, Self-Instruct seeds, Super-NaturalInstructions, Dolly,
LongForm) without containing any of their text.  Everything here is written
by this project: passages are composed from hand-written building blocks about
invented towns, rivers, species, people, crafts and products, and every task
answer is either hand-written or computed from the same table that produced
the question, so answers are correct by construction.

Regenerate with ``python -m tools.shipped_data data/``.  The output is
byte-for-byte reproducible: each section draws from its own seeded
``random.Random`` so editing one section does not reshuffle the others, and no
set or dict iteration order (hash seeds) ever reaches the output.  The
Wikipedia and C4 passages share one line registry, so they are composed in that
order.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tools.shipped_data.c4 import build_c4
from tools.shipped_data.common import LineRegistry, word_count
from tools.shipped_data.dolly import build_dolly
from tools.shipped_data.judged_sets import build_user_oriented, build_vicuna_questions
from tools.shipped_data.longform import build_longform, build_longform_train
from tools.shipped_data.readme import readme_text
from tools.shipped_data.self_instruct import build_seed_tasks
from tools.shipped_data.superni import build_superni
from tools.shipped_data.wikipedia import build_wiki_articles, wiki_records

N_WIKI = 240
N_C4 = 160


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n" keeps LF endings on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    _write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


def main(out_dir: str) -> dict[str, int]:
    """Write every shipped file under ``out_dir``; return counts per file."""
    out = Path(out_dir)
    registry = LineRegistry()
    counts: dict[str, int] = {}

    articles = build_wiki_articles(1001, registry, n_target=10_000)
    if len(articles) < N_WIKI + 8:
        raise RuntimeError(f"only {len(articles)} encyclopedia articles composed")
    # Hold out the last eight long-enough articles for LongForm so its test
    # items never appear in the training corpus.
    long_idx = [i for i, a in enumerate(articles) if word_count(a.text()) >= 80][-8:]
    spare_articles = [articles[i] for i in long_idx]
    corpus_articles = [a for i, a in enumerate(articles) if i not in long_idx][:N_WIKI]
    counts["corpus/wikipedia.jsonl"] = _write_jsonl(
        out / "corpus" / "wikipedia.jsonl", wiki_records(corpus_articles)
    )
    counts["corpus/c4.jsonl"] = _write_jsonl(
        out / "corpus" / "c4.jsonl", build_c4(2002, registry, N_C4)
    )
    counts["self_instruct/seed_tasks.jsonl"] = _write_jsonl(
        out / "self_instruct" / "seed_tasks.jsonl", build_seed_tasks()
    )

    test, train = build_superni()
    for name, task in test + train:
        _write_text(
            out / "superni" / "tasks" / f"{name}.json",
            json.dumps(task, indent=4, ensure_ascii=False) + "\n",
        )
        counts[f"superni/tasks/{name}.json"] = len(task["Instances"])
    _write_text(out / "superni" / "splits" / "test_tasks.txt", "".join(n + "\n" for n, _ in test))
    _write_text(out / "superni" / "splits" / "train_tasks.txt", "".join(n + "\n" for n, _ in train))
    counts["superni/splits/test_tasks.txt"] = len(test)
    counts["superni/splits/train_tasks.txt"] = len(train)

    dolly = build_dolly(corpus_articles, random.Random(3003))
    counts["dolly/dolly.jsonl"] = _write_jsonl(out / "dolly" / "dolly.jsonl", dolly)
    # Stand-in for Self-Instruct's GPT-3 generations (REFINE-AF Fig. 5's reference set), in the
    # format of its all_instances_82K.jsonl: the shipped Dolly-style records, reshaped.
    counts["self_instruct/gpt3_generations.jsonl"] = _write_jsonl(
        out / "self_instruct" / "gpt3_generations.jsonl",
        [
            {"instruction": r["instruction"], "input": r["context"], "output": r["response"]}
            for r in dolly
        ],
    )
    counts["longform/test.jsonl"] = _write_jsonl(
        out / "longform" / "test.jsonl", build_longform(spare_articles)
    )
    counts["longform/train.jsonl"] = _write_jsonl(
        out / "longform" / "train.jsonl", build_longform_train(corpus_articles)
    )

    # The sets paper 1 (Fig. 4) and REFINE-AF (Fig. 6) evaluate with judges; evaluation only.
    counts["vicuna/question.jsonl"] = _write_jsonl(
        out / "vicuna" / "question.jsonl", build_vicuna_questions()
    )
    counts["self_instruct/user_oriented_instructions.jsonl"] = _write_jsonl(
        out / "self_instruct" / "user_oriented_instructions.jsonl", build_user_oriented()
    )

    _write_text(out / "README.md", readme_text(counts))
    return counts
