"""Where the rehearsal's stand-ins live and which configured model each stands in for.

`make rehearse` runs the paper config offline: tools/fixture_hub.py serves REHEARSAL_HUB (its
layout: models/<org>/<repo>/<branch>/) and the pipeline's own fetch code downloads small
stand-ins that have each hub repository's layout. A stand-in folder is the repository; its
files sit in the branch folder inside, its card beside that (the hub serves folders only).
Hub ids themselves are named and parsed by instructgen.plan (`hub_id`, `hub_repo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from instructgen.errors import ConfigError
from instructgen.plan import hub_repo, input_files, is_hub_id

REHEARSAL_HUB = "resources/rehearsal/hub"
STANDIN = REHEARSAL_HUB + "/models/{org}/{repo}"
STANDIN_BRANCH = "main"
STANDIN_CARD = "card.json"
# What the stand-ins train on: the shipped files themselves (config.yaml's corpus sources; a
# test keeps them equal), read directly so that building one needs no fetched corpus and no
# server. Instruction data is named as plan.TINY_MODEL_DATA names it.
SHIPPED_PASSAGES = ("data/corpus/wikipedia.jsonl", "data/corpus/c4.jsonl")
SHIPPED_INSTRUCTIONS = {
    "superni_train": "data/superni",
    "dolly": "data/dolly/dolly.jsonl",
    "self_instruct_seeds": "data/self_instruct/seed_tasks.jsonl",
}


def standin(hub_id: str) -> str:
    """The stand-in repository folder of a hub id (a rule's output)."""
    return STANDIN.format(**hub_repo(hub_id))


def standin_branch(folder: str | Path, revision: str | None = None) -> Path:
    """The revision folder inside a stand-in repository folder: what the fixture hub serves.
    Named by the config's pinned commit, the hub reports that commit, so the rehearsal fetches
    the paper configuration's own revisions; unpinned, it is the branch `main`."""
    return Path(folder) / (revision or STANDIN_BRANCH)


def standin_card(folder: str | Path) -> Path:
    """The stand-in's card, beside its branch folder (not one of the repository's files)."""
    return Path(folder) / STANDIN_CARD


def shipped_instruction_files() -> list[str]:
    """Every shipped file the stand-ins read."""
    return [f for source in SHIPPED_INSTRUCTIONS.values() for f in input_files(source)]


def standins(config: Mapping[str, Any]) -> dict[str, str]:
    """Hub id -> model name, for every configured model whose source is a hub id: the
    stand-ins `make rehearse` serves (the first name in config order where two share one)."""
    found: dict[str, str] = {}
    for name, spec in config["models"].items():
        if is_hub_id(spec["source"]):
            found.setdefault(spec["source"], name)
    return found


def standin_targets(config: Mapping[str, Any]) -> list[str]:
    """The stand-in folders of the configured hub models (not among the study's targets: only
    the rehearsal asks for them)."""
    return [standin(source) for source in standins(config)]


def standin_name(config: Mapping[str, Any], hub_id: str) -> str:
    """The model name a stand-in stands in for; a hub id no model uses is a config error."""
    try:
        return standins(config)[hub_id]
    except KeyError:
        raise ConfigError(
            "models", f"no model has the source {hub_id!r}, so it has no stand-in"
        ) from None
