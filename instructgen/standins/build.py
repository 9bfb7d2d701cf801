"""Build one hub-shaped stand-in (rule build_standin).

The repository folder is written atomically: its branch folder holds exactly the files of the
table in `instructgen.standins.repos` (checked before the folder is moved into place), and the
card beside it records what was built, from what, and every file's SHA-256.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from instructgen.io import atomic_dir, sha256_file
from instructgen.standins import names, repos
from instructgen.standins.data import Corpus
from instructgen.standins.hub import write_json, write_readme

LOG = logging.getLogger(__name__)


def _family(name: str):
    from instructgen.standins import gpt_neox, llama, t5

    return {"llama": llama, "gpt_neox": gpt_neox, "t5": t5}[name]


def main(
    *,
    name: str,
    hub_id: str,
    passage_files: Sequence[str],
    instruction_files: Mapping[str, str],
    out_dir: str,
    settings: dict[str, Any],
    seed: int,
    revision: str | None = None,
) -> dict[str, Any]:
    """The stand-in of `hub_id` (model `name` of the config) in `out_dir`, a repository folder
    of names.STANDIN, its files in the folder of `revision` (the config's pinned commit, or
    `main`); `settings` is the whole tiny_models mapping. Returns the card."""
    repo = repos.get(hub_id)
    corpus = Corpus.read(passage_files, instruction_files)
    LOG.info(
        "%s (%s, %s): %d passages, %d instruction records, %d training texts",
        hub_id,
        repo.family,
        repo.training,
        len(corpus.passages),
        len(corpus.triplets),
        len(corpus.texts),
    )
    with atomic_dir(out_dir) as tmp:
        branch = names.standin_branch(tmp, revision)
        branch.mkdir()
        built = _family(repo.family).build(repo, corpus, settings, seed, branch)
        if repo.generation_config is not None:
            write_json(branch / "generation_config.json", repo.generation_config)
        write_readme(branch, repo, name, built)
        files = sorted(p.name for p in branch.iterdir())
        if files != repo.files:
            raise RuntimeError(f"{hub_id}: the stand-in holds {files}, the table {repo.files}")
        card = {
            "hub_id": hub_id,
            "name": name,
            "family": repo.family,
            "training": repo.training,
            "data": {"passages": list(passage_files), "instructions": dict(instruction_files)},
            "settings": settings,
            "seed": seed,
            **built,
            "files": {f: sha256_file(branch / f) for f in files},
            "sources": {fact: source._asdict() for fact, source in repo.sources.items()},
        }
        write_json(names.standin_card(tmp), card)
    LOG.info("%s: %d files in %s", hub_id, len(files), names.standin_branch(out_dir, revision))
    return card
