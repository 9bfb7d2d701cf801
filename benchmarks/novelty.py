"""Benchmark the ROUGE-L novelty filter against the reference method.

Reference (as Stanford Alpaca does it, minus its process pool): tokenise all
instructions once with rouge_score's tokenizer, then for each candidate compute
``rouge_scorer._score_lcs`` against every pool member, in order; a kept
candidate joins the pool.  The decision uses the project's exact tie rule
(reject iff 2·LCS/(|a|+|b|) >= 0.7, compared in integers, with LCS recovered
from the score) rather than Alpaca's float ``> 0.7``; the cost being timed is
the LCS scoring, which is the same either way.

Both methods are timed on the SAME candidates against the same pool (a pool
that was itself bootstrapped with the filter, so its members are mutually
novel, as in a real run) and must agree on every decision; filter_novel's
throughput is then measured on many more candidates.

Usage: .venv/bin/python benchmarks/novelty.py [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from instructgen.novelty import NoveltyPool, filter_novel, tokenize  # noqa: E402

THRESHOLD = 0.7
SEED = 20240607

# A few hundred words, grouped by the template slot they fill.
WORDS = {
    "verb": (
        "write compose draft create generate produce describe explain summarize outline "
        "list suggest propose design plan evaluate compare analyze classify rewrite "
        "translate edit improve critique identify"
    ).split(),
    "adj": (
        "short long funny serious formal casual persuasive detailed brief creative simple "
        "technical friendly professional emotional inspiring humorous concise vivid "
        "clear polite dramatic mysterious optimistic critical balanced playful"
    ).split(),
    "format": (
        "poem story essay email letter tweet summary speech slogan haiku limerick "
        "review report blog post dialogue recipe list guide tutorial headline "
        "description proposal memo riddle joke song"
    ).split(),
    "subject": [
        "climate change",
        "artificial intelligence",
        "the ocean",
        "friendship",
        "a rainy day",
        "coffee",
        "remote work",
        "the moon",
        "ancient rome",
        "electric cars",
        "gardening",
        "social media",
        "time travel",
        "a lost cat",
        "healthy eating",
        "the stock market",
        "renewable energy",
        "space exploration",
        "a haunted house",
        "quantum computing",
        "the olympics",
        "volcanoes",
        "machine learning",
        "a small town",
        "honeybees",
        "cybersecurity",
        "the human brain",
        "jazz music",
        "mountain climbing",
        "chess",
        "a job interview",
        "recycling",
        "dinosaurs",
        "photography",
        "the internet",
        "a birthday party",
        "black holes",
        "meditation",
        "a rainforest",
        "public transport",
        "video games",
        "chocolate",
        "a first date",
        "the french revolution",
        "online privacy",
        "urban farming",
        "sleep habits",
        "a robot chef",
        "deep sea creatures",
        "the printing press",
    ],
    "modifier": (
        "modern ancient local global urban rural digital early future hidden everyday "
        "sustainable forgotten popular rare competitive traditional experimental affordable "
        "invisible"
    ).split(),
    "aspect": (
        "history future economics ethics science psychology culture politics geography "
        "mathematics art design impact origins"
    ).split(),
    "place": (
        "japan|brazil|kenya|canada|norway|india|mexico|egypt|iceland|peru|antarctica|"
        "the arctic|europe|the desert|a village|a big city|the suburbs|outer space"
    ).split("|"),
    # Topics are phrases, so instructions vary in many positions, as real ones do.
    "topic": [
        "{subject}",
        "{subject}",
        "{modifier} {subject}",
        "the {aspect} of {subject}",
        "{subject} in {place}",
        "{modifier} {subject} in {place}",
        "the {aspect} of {modifier} {subject}",
        "{subject} and {subject}",
    ],
    "audience": (
        "children students teenagers engineers doctors teachers parents beginners "
        "experts tourists managers scientists customers investors retirees "
        "programmers artists nurses farmers athletes"
    ).split(),
    "noun": (
        "tips ideas reasons questions facts examples steps mistakes benefits risks "
        "strategies myths tools habits lessons arguments names titles challenges "
        "features"
    ).split(),
    "number": "two three four five six seven eight ten".split(),
    "lang": "french spanish german italian japanese chinese portuguese korean".split(),
    "tone": (
        "in a humorous tone|in plain language|in under fifty words|using bullet points|"
        "as a pirate would|with a surprising ending|for a general audience|"
        "without using jargon|in the style of shakespeare|in the second person|"
        "with one example|step by step"
    ).split("|"),
}

TEMPLATES = [
    "{verb} a {adj} {format} about {topic}.",
    "{verb} a {adj} {format} about {topic} for {audience}.",
    "{verb} a {format} about {topic} {tone}.",
    "Give {number} {noun} about {topic} for {audience}.",
    "List {number} {adj} {noun} related to {topic}.",
    "What are {number} common {noun} about {topic}?",
    "Explain {topic} to {audience} {tone}.",
    "How would you explain {topic} to {audience}?",
    "Translate the following {format} about {topic} into {lang}.",
    "Classify the following {format} as {adj} or {adj}.",
    "Rewrite this {format} about {topic} to make it more {adj}.",
    "Suggest {number} {adj} {noun} for a {format} on {topic}.",
    "Compare {topic} and {topic} {tone}.",
    "Summarize the main {noun} of {topic} in {number} sentences.",
    "Create a {adj} {format} that teaches {audience} about {topic}.",
    "Generate {number} {noun} a {adj} {format} about {topic} could include.",
    "Describe how {topic} affects {audience} {tone}.",
    "Identify the {noun} in this {format} about {topic}.",
    "Pretend you are one of the {audience} and {verb} a {format} about {topic}.",
    "Is {topic} more {adj} than {topic}? Explain your answer.",
    "Write a {format} in {lang} about {topic} for {audience}.",
    "Propose a {adj} plan to teach {audience} about {topic} {tone}.",
    "Write a {adj} {format} for {audience} explaining {topic} {tone}.",
    "Give {audience} {number} {adj} {noun} for learning about {topic}.",
    "Design a {adj} {format} on {topic} and {topic}.",
    "Why do {audience} find {topic} {adj}?",
    "Draft an email to {audience} about {topic} {tone}.",
    "Brainstorm {number} {noun} on {topic} for a {adj} {format}.",
    "Critique this {adj} {format} on {topic} written for {audience}.",
    "Turn {topic} into a {adj} {format} for {audience}.",
]


def make_instruction(rng: random.Random) -> str:
    out = rng.choice(TEMPLATES)
    # Fillers may contain slots themselves (topics), so expand until none is left.
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        slot = out[start + 1 : end]
        out = out[:start] + rng.choice(WORDS[slot]) + out[end + 1 :]
    return out[0].upper() + out[1:]


ALL_WORDS = sorted({w for fillers in WORDS.values() for f in fillers for w in f.split()} - {""})


def near_duplicate(text: str, rng: random.Random) -> str:
    """Change one to three words, as a model re-generating a prompt example does."""
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        if rng.random() < 0.7:
            words[i] = rng.choice(ALL_WORDS)
        elif len(words) > 3:
            del words[i]
    return " ".join(words)


def instruction_stream(seed: int, history: list[str], dup_rate: float = 0.25):
    """Fresh template instructions mixed with near-duplicates of ``history``."""
    rng = random.Random(seed)
    while True:
        if history and rng.random() < dup_rate:
            yield near_duplicate(rng.choice(history), rng)
        else:
            yield make_instruction(rng)


def bootstrap_pools(sizes: list[int], seed: int) -> tuple[dict[int, list[str]], float, int]:
    """Grow a mutually novel pool with filter decisions; snapshot at each size."""
    pool = NoveltyPool(threshold=THRESHOLD)
    kept: list[str] = []
    snapshots: dict[int, list[str]] = {}
    tried = 0
    start = time.perf_counter()
    stream = instruction_stream(seed, kept)
    for target in sorted(sizes):
        while len(kept) < target:
            text = next(stream)
            tried += 1
            if pool.add_if_novel(text):
                kept.append(text)
        snapshots[target] = list(kept)
    return snapshots, time.perf_counter() - start, tried


def reference_filter(
    candidates: list[str], pool: list[str], threshold: float
) -> tuple[list[bool], float]:
    """Alpaca-style sequential check; returns decisions and checking time."""
    thr = Fraction(str(threshold))
    # Pre-tokenise everything once (not timed), as Alpaca does.
    pool_tokens = [tokenize(t) for t in pool]
    cand_tokens = [tokenize(t) for t in candidates]
    decisions = []
    start = time.perf_counter()
    for toks in cand_tokens:
        scores = [rouge_scorer._score_lcs(toks, other) for other in pool_tokens]
        keep = True
        for other, score in zip(pool_tokens, scores, strict=True):
            if not toks or not other:
                continue  # F = 0 < threshold
            # precision = LCS / |other| exactly up to rounding; recover the integer.
            lcs = round(score.precision * len(other))
            if Fraction(2 * lcs, len(toks) + len(other)) >= thr:
                keep = False
                break
        decisions.append(keep)
        if keep:
            pool_tokens.append(toks)
    return decisions, time.perf_counter() - start


def time_fast(candidates: list[str], pool: list[str], repeats: int) -> tuple[list[bool], float]:
    """Best-of-N checking time of NoveltyPool on the candidates (pool build not timed)."""
    best = float("inf")
    decisions: list[bool] = []
    for _ in range(repeats):
        novelty_pool = NoveltyPool(pool, threshold=THRESHOLD)
        start = time.perf_counter()
        decisions = [novelty_pool.add_if_novel(text) for text in candidates]
        best = min(best, time.perf_counter() - start)
    return decisions, best


def bench_size(pool: list[str], n_ref: int, n_fast: int, seed: int) -> dict:
    stream = instruction_stream(seed, pool)
    ref_cands = [next(stream) for _ in range(n_ref)]
    fast_cands = [next(stream) for _ in range(n_fast)]

    ref_decisions, ref_time = reference_filter(ref_cands, pool, THRESHOLD)
    fast_decisions, fast_time = time_fast(ref_cands, pool, repeats=3)
    if fast_decisions != ref_decisions:
        raise SystemExit(f"decisions differ from the reference at pool {len(pool)}")

    start = time.perf_counter()
    many = filter_novel(fast_cands, pool, THRESHOLD)
    many_wall = time.perf_counter() - start
    novelty_pool = NoveltyPool(pool, threshold=THRESHOLD)
    start = time.perf_counter()
    for text in fast_cands:
        novelty_pool.add_if_novel(text)
    many_check = time.perf_counter() - start

    ref_per = ref_time / n_ref
    fast_per = fast_time / n_ref
    return {
        "pool_size": len(pool),
        "matched_candidates": n_ref,
        "matched_kept": sum(ref_decisions),
        "reference_ms_per_candidate": 1e3 * ref_per,
        "filter_ms_per_candidate": 1e3 * fast_per,
        "speedup": ref_per / fast_per,
        "throughput_candidates": n_fast,
        "throughput_kept": sum(many),
        "throughput_ms_per_candidate": 1e3 * many_check / n_fast,
        "throughput_candidates_per_s": n_fast / many_check,
        # Conservative: reference time per candidate over filter's mean on the larger set.
        "throughput_speedup": ref_per / (many_check / n_fast),
        "filter_novel_wall_s": many_wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer candidates")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    sizes = [1000, 5000, 15000]
    n_ref = 10 if args.quick else 30
    n_fast = 300 if args.quick else 2000

    pools, boot_s, tried = bootstrap_pools(sizes, SEED)
    print(
        f"bootstrapped a mutually novel pool of {sizes[-1]} from {tried} generated "
        f"instructions in {boot_s:.1f} s"
    )
    rows = []
    for size in sizes:
        row = bench_size(pools[size], n_ref, n_fast, SEED + size)
        rows.append(row)
        print(
            f"pool {size:>6}: reference {row['reference_ms_per_candidate']:8.1f} ms/cand, "
            f"filter_novel {row['filter_ms_per_candidate']:6.3f} ms/cand "
            f"({row['speedup']:.1f}x, {row['matched_kept']}/{n_ref} kept, identical); "
            f"throughput {row['throughput_candidates_per_s']:.0f} cand/s "
            f"({row['throughput_kept']}/{n_fast} kept)"
        )

    last = rows[-1]
    total_matched = sum(r["matched_candidates"] for r in rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "benchmark": "novelty",
            "threshold": THRESHOLD,
            "bootstrap_s": boot_s,
            "bootstrap_generated": tried,
            "rows": rows,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    print(
        f"novelty: {last['speedup']:.1f}x faster than reference at pool {last['pool_size']}, "
        f"identical decisions on {total_matched} candidates"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
