"""The Super-NaturalInstructions task-file format: key order, fixed metadata and
content-hashed instance ids.
"""

from __future__ import annotations

import hashlib
from typing import Any


def stable_hash(*parts: str) -> str:
    """Short content hash used for Super-NI instance ids (stable across runs)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:32]


SUPERNI_URL = "https://instructgen.invalid/shipped-tasks"


SUPERNI_LICENSE = "CC0 1.0"


Example = tuple[str, str, str]  # input, output, explanation


Item = tuple[str, list[str]]  # input, acceptable outputs


NamedTask = tuple[str, dict[str, Any]]


def superni_task(
    name: str,
    category: str,
    reasoning: list[str],
    definition: str,
    domains: list[str],
    positives: list[Example],
    negatives: list[Example],
    items: list[Item],
) -> NamedTask:
    seen: dict[str, None] = {}
    instances = []
    for inp, outs in items:
        assert outs and all(o.strip() for o in outs), (name, inp)
        assert inp not in seen, (name, inp)
        seen[inp] = None
        short = name.split("_")[0]
        instances.append({"id": f"{short}-{stable_hash(name, inp)}", "input": inp, "output": outs})
    # Key order follows the released task files exactly.
    return name, {
        "Contributors": ["instructgen project"],
        "Source": ["instructgen_shipped"],
        "URL": [SUPERNI_URL],
        "Categories": [category],
        "Reasoning": reasoning,
        "Definition": [definition],
        "Input_language": ["English"],
        "Output_language": ["English"],
        "Instruction_language": ["English"],
        "Domains": domains,
        "Positive Examples": [{"input": i, "output": o, "explanation": e} for i, o, e in positives],
        "Negative Examples": [{"input": i, "output": o, "explanation": e} for i, o, e in negatives],
        "Instances": instances,
        "Instance License": [SUPERNI_LICENSE],
    }
