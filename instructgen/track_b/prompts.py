"""The instance-stage prompts a run uses, resolved once (rule instance_prompts): this project's
own (instructgen.templates.PROJECT_PROMPTS, the default configuration's) or Self-Instruct's,
read from its two template files as the paper configuration downloads them at a pinned commit
(corpora self_instruct_instance_template and self_instruct_clf_template).

Self-Instruct's templates are Python modules that assign string literals
(self_instruct/templates/instance_gen_template.py: `output_first_template_for_clf` and
`input_first_template_for_gen`; clf_task_template.py: `template_1`). They are read with `ast`:
only top-level assignments of a string literal to a name are taken, nothing is executed or
imported. The prompts are the literals' values exactly (instructgen.templates.InstancePrompts
fills them as Self-Instruct's scripts do).

`main` writes one JSON file: the source, each prompt's text and SHA-256, and for Self-Instruct's
the files it read with their SHA-256. Every step that fills a prompt (RL rollouts, the
classification question, instance generation) reads its prompts from that file.
"""

from __future__ import annotations

import ast
import hashlib
import logging
from pathlib import Path
from typing import Any

from instructgen.errors import InputError
from instructgen.io import read_json, sha256_file, write_json
from instructgen.templates import PROJECT_PROMPTS, InstancePrompts

LOG = logging.getLogger(__name__)

SOURCES = ("project", "self_instruct")
# Which of Self-Instruct's files defines each prompt (InstancePrompts.SELF_INSTRUCT_NAMES names
# the variable; plan.SELF_INSTRUCT_TEMPLATES the corpus each file is), in the files' order.
FILES = {
    "output_first": "instance",
    "input_first": "instance",
    "is_classification": "classification",
}


def string_assignments(path: str | Path) -> dict[str, str]:
    """Every top-level `name = "<string literal>"` of a Python file, by name, read with `ast`
    (the file is parsed, never executed or imported)."""
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as error:
        raise InputError(path, f"not a Python module ({error.msg})", error.lineno) from None
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[node.targets[0].id] = node.value.value
    return found


def template_file(folder: str | Path) -> Path:
    """The one Python file a fetched template source folder holds."""
    files = sorted(Path(folder).glob("*.py"))
    if len(files) != 1:
        raise InputError(folder, f"expected one template (.py) file, found {len(files)}")
    return files[0]


def self_instruct_prompts(
    instance_file: str | Path, classification_file: str | Path
) -> InstancePrompts:
    """Self-Instruct's three prompts from its two template files."""
    paths = {"instance": Path(instance_file), "classification": Path(classification_file)}
    literals = {kind: string_assignments(path) for kind, path in paths.items()}
    values = {}
    for field, kind in FILES.items():
        name = InstancePrompts.SELF_INSTRUCT_NAMES[field]
        if name not in literals[kind]:
            raise InputError(paths[kind], f"no string literal assigned to {name}")
        values[field] = literals[kind][name]
    try:
        return InstancePrompts(**values)
    except ValueError as error:
        raise InputError(paths["instance"], str(error)) from None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_prompts(path: str | Path) -> InstancePrompts:
    """The prompts `main` wrote."""
    data = read_json(path)
    try:
        return InstancePrompts(**data["prompts"])
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(path, f"not an instance prompts file ({error})") from None


def main(
    *,
    source: str,
    out_path: str,
    instance_dir: str | None = None,
    classification_dir: str | None = None,
) -> None:
    files: dict[str, Any] = {}
    if source == "project":
        prompts = PROJECT_PROMPTS
    elif source == "self_instruct":
        if instance_dir is None or classification_dir is None:
            raise ValueError("Self-Instruct's prompts need both of its template files")
        paths = {
            "instance": template_file(instance_dir),
            "classification": template_file(classification_dir),
        }
        prompts = self_instruct_prompts(paths["instance"], paths["classification"])
        files = {kind: {"path": str(p), "sha256": sha256_file(p)} for kind, p in paths.items()}
    else:
        raise ValueError(f"unknown prompt source {source!r}; known: {SOURCES}")
    digests = {name: sha256_text(text) for name, text in prompts.as_dict().items()}
    LOG.info("%s prompts: %s", source, digests)
    write_json(
        out_path,
        {"source": source, "prompts": prompts.as_dict(), "sha256": digests, "files": files},
    )
