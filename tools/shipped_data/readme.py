"""The ``README.md`` written next to the shipped data."""

from __future__ import annotations

README_TEMPLATE = """# Shipped data

Everything in this folder is written by `tools/shipped_data/` and is
committed so that the default pipeline runs offline. Do not edit these files
by hand; change the generator and regenerate:

```
python -m tools.shipped_data data/
```

The output is deterministic (fixed seeds, no clock or hash-order
dependence); `tests/test_shipped.py` regenerates it into a temporary folder
and checks that every file is byte-identical to the committed copy.

All passages, tasks and answers were written for this project. Towns, rivers,
species, people, crafts, festivals, products and shops are invented; the
files only follow the *formats* of the public data sets named below, and
contain none of their text. URLs point at the reserved `.invalid` top-level
domain so they can never resolve.

| File | Format of | Count |
|---|---|---|
{table}

Notes on each file:

- `corpus/wikipedia.jsonl`: encyclopedia-like passages with the fields of
  the Hugging Face `wikipedia` dataset (`id`, `url`, `title`, `text`);
  paragraphs are separated by a newline.
- `corpus/c4.jsonl`: web-like passages (product pages, how-to snippets,
  local news, forum replies, blog notes, recipes) with the fields of C4 `en`
  (`text`, `timestamp`, `url`).
- `self_instruct/seed_tasks.jsonl`: hand-written seed tasks in the
  Self-Instruct seed format; none mention images, pictures or graphs.
- `self_instruct/gpt3_generations.jsonl`: records in the format of
  Self-Instruct's published GPT-3 generations (`instruction`, `input`,
  `output`), here the Dolly-style records below reshaped: the reference set of
  REFINE-AF's Figure 5 in miniature.
- `superni/tasks/*.json`: tasks in the Super-NaturalInstructions task-file
  format. The twelve `task90xx` tasks cover the twelve evaluation categories
  of the official test split; the eight `task91xx` tasks cover other
  categories and are used for training. `superni/splits/` lists them.
- `dolly/dolly.jsonl`: records in the databricks-dolly-15k format;
  `context` is filled only for closed_qa, information_extraction and
  summarization, where it is a passage from `corpus/wikipedia.jsonl`.
- `longform/test.jsonl`: LongForm-format test items (`input`, `output`,
  `source`, `subset`). The Wikipedia and C4 items use passages that are not
  in the corpus, so the held-out test does not overlap the training corpus.
- `longform/train.jsonl`: LongForm-format train items, instructions written
  for corpus articles and the corpus how-to topics, as LongForm's train split
  is built; the baseline "+LongForm" trains on them, never on the test items.
- `vicuna/question.jsonl`: questions in the layout of FastChat's Vicuna
  benchmark (`question_id`, `category`, `turns` with one turn), in Vicuna's
  nine categories and their order, code and math included so that paper 1's
  filter (Fig. 4: code and math removed) has something to remove. Evaluated
  only, with a judge.
- `self_instruct/user_oriented_instructions.jsonl`: instructions in the
  layout of Self-Instruct's user-oriented evaluation set (`id`,
  `motivation_app`, `instruction`, one instance with `input` and `output`),
  some with an empty input; invented or generic app names. Evaluated only,
  with a judge (REFINE-AF Fig. 6); nothing trains on it.

## Licence

This data was written for the instructgen project and is dedicated to the
public domain under CC0 1.0 (the Super-NI style task files say so in their
`Instance License` field). It may be used, changed and redistributed without
restriction.
"""

# File -> (the public format it follows, unit of its count), in the README table's order.
FORMATS: dict[str, tuple[str, str]] = {
    "corpus/wikipedia.jsonl": ("Wikipedia (HF `wikipedia`)", "passages"),
    "corpus/c4.jsonl": ("C4 `en`", "passages"),
    "self_instruct/seed_tasks.jsonl": ("Self-Instruct seed tasks", "tasks"),
    "self_instruct/gpt3_generations.jsonl": ("Self-Instruct GPT-3 generations", "records"),
    "superni/splits/test_tasks.txt": ("Super-NI split (test)", "task names, 20 instances each"),
    "superni/splits/train_tasks.txt": (
        "Super-NI split (train)",
        "task names, 30 instances each",
    ),
    "dolly/dolly.jsonl": ("databricks-dolly-15k", "records"),
    "longform/test.jsonl": ("LongForm (test subset)", "items"),
    "longform/train.jsonl": ("LongForm (train subset)", "items"),
    "vicuna/question.jsonl": ("Vicuna benchmark questions (FastChat)", "questions"),
    "self_instruct/user_oriented_instructions.jsonl": (
        "Self-Instruct user-oriented instructions",
        "instructions",
    ),
}


def readme_text(counts: dict[str, int]) -> str:
    """The README, its table filled with the ``counts`` per file that ``main`` collected."""
    table = "\n".join(
        f"| `{path}` | {fmt} | {counts[path]} {unit} |" for path, (fmt, unit) in FORMATS.items()
    )
    return README_TEMPLATE.format(table=table)
