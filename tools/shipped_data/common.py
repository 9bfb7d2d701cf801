"""Helpers used by several corpus writers: word counts, "a"/"an", and the registry that
keeps every generated passage line unique across the Wikipedia- and C4-style corpora.
"""

from __future__ import annotations


def word_count(text: str) -> int:
    return len(text.split())


def a_or_an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


class LineRegistry:
    """Remembers every emitted passage line so no two shipped lines are equal.

    Duplicate lines would let the tiny models memorise boilerplate and would
    skew the dedup statistics the pipeline reports, so generators retry with
    fresh draws until all of a passage's lines are new.
    """

    def __init__(self) -> None:
        self.seen: dict[str, None] = {}

    def fresh(self, text: str) -> bool:
        lines = [ln for ln in text.split("\n")]
        if len(set(lines)) != len(lines):
            return False
        return all(ln not in self.seen for ln in lines)

    def add(self, text: str) -> None:
        for ln in text.split("\n"):
            self.seen[ln] = None
