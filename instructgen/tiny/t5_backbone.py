"""A tiny T5 backbone standing in for paper 1 Table 6's T5-XL and Flan-T5-XL: trained to continue
corpus passages and to answer Alpaca-template prompts, so that fine-tuning and evaluating it
exercise the encoder-decoder path (rule pretrain_seq2seq_backbone).
"""

from __future__ import annotations

from collections.abc import Sequence

from instructgen.io import read_jsonl
from instructgen.templates import alpaca_prompt
from instructgen.tiny.data import save_trained, train_t5, triplets_from


def backbone_pairs(
    passage_files: Sequence[str], instruction_files: Sequence[str]
) -> list[tuple[str, str]]:
    """(input, target): a passage's first half and its next words, then instruction data."""
    passages = [r["text"] for path in passage_files for r in read_jsonl(path, ["text"])]
    return backbone_pairs_from(passages, triplets_from(instruction_files))


def backbone_pairs_from(
    passages: Sequence[str], triplets: Sequence[dict[str, str]]
) -> list[tuple[str, str]]:
    """`backbone_pairs` from passages and instruction records already read."""
    pairs = []
    for text in passages:
        words = text.split()
        half = len(words) // 2
        if half:
            pairs.append((" ".join(words[:half]), " ".join(words[half : half + 48])))
    for t in triplets:
        pairs.append((alpaca_prompt(t["instruction"], t.get("input", "")), t["output"]))
    return pairs


def main(*, tokenizer_dir, passage_files, instruction_files, out_dir, settings) -> None:
    """`settings`: the step's typed settings (instructgen.settings)."""
    seed, section = settings.seed, settings.section()
    from instructgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tokenizer_dir)
    tokenizer.padding_side = "right"
    pairs = backbone_pairs(passage_files, instruction_files)
    model, losses = train_t5(tokenizer, pairs, section, seed, desc="t5", end_with_eos=True)
    card = {
        "data": [*passage_files, *instruction_files],
        "pairs": len(pairs),
        "section": section,
        "seed": seed,
    }
    save_trained(model, tokenizer, out_dir, "Tiny T5 backbone", losses, **card)
