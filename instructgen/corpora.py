"""From raw sources to the pipeline's normalised corpora.

`fetch_source` serves both configs: it copies a shipped file or folder, or downloads a URL and
verifies its pinned SHA-256 before anything reads it. The other functions sample and normalise.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import tarfile
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from instructgen import loaders
from instructgen.errors import InputError
from instructgen.io import atomic_dir, sha256_file, write_jsonl

LOG = logging.getLogger(__name__)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def fetch_source(
    source: str,
    out_dir: str,
    sha256: str | None = None,
    revision: str | None = None,
    archive_subdir: str | None = None,
    allow_unpinned: bool = False,
) -> None:
    """Copy a local source, or download a URL, verify its checksum and unpack archives."""
    with atomic_dir(out_dir) as tmp:
        if re.match(r"^https?://", source):
            name = source.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
            target = tmp / name
            LOG.info("downloading %s (revision %s)", source, revision or "as in the URL")
            with urllib.request.urlopen(source, timeout=120) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            digest = sha256_file(target)
            if sha256 is None:
                if not allow_unpinned:
                    raise InputError(source, "no pinned sha256 for this download")
                LOG.warning(
                    "UNPINNED download %s has sha256 %s: pin it in the config", source, digest
                )
            elif digest != sha256:
                raise InputError(source, f"checksum mismatch: expected {sha256}, got {digest}")
            else:
                LOG.info("checksum verified: %s", digest)
            _unpack(target, tmp, archive_subdir)
        else:
            path = Path(source)
            if not path.exists():
                raise InputError(source, "source does not exist")
            if path.is_dir():
                shutil.copytree(path, tmp, dirs_exist_ok=True)
            else:
                if sha256 and sha256_file(path) != sha256:
                    raise InputError(source, "checksum mismatch")
                shutil.copy2(path, tmp / path.name)


def _unpack(archive: Path, into: Path, subdir: str | None) -> None:
    name = archive.name
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="data")
    elif name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise InputError(str(archive), f"unsafe path in archive: {member}")
            zf.extractall(into)
    else:
        return
    archive.unlink()
    if subdir:
        matches = [p for p in into.rglob(subdir) if p.is_dir()]
        if not matches:
            raise InputError(str(archive), f"archive has no folder {subdir}")


def _clip_words(text: str, max_words: int) -> str:
    """Cut at the last sentence end within max_words so passages stay well-formed."""
    words = text.split()
    if len(words) <= max_words:
        return " ".join(text.split())
    kept: list[str] = []
    for sentence in SENTENCE_END.split(" ".join(words)):
        if len(kept) + len(sentence.split()) > max_words:
            break
        kept.extend(sentence.split())
    return " ".join(kept or words[:max_words])


def sample_passages(
    wikipedia_dir: str,
    c4_dir: str,
    n_wikipedia: int,
    n_c4: int,
    min_words: int,
    max_words: int,
    seed: int,
    out_path: str,
) -> int:
    """Paper 1's unsupervised corpus: seeded samples of Wikipedia and C4 passages."""
    rng = random.Random(seed)
    sampled = []
    for directory, source, count in (
        (wikipedia_dir, "wikipedia", n_wikipedia),
        (c4_dir, "c4", n_c4),
    ):
        passages = [
            p
            for p in loaders.load_passages(directory, source)
            if len(p["text"].split()) >= min_words
        ]
        if count > len(passages):
            LOG.warning(
                "%s: asked for %d passages, only %d long enough", source, count, len(passages)
            )
        chosen = sorted(rng.sample(range(len(passages)), min(count, len(passages))))
        for index in chosen:
            passage = dict(passages[index])
            passage["text"] = _clip_words(passage["text"], max_words)
            sampled.append(passage)
    if not sampled:
        raise InputError(
            out_path, "the unsupervised corpus came out empty (check min_words and the sources)"
        )
    return write_jsonl(out_path, sampled)


def build_supervised_corpus(superni_dir: str, count: int, seed: int, out_path: str) -> int:
    """Paper 1's supervised corpus: outputs of Super-NI training-task instances as fragments."""
    rng = random.Random(seed)
    pool = []
    for name, task in loaders.load_superni_split(superni_dir, "train"):
        for instance in task["Instances"]:
            output = loaders.outputs_of(instance)[0].strip()
            if output:
                pool.append(
                    {
                        "id": instance.get("id", f"{name}-{len(pool)}"),
                        "source": "superni",
                        "title": name,
                        "text": output,
                    }
                )
    if not pool:
        raise InputError(superni_dir, "no non-empty outputs in the training tasks")
    chosen = sorted(rng.sample(range(len(pool)), min(count, len(pool))))
    return write_jsonl(out_path, [pool[i] for i in chosen])


def instruction_records(name: str, source_dir: str) -> list[dict[str, Any]]:
    """Existing instruction datasets as {id, instruction, input, output, source}."""
    records = []
    if name == "superni_train":
        for task_name, task in loaders.load_superni_split(source_dir, "train"):
            for index, instance in enumerate(task["Instances"]):
                records.append(
                    {
                        "id": instance.get("id", f"{task_name}-{index}"),
                        "instruction": task["Definition"],
                        "input": instance["input"],
                        "output": loaders.outputs_of(instance)[0],
                        "source": f"superni:{task_name}",
                    }
                )
    elif name == "dolly":
        for index, record in enumerate(loaders.load_dolly(source_dir)):
            records.append(
                {
                    "id": f"dolly-{index}",
                    "instruction": record["instruction"],
                    "input": record.get("context", "") or "",
                    "output": record["response"],
                    "source": f"dolly:{record.get('category', '')}",
                }
            )
    elif name == "self_instruct_seeds":
        for seed_task in loaders.load_self_instruct_seeds(source_dir):
            for index, instance in enumerate(seed_task["instances"]):
                records.append(
                    {
                        "id": f"{seed_task.get('id', seed_task.get('name'))}-{index}",
                        "instruction": seed_task["instruction"],
                        "input": instance.get("input", ""),
                        "output": instance["output"],
                        "source": "self_instruct_seed",
                    }
                )
    elif name == "longform":
        for index, record in enumerate(loaders.load_longform(source_dir)):
            records.append(
                {
                    "id": f"longform-{index}",
                    "instruction": record["input"],
                    "input": "",
                    "output": record["output"],
                    "source": f"longform:{record.get('source', '')}",
                }
            )
    else:
        raise ValueError(f"unknown instruction dataset {name!r}")
    return records


def superni_test_items(superni_dir: str, max_per_task: int) -> list[dict[str, Any]]:
    """The official test split's tasks, first N instances each, with definitions and categories."""
    items = []
    for name, task in loaders.load_superni_split(superni_dir, "test"):
        for instance in task["Instances"][:max_per_task]:
            items.append(
                {
                    "id": instance["id"],
                    "task": name,
                    "category": task["Categories"][0],
                    "definition": task["Definition"],
                    "input": instance["input"],
                    "references": loaders.outputs_of(instance),
                }
            )
    return items


def main_instruction_data(name: str, source_dir: str, out_path: str) -> int:
    records = instruction_records(name, source_dir)
    if not records:
        raise InputError(source_dir, f"{name}: no instruction records")
    return write_jsonl(out_path, records)


def main_superni_test(superni_dir: str, max_per_task: int, out_path: str) -> int:
    return write_jsonl(out_path, superni_test_items(superni_dir, max_per_task))


def main_longform_test(longform_dir: str, max_items: int, out_path: str) -> int:
    items = [
        {
            "id": f"longform-{i}",
            "instruction": r["input"],
            "reference": r["output"],
            "source": r.get("source", ""),
        }
        for i, r in enumerate(loaders.load_longform(longform_dir)[:max_items])
    ]
    return write_jsonl(out_path, items)
