"""Track A ("David against Goliath"): reverse instruction generation from corpus fragments.

1. `generator_pairs`: existing instruction data turned into output -> instruction pairs in a
   Table 9 (LongForm) or Table 7 (Alpaca) format, to fine-tune a generator on (section 2.5).
2. `candidates_for`: k instructions per fragment by nucleus sampling from that generator.
3. `perplexities_for`: PPL(fragment | candidate) under a filter model (section 3.1).
4. `build_dataset`: the arg-min candidate per fragment (or the first, unfiltered) as an
   instruction dataset with provenance and a card; `combine` unions datasets (Table 2).

Steps 2 and 3 run as shards (separate jobs) checkpointed under results/.resume/; the merge puts
items back in fragment order, so the result does not depend on the shard count.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Sequence
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_jsonl, write_json, write_jsonl
from instructgen.resume import ResumeLog, fingerprint, model_fingerprint
from instructgen.stats import length_stats
from instructgen.templates import generator_prompt, generator_target

LOG = logging.getLogger(__name__)
# torch (via instructgen.generation/perplexity) is imported only where a model runs, so the merge
# and dataset jobs start in a fraction of a second.

# Which prepared instruction data (rules/corpora.smk) each generator training source draws on.
SOURCE_FILES = {
    "seed": ("self_instruct_seeds",),
    "dolly": ("dolly",),
    "superni": ("superni_train",),
    "dolly_superni": ("dolly", "superni_train"),
}
FRAGMENT_KEYS = ("id", "passage_id", "corpus", "source", "strategy", "text")


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- 1. generator training data ---------------------------------------------------------------


def reverse_instruction(record: dict[str, Any]) -> str:
    """What the generator learns to write: the instruction with its input, on one line (the
    generated datasets have no separate input field, and candidates are cut at the first line)."""
    return one_line(f"{record['instruction']} {record.get('input', '')}")


def generator_pairs(
    records_by_file: dict[str, list[dict[str, Any]]],
    source: str,
    fmt: str,
    size: int,
    seed: int,
) -> list[dict[str, Any]]:
    """A seeded sample of `size` records of the source as (prompt, target) training pairs."""
    pool = [r for name in SOURCE_FILES[source] for r in records_by_file[name]]
    pool = [r for r in pool if r["output"].strip() and reverse_instruction(r)]
    if len(pool) < size:
        LOG.warning(
            "source %s has %d usable records, fewer than %d: using all", source, len(pool), size
        )
    chosen = random.Random(f"{seed}:generator-data:{source}").sample(pool, min(size, len(pool)))
    return [
        {
            "id": r["id"],
            "source": source,
            "format": fmt,
            "instruction": reverse_instruction(r),
            "output": r["output"],
            "prompt": generator_prompt(r["output"], fmt),
            "target": generator_target(reverse_instruction(r), fmt),
        }
        for r in chosen
    ]


def main_generator_data(
    instruction_files: dict[str, str], generator: str, size: int, seed: int, out_path: str
) -> int:
    source, fmt = generator.rsplit("-", 1)
    records = {
        name: read_jsonl(path, ["id", "instruction", "output"])
        for name, path in instruction_files.items()
    }
    pairs = generator_pairs(records, source, fmt, size, seed)
    if not pairs:
        raise InputError(", ".join(instruction_files.values()), f"no usable records for {source}")
    LOG.info("%d %s pairs in the %s format", len(pairs), source, fmt)
    return write_jsonl(out_path, pairs)


def main_train_generator(
    data_path: str,
    generator: str,
    model_spec: dict[str, Any],
    recipe: dict[str, Any],
    max_seq_len: int,
    seed: int,
    out_dir: str,
    resume_dir: str,
) -> None:
    from instructgen.training import finetune

    records = read_jsonl(data_path, ["prompt", "target"])
    if not records:
        raise InputError(data_path, "no training pairs")
    source, fmt = generator.rsplit("-", 1)
    finetune(
        model_spec,
        [(r["prompt"], r["target"]) for r in records],
        recipe,
        out_dir,
        resume_dir,
        seed=seed,
        max_seq_len=max_seq_len,
        card={
            "title": f"Reverse instruction generator {generator}",
            "generator": generator,
            "training_source": source,
            "format": fmt,
            "data": data_path,
            "base_model": model_spec["source"],
            "max_seq_len": max_seq_len,
        },
    )


# -- 2. candidate instructions ----------------------------------------------------------------


def clean_candidate(text: str) -> str:
    """The first line, stripped. An empty result is kept (and counted), not resampled, so the
    k candidates of a fragment stay aligned with their random streams."""
    return text.split("\n", 1)[0].strip()


def sampling_params(settings: dict[str, Any]):
    from instructgen.generation import SamplingParams

    return SamplingParams(
        max_new_tokens=settings["max_new_tokens"],
        do_sample=True,
        temperature=settings["temperature"],
        top_p=settings["top_p"],
        top_k=settings["top_k"],
        num_return_sequences=settings["k"],
    )


def candidates_for(
    model,
    tokenizer,
    fragments: Sequence[dict[str, Any]],
    fmt: str,
    settings: dict[str, Any],
    seed: int,
    shard: int,
    num_shards: int,
    resume: ResumeLog | None = None,
) -> list[dict[str, Any]]:
    """This shard's fragments with k raw samples each, resumed from and checkpointed to `resume`."""
    from instructgen.generation import generate

    done = generate(
        model,
        tokenizer,
        [generator_prompt(f["text"], fmt) for f in fragments],
        sampling_params(settings),
        keys=[f["id"] for f in fragments],
        seed=seed,
        batch_size=settings["batch_size"],
        shard=shard,
        num_shards=num_shards,
        resume=resume,
        desc=f"candidates shard {shard + 1}/{num_shards}",
    )
    return [
        {
            "fragment_id": fragments[i]["id"],
            "candidates": [clean_candidate(t) for t in done[i]],
            "raw": done[i],
        }
        for i in sorted(done)
    ]


def main_candidates(
    fragments_path: str,
    generator: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    seed: int,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    if not fragments:
        raise InputError(fragments_path, "no fragments")
    from instructgen.generation import load_generator

    fmt = generator.rsplit("-", 1)[1]
    model, tokenizer = load_generator(model_spec, device)
    resume = ResumeLog(
        resume_path,
        fingerprint(
            "candidates",
            [f["id"] + "\0" + f["text"] for f in fragments],
            model_fingerprint(model_spec["source"]),
            fmt,
            settings,
            seed,
            shard,
            num_shards,
        ),
    )
    records = candidates_for(
        model, tokenizer, fragments, fmt, settings, seed, shard, num_shards, resume
    )
    count = write_jsonl(out_path, records)
    resume.remove()
    return count


def merge_shards(
    shard_paths: Sequence[str], order: Sequence[Any], key, required: Sequence[str]
) -> list[dict[str, Any]]:
    """Shard records put back in `order` (a list of keys); every key must occur exactly once."""
    by_key: dict[Any, dict[str, Any]] = {}
    for path in shard_paths:
        for record in read_jsonl(path, required):
            k = key(record)
            if k in by_key:
                raise InputError(path, f"{k!r} appears in more than one shard")
            by_key[k] = record
    missing = [k for k in order if k not in by_key]
    if missing or len(by_key) != len(order):
        raise InputError(
            shard_paths[0],
            f"shards cover {len(by_key)} items, expected {len(order)} (missing e.g. {missing[:1]})",
        )
    return [by_key[k] for k in order]


def main_merge_candidates(fragments_path: str, shard_paths: Sequence[str], out_path: str) -> int:
    fragments = read_jsonl(fragments_path, ["id"])
    records = merge_shards(
        shard_paths, [f["id"] for f in fragments], lambda r: r["fragment_id"], ["fragment_id"]
    )
    empty = sum(c == "" for r in records for c in r["candidates"])
    total = sum(len(r["candidates"]) for r in records)
    LOG.info("%d of %d candidates are empty after cleaning", empty, total)
    return write_jsonl(out_path, records)


# -- 3. perplexity filter ---------------------------------------------------------------------


def scoring_pairs(
    fragments: Sequence[dict[str, Any]], candidates: Sequence[dict[str, Any]]
) -> list[tuple[str, str, str]]:
    """Unique (fragment id, instruction, fragment text) to score, in fragment and candidate
    order; empty candidates are not scored and duplicates are scored once."""
    text = {f["id"]: f["text"] for f in fragments}
    pairs: dict[tuple[str, str], str] = {}
    for record in candidates:
        for instruction in record["candidates"]:
            if instruction:
                pairs.setdefault((record["fragment_id"], instruction), text[record["fragment_id"]])
    return [(fid, instruction, output) for (fid, instruction), output in pairs.items()]


def perplexities_for(
    model,
    tokenizer,
    pairs: Sequence[tuple[str, str, str]],
    batch_size: int,
    shard: int,
    num_shards: int,
    resume: ResumeLog | None = None,
) -> list[dict[str, Any]]:
    """This shard's pairs with their perplexity, resumed from and checkpointed to `resume`."""
    from instructgen.perplexity import score_pairs

    done = dict(resume.done) if resume else {}
    scores = score_pairs(
        model,
        tokenizer,
        [p[1] for p in pairs],
        [p[2] for p in pairs],
        batch_size=batch_size,
        shard=shard,
        num_shards=num_shards,
        on_batch=(lambda b, v: resume.append(zip(b, v, strict=True))) if resume else None,
        skip=set(done),
        desc=f"perplexity shard {shard + 1}/{num_shards}",
    )
    done.update(scores)
    return [
        {"fragment_id": pairs[i][0], "instruction": pairs[i][1], "perplexity": done[i]}
        for i in sorted(done)
    ]


def main_score(
    fragments_path: str,
    candidates_path: str,
    model_spec: dict[str, Any],
    settings: dict[str, Any],
    device: str,
    shard: int,
    num_shards: int,
    out_path: str,
    resume_path: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    pairs = scoring_pairs(fragments, candidates)
    from instructgen.generation import load_generator

    # Perplexity needs the model's own forward pass, whatever backend generates text.
    model, tokenizer = load_generator(model_spec, device, backend="transformers")
    resume = ResumeLog(
        resume_path,
        fingerprint(
            "perplexity",
            pairs,
            model_fingerprint(model_spec["source"], model_spec.get("revision")),
            settings["batch_size"],
            shard,
            num_shards,
        ),
    )
    records = perplexities_for(
        model, tokenizer, pairs, settings["batch_size"], shard, num_shards, resume
    )
    count = write_jsonl(out_path, records)
    resume.remove()
    return count


def main_merge_scores(
    fragments_path: str, candidates_path: str, shard_paths: Sequence[str], out_path: str
) -> int:
    fragments = read_jsonl(fragments_path, ["id", "text"])
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    order = [(fid, instruction) for fid, instruction, _ in scoring_pairs(fragments, candidates)]
    records = merge_shards(
        shard_paths,
        order,
        lambda r: (r["fragment_id"], r["instruction"]),
        ["fragment_id", "instruction", "perplexity"],
    )
    return write_jsonl(out_path, records)


# -- 4. datasets ------------------------------------------------------------------------------


def seeded_order(ids: Sequence[str], seed: int) -> list[str]:
    """A fixed shuffle of fragment ids; size N takes its first N, so smaller sets nest."""
    order = list(ids)
    random.Random(f"{seed}:dataset-order").shuffle(order)
    return order


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def select_instructions(
    candidates: Sequence[dict[str, Any]],
    scores: dict[tuple[str, str], float] | None,
) -> dict[str, tuple[int | None, list[dict[str, Any]]]]:
    """Per fragment: (chosen candidate index or None, candidates with perplexities).

    With scores, the arg-min perplexity among non-empty candidates (section 3.1); without
    (filter "none"), the first non-empty candidate, i.e. one sample per fragment."""
    from instructgen.perplexity import choose

    chosen = {}
    for record in candidates:
        fid = record["fragment_id"]
        listed = []
        for instruction in record["candidates"]:
            ppl = scores.get((fid, instruction)) if scores is not None and instruction else None
            listed.append({"instruction": instruction, "perplexity": _finite(ppl)})
        if scores is None:
            index = next((i for i, c in enumerate(listed) if c["instruction"]), None)
        else:
            index = choose([c["perplexity"] if c["instruction"] else None for c in listed])
        chosen[fid] = (index, listed)
    return chosen


def build_dataset(
    fragments: Sequence[dict[str, Any]],
    candidates: Sequence[dict[str, Any]],
    scores: dict[tuple[str, str], float] | None,
    generator: str,
    filter_ref: str,
    size: str,
    seed: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Records of the dataset (fragment order) and its counts."""
    by_id = {f["id"]: f for f in fragments}
    unknown = [r["fragment_id"] for r in candidates if r["fragment_id"] not in by_id]
    if unknown:
        raise InputError("candidates", f"fragment {unknown[0]!r} is not in the fragment set")
    chosen = select_instructions(candidates, scores)
    usable = [fid for fid in seeded_order(list(chosen), seed) if chosen[fid][0] is not None]
    wanted = len(usable) if size == "all" else int(size)
    if wanted > len(usable):
        LOG.warning(
            "size %s asked for, but only %d fragments have an instruction", size, len(usable)
        )
    keep = set(usable[:wanted])
    records = []
    for record in candidates:
        fid = record["fragment_id"]
        if fid not in keep:
            continue
        index, listed = chosen[fid]
        fragment = by_id[fid]
        records.append(
            {
                "id": fid,
                "instruction": listed[index]["instruction"],
                "input": "",
                "output": fragment["text"],
                "provenance": {
                    "fragment_id": fid,
                    "passage_id": fragment["passage_id"],
                    "corpus": fragment["corpus"],
                    "strategy": fragment["strategy"],
                    "source": fragment["source"],
                    "generator": generator,
                    "filter": filter_ref,
                    "chosen_index": index,
                    "candidates": listed,
                },
            }
        )
    counts = {
        "fragments": len(candidates),
        "candidates": sum(len(r["candidates"]) for r in candidates),
        "empty_candidates": sum(c == "" for r in candidates for c in r["candidates"]),
        "fragments_without_instruction": len(candidates) - len(usable),
        "requested_size": size,
        "records": len(records),
    }
    return records, counts


def dataset_card(records: Sequence[dict[str, Any]], counts: dict[str, Any], **extra: Any):
    chosen = [
        r["provenance"]["candidates"][r["provenance"]["chosen_index"]]["perplexity"]
        for r in records
        if "candidates" in r["provenance"]
    ]
    chosen = [p for p in chosen if p is not None]
    return {
        "counts": counts,
        "instruction_length": length_stats(r["instruction"] for r in records),
        "output_length": length_stats(r["output"] for r in records),
        "chosen_perplexity_mean": sum(chosen) / len(chosen) if chosen else None,
        **extra,
    }


def card_path(dataset_path: str) -> str:
    return dataset_path[: -len(".jsonl")] + ".card.json"


def main_dataset(
    fragments_path: str,
    candidates_path: str,
    scores_path: str | None,
    dataset_id: str,
    generator: str,
    filter_ref: str,
    size: str,
    settings: dict[str, Any],
    seed: int,
    out_path: str,
    out_card: str,
) -> int:
    fragments = read_jsonl(fragments_path, FRAGMENT_KEYS)
    candidates = read_jsonl(candidates_path, ["fragment_id", "candidates"])
    scores = None
    if scores_path:
        scores = {
            (r["fragment_id"], r["instruction"]): r["perplexity"]
            for r in read_jsonl(scores_path, ["fragment_id", "instruction", "perplexity"])
        }
    records, counts = build_dataset(
        fragments, candidates, scores, generator, filter_ref, size, seed
    )
    if not records:
        raise InputError(candidates_path, "no fragment has a usable instruction: dataset is empty")
    count = write_jsonl(out_path, records)
    write_json(
        out_card,
        dataset_card(
            records,
            counts,
            dataset=dataset_id,
            generator=generator,
            filter=filter_ref,
            size=size,
            seed=seed,
            config=settings,
            inputs={
                "fragments": fragments_path,
                "candidates": candidates_path,
                "scores": scores_path,
            },
        ),
    )
    return count


def main_combine(
    part_paths: Sequence[str],
    part_ids: Sequence[str],
    name: str,
    seed: int,
    out_path: str,
    out_card: str,
) -> int:
    """Table 2's last row: generated datasets concatenated (each record keeps its provenance)."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in part_paths:
        for record in read_jsonl(path, ["id", "instruction", "input", "output"]):
            if record["id"] in seen:
                raise InputError(path, f"record {record['id']!r} is also in an earlier part")
            seen.add(record["id"])
            records.append(record)
    count = write_jsonl(out_path, records)
    write_json(
        out_card,
        dataset_card(
            records,
            {
                "records": count,
                "parts": {
                    p: sum(1 for _ in read_jsonl(path))
                    for p, path in zip(part_ids, part_paths, strict=True)
                },
            },
            dataset=f"combined/{name}",
            parts=list(part_ids),
            seed=seed,
        ),
    )
    return count
