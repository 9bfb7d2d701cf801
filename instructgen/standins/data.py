"""What the stand-ins train on: the shipped files, read directly (no fetched corpus, no server),
turned into the texts and records the default's tiny models train on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Corpus:
    passages: list[str]
    # One list of {instruction, input, output} records per dataset, as rule
    # prepare_instruction_data writes them.
    instruction_sets: list[list[dict[str, Any]]]

    @classmethod
    def read(cls, passage_files: Sequence[str], instruction_files: Mapping[str, str]) -> Corpus:
        """Passages from Wikipedia- or C4-format files; instruction data from shipped sources
        named as plan.TINY_MODEL_DATA names them ({name: file or folder})."""
        from instructgen import loaders
        from instructgen.corpora.instruction_data import instruction_records

        passages = [
            p["text"] for path in passage_files for p in loaders.load_passages(path, "shipped")
        ]
        sets = [instruction_records(name, path) for name, path in instruction_files.items()]
        return cls(passages, sets)

    @cached_property
    def texts(self) -> list[str]:
        """The default's pre-training texts (instructgen.tiny.data.training_texts)."""
        from instructgen.tiny.data import compose_training_texts

        return compose_training_texts(self.passages, self.instruction_sets)

    @property
    def triplets(self) -> list[dict[str, Any]]:
        return [record for records in self.instruction_sets for record in records]
