"""Fetch one named model into its own folder on the submit host (rule fetch_model main).

GPU jobs never reach the hub: this rule downloads a pinned revision of a hub model (or copies
a local folder) once, verifies every file against what the hub records, converts pickled
weights to safetensors without unpickling anything but tensors, and writes `card.json`. Every
other rule loads the folder with HF_HUB_OFFLINE=1.

Before the first job, the Snakefile's `onstart` asks the hub once per repository that the run
still has to fetch whether the current credentials can read it (`check_access`), so a gated
model without an accepted licence stops the run with one line per repository instead of
failing a fetch hours in. `url_pin` reads the repository and revision a corpus URL names.

Nothing heavy is imported at module level (the Snakefile imports this module);
huggingface_hub, torch and safetensors are imported where they are used.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from instructgen.errors import ConfigError, InputError
from instructgen.io import atomic_dir, sha256_file
from instructgen.plan import COMMIT, FETCHED_MODEL, SOURCE, is_hub_id, is_local_source

LOG = logging.getLogger(__name__)

KINDS = ("causal_lm", "reward", "seq2seq")
CONFIG_FILES = ["config.json", "generation_config.json"]
TOKENIZER_FILES = [
    "tokenizer.json",
    "tokenizer.model",
    "spiece.model",
    "sentencepiece.bpe.model",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "chat_template.jinja",
    "chat_template.json",
    "vocab.json",
    "vocab.txt",
    "merges.txt",
]
# transformers' own weight names only: `*.safetensors` would also take e.g. Mistral's
# consolidated.safetensors, a second copy of the weights in another layout.
SAFETENSORS_WEIGHTS = ["model.safetensors", "model-*-of-*.safetensors"]
SAFETENSORS_INDEX = "model.safetensors.index.json"
PICKLED_WEIGHTS = ["pytorch_model.bin", "pytorch_model-*-of-*.bin"]
PICKLED_INDEX = "pytorch_model.bin.index.json"
CARD = "card.json"


# --- which files a model needs ----------------------------------------------------------------


def matches(path: str, patterns: Iterable[str]) -> bool:
    """huggingface_hub's allow_patterns rule: fnmatch, and a pattern ending in / takes a folder."""
    return any(
        fnmatch.fnmatch(path, pattern + "*" if pattern.endswith("/") else pattern)
        for pattern in patterns
    )


def allow_patterns_for(kind: str = "causal_lm", repo_files: Iterable[str] | None = None) -> list:
    """The files a model of `kind` needs: config, generation config, tokenizer files and the
    weights as safetensors (+ index); pickled weights (`pytorch_model*.bin` + index) only when
    `repo_files`, the repository's file list, holds no safetensors weights. Without a file list
    only safetensors are asked for.

    The three kinds load from the same transformers layout; the kind is checked so that a typo
    in the config fails here rather than in a GPU job.
    """
    if kind not in KINDS:
        raise ConfigError("kind", f"unknown model kind {kind!r} (one of {', '.join(KINDS)})")
    patterns = [*CONFIG_FILES, *TOKENIZER_FILES, *SAFETENSORS_WEIGHTS, SAFETENSORS_INDEX]
    if repo_files is not None and not any(matches(f, SAFETENSORS_WEIGHTS) for f in repo_files):
        patterns += [*PICKLED_WEIGHTS, PICKLED_INDEX]
    return patterns


# --- pickled weights to safetensors -----------------------------------------------------------


def drop_pickles_after_conversion(folder: str | os.PathLike) -> list[str]:
    """Convert pickled weights with `modeling.convert_pickled_weights` (tensors only), then
    delete every pickle: later rules read safetensors alone, and a pickle left in the folder is
    one a later tool might load unsafely. Pickles beside safetensors weights go unread.
    Returns the names of the files written (none when there was nothing to convert)."""
    from instructgen.modeling import convert_pickled_weights

    folder = Path(folder)
    converted = convert_pickled_weights(folder)
    pickles = sorted(
        p for p in folder.iterdir() if matches(p.name, [*PICKLED_WEIGHTS, PICKLED_INDEX])
    )
    for path in pickles:
        path.unlink()
    if pickles and not converted:
        LOG.info("safetensors weights present: deleted %s unread", [p.name for p in pickles])
    return sorted(set(converted.values()))


# --- fetching ---------------------------------------------------------------------------------


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _git_blob_sha1(path: Path) -> str:
    from instructgen.corpora.fetch import git_blob_sha1_of

    return git_blob_sha1_of(path)


def _fetch_hub(
    *,
    name: str,
    source: str,
    revision: str | None,
    allow_patterns: list[str] | None,
    kind: str,
    into: Path,
    allow_unpinned: bool,
) -> dict[str, Any]:
    """Download the matching files of one revision into `into` and verify each against the
    hub's metadata (size; LFS SHA-256, else git blob SHA-1)."""
    import huggingface_hub
    from huggingface_hub import HfApi, constants, snapshot_download

    pinned = revision is not None and COMMIT.match(revision.lower()) is not None
    if not pinned:
        if not allow_unpinned:
            raise ConfigError(
                f"models.{name}.revision",
                f"{revision!r} is not a commit hash (40 hex digits): pin the commit to fetch",
            )
        LOG.warning("UNPINNED revision %r of %s", revision or "main", source)
    requested = revision.lower() if pinned else (revision or "main")
    if constants.is_offline_mode():
        raise InputError(
            source,
            "HF_HUB_OFFLINE is set; fetching a model is the one step that reaches the hub, "
            "so run it with HF_HUB_OFFLINE unset",
        )
    api = HfApi()
    info = api.model_info(source, revision=requested, files_metadata=True)
    resolved = info.sha
    if pinned and resolved != requested:
        raise InputError(source, f"the hub answered commit {resolved} for revision {requested}")
    if not pinned:
        LOG.warning(
            "revision %r of %s resolved to %s: pin it in the config", requested, source, resolved
        )
    siblings = {s.rfilename: s for s in info.siblings or []}
    patterns = allow_patterns if allow_patterns is not None else allow_patterns_for(kind, siblings)
    expected = sorted(f for f in siblings if matches(f, patterns))
    if not expected:
        raise InputError(source, f"no file of commit {resolved} matches {patterns}")
    LOG.info("fetching %d files of %s at %s: %s", len(expected), source, resolved, expected)
    cache = Path(tempfile.mkdtemp(prefix=f"{into.name}.hf-cache.", dir=into.parent))
    try:
        snapshot_download(
            repo_id=source,
            revision=resolved,
            allow_patterns=patterns,
            local_dir=into,
            cache_dir=cache,
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(into / ".cache", ignore_errors=True)  # huggingface_hub's download metadata
    present = _files_under(into)
    missing = sorted(set(expected) - set(present))
    if missing:
        raise InputError(source, f"the download lacks {missing}")
    unexpected = sorted(set(present) - set(expected))
    if unexpected:
        raise InputError(source, f"the download holds files nobody asked for: {unexpected}")
    files = {}
    for rel in expected:
        path, record = into / rel, siblings[rel]
        size, digest = path.stat().st_size, sha256_file(path)
        where = f"{source}@{resolved}/{rel}"
        checks = []
        if record.size is not None:
            if size != record.size:
                raise InputError(
                    where, f"size mismatch: the hub records {record.size} bytes, got {size}"
                )
            checks.append("size")
        if record.lfs is not None:
            if digest != record.lfs.sha256:
                raise InputError(
                    where, f"sha256 mismatch: the hub records {record.lfs.sha256}, got {digest}"
                )
            checks.append("lfs_sha256")
        elif record.blob_id is not None:
            blob = _git_blob_sha1(path)
            if blob != record.blob_id:
                raise InputError(
                    where, f"git blob sha1 mismatch: the hub records {record.blob_id}, got {blob}"
                )
            checks.append("git_blob_sha1")
        if not checks:
            raise InputError(where, "the hub gave no size or hash to verify the file against")
        files[rel] = {"size": size, "sha256": digest, "verified": checks}
    LOG.info("verified %d files against the hub's metadata", len(files))
    return {
        "source_type": "hub",
        "endpoint": constants.ENDPOINT,
        "revision_requested": revision,
        "revision_resolved": resolved,
        "pinned": pinned,
        "allow_patterns": patterns,
        "files": files,
        "huggingface_hub": huggingface_hub.__version__,
    }


def _copy_local(
    *, name: str, source: str, revision: str | None, allow_patterns, kind: str, into: Path
) -> dict[str, Any]:
    """Copy the matching files of a local model folder, checking each copy's SHA-256."""
    if revision is not None:
        raise ConfigError(
            f"models.{name}.revision", f"{source} is a local folder, which has no revision"
        )
    folder = Path(source)
    if not folder.is_dir():
        raise InputError(source, "model folder does not exist")
    present = _files_under(folder)
    patterns = allow_patterns if allow_patterns is not None else allow_patterns_for(kind, present)
    selected = [f for f in present if matches(f, patterns)]
    if not selected:
        raise InputError(source, f"no file in the folder matches {patterns}")
    files = {}
    for rel in selected:
        before = sha256_file(folder / rel)
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / rel, into / rel)
        after = sha256_file(into / rel)
        if after != before:
            raise InputError(f"{source}/{rel}", f"copy has sha256 {after}, the source {before}")
        files[rel] = {"size": (into / rel).stat().st_size, "sha256": after, "verified": ["copy"]}
    LOG.info("copied %d files from %s", len(files), source)
    return {
        "source_type": "local",
        "revision_requested": None,
        "revision_resolved": None,
        "pinned": None,
        "allow_patterns": patterns,
        "files": files,
    }


def main(
    *,
    name: str,
    source: str,
    revision: str | None,
    allow_patterns: list[str] | None,
    out_dir: str,
    allow_unpinned: bool,
    kind: str = "causal_lm",
) -> dict[str, Any]:
    """Fetch model `name` into `out_dir` (atomically) and return its card.

    `source` is a hub id (a commit `revision` required unless `allow_unpinned`) or a local
    folder; `allow_patterns` None means the files `allow_patterns_for(kind, <the repo's
    files>)` names. The hub is HF_ENDPOINT's (read when huggingface_hub is imported).
    """
    started = datetime.datetime.now(datetime.UTC)
    with atomic_dir(out_dir) as tmp:
        common = {
            "name": name,
            "source": source,
            "revision": revision,
            "allow_patterns": allow_patterns,
            "kind": kind,
            "into": tmp,
        }
        if is_local_source(source):
            card = _copy_local(**common)
        else:
            card = _fetch_hub(**common, allow_unpinned=allow_unpinned)
        pickled = {
            rel: meta
            for rel, meta in card["files"].items()
            if matches(rel, [*PICKLED_WEIGHTS, PICKLED_INDEX])
        }
        written = drop_pickles_after_conversion(tmp)
        converted = {
            "with": "torch.load(weights_only=True), safetensors.torch.save_file",
            "from": {rel: meta["sha256"] for rel, meta in sorted(pickled.items())},
            "to": {
                rel: {"size": (tmp / rel).stat().st_size, "sha256": sha256_file(tmp / rel)}
                for rel in written
            },
        }
        from instructgen.modeling import check_checkpoint

        check_checkpoint(tmp)
        card = {
            "name": name,
            "source": source,
            "kind": kind,
            **card,
            "converted": converted if written else None,
            "removed_unread": sorted(pickled) if pickled and not written else [],
            "fetched_at": started.isoformat(timespec="seconds"),
        }
        (tmp / CARD).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    LOG.info("%s: %d files in %s (card %s)", name, len(card["files"]), out_dir, CARD)
    return card


# --- what a download URL names ----------------------------------------------------------------

GITHUB_HOSTS = ("github.com", "codeload.github.com", "raw.githubusercontent.com")


@dataclass(frozen=True)
class UrlPin:
    """The repository and revision a download URL names, and where it is served from."""

    host: str  # "hub" or "github"
    repo_type: str  # "model" or "dataset" on the hub, "repository" on GitHub
    repo_id: str
    revision: str
    endpoint: str  # scheme://host[:port] of the URL

    @property
    def page(self) -> str:
        """The repository's page (on the hub: its card, where a gated one's licence is)."""
        if self.host == "github":
            return f"https://github.com/{self.repo_id}"
        return f"{self.endpoint}/{'datasets/' if self.repo_type == 'dataset' else ''}{self.repo_id}"


def url_pin(url: str) -> UrlPin | None:
    """The repository and revision a hub or GitHub file URL names; None for any other URL.

    - hub: `<endpoint>/datasets/<org>/<repo>/resolve/<revision>/<file>` (a model repository
      without `datasets/`), on any host: the hub may be mirrored (HF_ENDPOINT, the fixture hub);
    - GitHub: `github.com/<owner>/<repo>/archive/<revision>.tar.gz` (or `.zip`) and
      `raw.githubusercontent.com/<owner>/<repo>/<revision>/<file>`, also below a mirror that
      serves a host's files under `/<prefix>/<host>/` (the fixture hub's `/files/<host>/`).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    endpoint = f"{parts.scheme}://{parts.netloc}"
    host, rest = parts.hostname or "", segments
    for name in GITHUB_HOSTS:
        if name in segments[:-1]:
            host, rest = name, segments[segments.index(name) + 1 :]
            break
    if host in GITHUB_HOSTS:
        if host == "github.com" and len(rest) == 4 and rest[2] == "archive":
            for suffix in (".tar.gz", ".zip"):
                if rest[3].endswith(suffix):
                    revision = rest[3].removesuffix(suffix)
                    return UrlPin("github", "repository", "/".join(rest[:2]), revision, endpoint)
        if host == "raw.githubusercontent.com" and len(rest) >= 4:
            return UrlPin("github", "repository", "/".join(rest[:2]), rest[2], endpoint)
        return None
    if len(rest) >= 6 and rest[0] == "datasets" and rest[3] == "resolve":
        return UrlPin("hub", "dataset", "/".join(rest[1:3]), rest[4], endpoint)
    if len(rest) >= 5 and rest[2] == "resolve":
        return UrlPin("hub", "model", "/".join(rest[:2]), rest[3], endpoint)
    return None


def url_revision_problem(url: str, revision: str | None) -> tuple[str, str] | None:
    """Why a download URL does not pin its revision, as (the corpus key at fault: "source" or
    "revision", the reason), or None. A hub or GitHub URL must name a commit (40 hex digits), so
    the bytes behind it cannot change; the URL is the one spelling of it, and a `revision`
    given beside it must be that commit."""
    pin = url_pin(url)
    if pin is None:
        return None
    if not COMMIT.match(pin.revision):
        return "source", (
            f"the URL names the revision {pin.revision!r} of {pin.repo_id}, not a commit: "
            "put the commit (40 hex digits) in the URL"
        )
    if revision is not None and revision != pin.revision:
        return "revision", f"{revision!r} is not the commit the URL names ({pin.revision})"
    return None


# --- access before the first job --------------------------------------------------------------


@dataclass(frozen=True)
class HubRepo:
    """A hub repository the run fetches from, and the config entries that fetch from it."""

    repo_type: str  # "model" or "dataset"
    repo_id: str
    endpoint: str | None  # None: huggingface_hub's own (HF_ENDPOINT), which fetch_model uses
    keys: tuple[str, ...]


def repos_to_fetch(
    config: Mapping[str, Any],
    *,
    models: Iterable[str] | None = None,
    corpora: Iterable[str] | None = None,
    workdir: str | os.PathLike = ".",
) -> list[HubRepo]:
    """The hub repositories that the named models and corpora (the run's fetch_model and
    fetch_source jobs) download from; where a list is None, every hub model or hub corpus of
    the configuration whose fetched folder (resources/models/<name>, resources/sources/<name>)
    does not exist yet. Built models, local folders and other URLs are no hub repositories."""

    def wanted(name: str, names: Iterable[str] | None, folder: str) -> bool:
        if names is not None:
            return name in set(names)
        return not Path(workdir, folder).exists()

    found: dict[tuple[str, str, str | None], list[str]] = {}
    for name, spec in config["models"].items():
        if is_hub_id(spec["source"]) and wanted(name, models, FETCHED_MODEL.format(model=name)):
            found.setdefault(("model", spec["source"], None), []).append(f"models.{name}")
    for name, entry in config["corpora"].items():
        pin = url_pin(entry["source"])
        if pin and pin.host == "hub" and wanted(name, corpora, SOURCE.format(source=name)):
            key = (pin.repo_type, pin.repo_id, pin.endpoint)
            found.setdefault(key, []).append(f"corpora.{name}")
    return [HubRepo(*key, tuple(keys)) for key, keys in found.items()]


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def access_problems(repos: Iterable[HubRepo]) -> list[str]:
    """One line per repository the current credentials cannot read, naming it, its page (where
    a gated repository's licence is accepted) and what to do. Each repository gets one request,
    huggingface_hub's `auth_check` (GET /api/<type>s/<id>/auth-check) with the token it finds
    (HF_TOKEN, else the one `hf auth login` saved): a gated repository answers 401 without a
    token and 403 for an account that has not been granted access, both `X-Error-Code:
    GatedRepo`. Needs huggingface_hub imported with HF_HUB_OFFLINE unset (`check_access`)."""
    from huggingface_hub import HfApi, constants
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    login = "set HF_TOKEN to a token of that account or run `hf auth login`"
    problems = []
    for repo in repos:
        endpoint = (repo.endpoint or constants.ENDPOINT).rstrip("/")
        page = UrlPin("hub", repo.repo_type, repo.repo_id, "", endpoint).page
        what = f"Hub access: cannot read {repo.repo_id} ({', '.join(repo.keys)})"
        try:
            HfApi(endpoint=endpoint).auth_check(repo.repo_id, repo_type=repo.repo_type)
            continue
        except GatedRepoError as err:
            status = err.response.status_code if err.response is not None else None
            if status == 403:
                problems.append(
                    f"{what}: gated, and the token's account has not been granted access "
                    f"(403 GatedRepo). Accept the licence at {page} with that account (or wait "
                    f"for the approval), or {login} with access."
                )
            else:
                problems.append(
                    f"{what}: gated, and no token was sent ({status} GatedRepo). Accept the "
                    f"licence at {page}, then {login}."
                )
        except RepositoryNotFoundError as err:
            status = err.response.status_code if err.response is not None else None
            problems.append(
                f"{what}: not found, or private ({status} RepoNotFound). Check the id at {page}; "
                f"for a private or gated repository accept its terms there, then {login}."
            )
        except HfHubHTTPError as err:
            problems.append(
                f"{what}: the hub refused ({_first_line(err)}). Accept the licence at {page}, "
                f"then {login} (a valid token)."
            )
        except Exception as err:  # the hub unreachable: DNS, refused connection, a proxy
            problems.append(
                f"{what}: {endpoint} could not be asked ({type(err).__name__}: "
                f"{_first_line(err)}); the submit host must reach the hub (README, 'Hub access "
                f"and hosts'). Its page: {page}; credentials: HF_TOKEN or `hf auth login`."
            )
    return problems


def check_access(
    config: Mapping[str, Any],
    *,
    models: Iterable[str] | None = None,
    corpora: Iterable[str] | None = None,
    workdir: str | os.PathLike = ".",
    timeout: float = 300,
) -> list[str]:
    """`access_problems` of `repos_to_fetch(...)`, asked from a fresh process whose environment
    is the fetch jobs' (HF_HUB_OFFLINE unset, as scripts/fetch_model.py unsets it; HF_ENDPOINT
    and HF_TOKEN as set), so the Snakemake process imports nothing of huggingface_hub. Nothing
    to fetch from the hub asks nothing."""
    repos = repos_to_fetch(config, models=models, corpora=corpora, workdir=workdir)
    if not repos:
        return []
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    }
    root = str(Path(__file__).resolve().parent.parent)
    code = f"import sys; sys.path.insert(0, {root!r}); from instructgen.hub import _access_main; _access_main()"
    payload = json.dumps([[r.repo_type, r.repo_id, r.endpoint, list(r.keys)] for r in repos])
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, payload],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        lines = done.stdout.strip().splitlines()
        if done.returncode == 0 and lines:
            return json.loads(lines[-1])
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
    except subprocess.TimeoutExpired:
        reason = f"no answer within {timeout:.0f} s"
    return [f"Hub access: the check of {len(repos)} repositories failed itself: {reason}"]


def _access_main() -> None:
    """check_access's child process: repositories as JSON in argv[1], problems as JSON out."""
    repos = [HubRepo(t, r, e, tuple(k)) for t, r, e, k in json.loads(sys.argv[1])]
    print(json.dumps(access_problems(repos)))


def fetches_in(dag: Any) -> dict[str, list[str] | None]:
    """The models and corpora a Snakemake run will fetch: the wildcards of the fetch_model and
    fetch_source jobs its DAG has to run (`check_access`'s `models` and `corpora`). None for
    both where the DAG cannot be read (another Snakemake): then every hub repository whose
    folder does not exist yet is checked."""
    try:
        jobs = list(dag.needrun_jobs())
        return {
            "models": [job.wildcards.fetched for job in jobs if job.rule.name == "fetch_model"],
            "corpora": [job.wildcards.source for job in jobs if job.rule.name == "fetch_source"],
        }
    except AttributeError:
        return {"models": None, "corpora": None}
