"""Paper 1 Fig. 5/6 and REFINE-AF Fig. 8: one verb-noun sunburst per instruction set, and the
table of unique verb-noun pairs (rule diversity).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from instructgen.errors import ConfigError
from instructgen.figures.common import read_instructions
from instructgen.io import csv_text, write_text
from instructgen.logs import LOG, progress


def load_parser(name: str):
    """The configured parser, or one ConfigError line saying how to install benepar's model."""
    from instructgen.diversity.trees import (
        BENEPAR_INSTALL_HINT,
        ParserUnavailableError,
        get_parser,
    )

    try:
        return get_parser(name)
    except ParserUnavailableError as error:
        hint = " ".join(str(error).split()) or " ".join(BENEPAR_INSTALL_HINT.split())
        raise ConfigError("analysis.parser", hint) from None


def main(
    *,
    sets: Sequence[Mapping[str, str]],
    parser_name: str,
    top_verbs: int,
    top_nouns: int,
    published: Mapping[str, float],
    pngs: Sequence[str],
    pdfs: Sequence[str],
    out_csv: str,
    out_md: str,
) -> list[dict[str, Any]]:
    """One sunburst per instruction set (``pngs[i]``/``pdfs[i]`` for ``sets[i]``) plus the table
    of unique verb-noun pairs.

    ``sets`` are dicts with name, path, field, paper and title; all are parsed in this one job
    because loading the parser (WordNet or benepar's model) dominates the cost at small scale.
    """
    from instructgen.diversity.trees import count_verb_noun_pairs, extract_verb_noun_pairs
    from instructgen.plots import sunburst

    parser = load_parser(parser_name)  # before reading anything: a missing model fails fast
    LOG.info("parser: %s", parser.description)
    rows = []
    if not len(sets) == len(pngs) == len(pdfs):
        raise ValueError("main needs one PNG and one PDF path per instruction set")
    for index, entry in enumerate(progress(sets, desc="instruction sets", unit="set")):
        instructions = read_instructions(entry["path"], entry["field"])
        pairs = extract_verb_noun_pairs(instructions, parser)
        complete = sum(1 for verb, noun in pairs if verb and noun)
        unique = count_verb_noun_pairs(pairs)
        caption = (
            f"{len(instructions)} distinct instructions, {complete} with a verb and a direct "
            f"object, {unique} unique verb-noun pairs. Parser: {parser.description}."
        )
        sunburst(
            pairs,
            entry["title"],
            pngs[index],
            pdfs[index],
            caption=caption,
            n_verbs=top_verbs,
            n_nouns=top_nouns,
        )
        row = {
            "dataset": entry["name"],
            "paper": entry["paper"],
            "instructions": len(instructions),
            "with_verb_and_object": complete,
            "unique_verb_noun_pairs": unique,
            "unique_verbs": len({verb for verb, noun in pairs if verb and noun}),
        }
        if published:
            row["published_unique_pairs"] = published.get(entry["name"], "")
        rows.append(row)
    note = f"Parser: {parser.description}."
    write_table(rows, out_csv, out_md, "Unique verb-noun pairs per instruction set", note)
    return rows


def write_table(
    rows: Sequence[Mapping[str, Any]], out_csv: str, out_md: str, title: str, note: str = ""
) -> None:
    """A table as CSV and as a Markdown pipe table with a title and a note."""
    columns = list(rows[0]) if rows else ["dataset"]
    write_text(out_csv, csv_text(columns, ([row.get(c, "") for c in columns] for row in rows)))
    md = [f"# {title}", "", "| " + " | ".join(columns) + " |"]
    md.append("|" + "|".join("---" for _ in columns) + "|")
    md += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    if note:
        md += ["", note]
    write_text(out_md, "\n".join(md) + "\n")
