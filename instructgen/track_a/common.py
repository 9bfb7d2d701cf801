"""What several Track A steps share: the fragment record."""

from __future__ import annotations

FRAGMENT_KEYS = ("id", "passage_id", "corpus", "source", "strategy", "text")


def one_line(text: str) -> str:
    return " ".join(text.split())
