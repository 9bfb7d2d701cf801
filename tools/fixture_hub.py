"""A fixture model hub and file server on 127.0.0.1, for tests and offline runs.

It answers the requests huggingface_hub (2.4) makes for `snapshot_download`, `hf_hub_download`,
`HfApi.model_info`/`dataset_info`/`repo_info` and `HfApi.list_repo_tree`, and serves plain files
for the corpora's URLs, all from one folder:

    ROOT/models/<org>/<repo>/<revision>/...     model repositories
    ROOT/datasets/<org>/<repo>/<revision>/...   dataset repositories
    ROOT/files/<path>                           anything else, served at /files/<path>

A revision folder named by a 40-hex commit is that commit; any other name (`main`, a tag) is a
branch whose commit is a hash of its file listing, so a request for either finds the folder.
`<revision>.recorded.json` beside a revision folder (written by `record`) is the hub's record of
its files: the API then reports those sizes and hashes while the resolve endpoints serve the
bytes on disk, which is how a test serves a tampered file (a broken mirror or CDN).

Endpoints (huggingface_hub code paths that use them):

- GET /api/{models,datasets}/<org>/<repo>[/revision/<rev>][?blobs=true]: repo info with `sha`
  and `siblings` (`size`, `blobId`, `lfs.sha256`/`size`/`pointerSize` with blobs=true);
  `HfApi.model_info`, `dataset_info`, `repo_info`, and `snapshot_download` when the revision
  is not a commit hash.
- GET /api/{models,datasets}/<org>/<repo>/tree/<rev>[/<path>][?recursive=true]: file and
  folder entries (`type`, `path`, `oid`, `size`, `lfs.oid`/`size`/`pointerSize`), one page, no
  `Link` header; `HfApi.list_repo_tree`, which `snapshot_download` lists the files with.
- HEAD and GET /<org>/<repo>/resolve/<rev>/<path> and /datasets/<org>/<repo>/resolve/<rev>/
  <path>: a small (git) file answers 200 with `ETag` (git blob SHA-1), `X-Repo-Commit` and
  `Content-Length`; an LFS file (weights, parquet, archives, anything over 10 MiB) answers 302
  with `Location` on another origin (the CDN below), `X-Linked-Etag` (SHA-256),
  `X-Linked-Size`, `X-Repo-Commit` and `ETag`, as the hub does. `get_hf_file_metadata` (the
  HEAD of every `hf_hub_download`) reads exactly these headers; `http_get` then GETs the
  location, resuming with `Range` if a read fails. Missing repos, revisions and files answer
  404 with the hub's `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound), which
  `hf_raise_for_status` turns into the library's own errors.
- HEAD and GET /cdn-lfs/<type>s/<org>/<repo>/<commit>/<path>: the LFS bytes (the "CDN"). A
  request that came in on 127.0.0.1 is redirected to localhost and the other way round, so the
  redirect leaves the hub's origin like the real one to the CDN does (the client then takes the
  file's metadata from the 302 and sends no credentials to the CDN).
- HEAD and GET /files/<path>: plain files (GitHub archives, raw.githubusercontent.com files).
- GET /api/{models,datasets}/<org>/<repo>/auth-check: 200 when the request may read the
  repository (`HfApi.auth_check`, which the workflow's access check asks before any job).
- GET /api/agent-harnesses: an empty registry (huggingface_hub's agent detection asks once).
- GET /health: "ok".

Gated repositories (`--gated org/repo` for a model, `--gated datasets/org/repo` for a dataset,
repeatable) answer the API and resolve requests as the hub answers them for a gated repository
whose licence the caller has not accepted: 401 with `X-Error-Code: GatedRepo` without an
`Authorization: Bearer <token>` header, 403 with the same code for a token other than the one
the hub was started with (`--token`: an account without access), which huggingface_hub turns
into GatedRepoError; with that token they serve as any other. The CDN needs no token, as on the
real hub (the redirect to it is the hub's permission).

Run `python tools/fixture_hub.py --root DIR --port PORT --pid-file FILE` (port 0 picks a free
one; `--port-file` receives it) and stop it with `--stop --pid-file FILE`. Point clients at it
with HF_ENDPOINT=http://127.0.0.1:PORT (and HF_TOKEN=<the token> for gated repositories).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

COMMIT = re.compile(r"^[0-9a-f]{40}$")
REPO_TYPES = {"models": "model", "datasets": "dataset"}
RECORDED_SUFFIX = ".recorded.json"
# The suffixes the hub's default .gitattributes stores in LFS, plus its size rule.
LFS_SUFFIXES = (
    ".7z", ".arrow", ".bin", ".bz2", ".ckpt", ".ftz", ".gz", ".h5", ".joblib", ".lfs",
    ".mlmodel", ".model", ".msgpack", ".npy", ".npz", ".onnx", ".ot", ".parquet", ".pb",
    ".pickle", ".pkl", ".pt", ".pth", ".rar", ".safetensors", ".tar", ".tflite", ".tgz",
    ".wasm", ".xz", ".zip", ".zst",
)  # fmt: skip
LFS_MIN_SIZE = 10 * 1024 * 1024
LAST_MODIFIED = "2024-01-01T00:00:00.000Z"
CHUNK = 1 << 20


# --- file metadata ----------------------------------------------------------------------------


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


_DIGESTS: dict[tuple[str, int, int], tuple[int, str, str]] = {}
_DIGESTS_LOCK = threading.Lock()


def digests(path: Path) -> tuple[int, str, str]:
    """(size, SHA-256, git blob SHA-1) of a file's bytes, cached by path, size and mtime."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _DIGESTS_LOCK:
        if key in _DIGESTS:
            return _DIGESTS[key]
    sha256 = hashlib.sha256()
    sha1 = hashlib.sha1(b"blob %d\0" % stat.st_size)
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            sha256.update(block)
            sha1.update(block)
    value = (stat.st_size, sha256.hexdigest(), sha1.hexdigest())
    with _DIGESTS_LOCK:
        _DIGESTS[key] = value
    return value


def is_lfs(path: str, size: int) -> bool:
    return path.endswith(LFS_SUFFIXES) or size >= LFS_MIN_SIZE


def lfs_pointer(sha256: str, size: int) -> bytes:
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


@dataclass(frozen=True)
class RepoFile:
    path: str
    size: int
    sha256: str
    blob_id: str  # git blob SHA-1 of the file, or of its LFS pointer
    lfs: bool
    pointer_size: int | None

    def sibling(self, blobs: bool) -> dict:
        entry: dict = {"rfilename": self.path}
        if blobs:
            entry.update(size=self.size, blobId=self.blob_id)
            if self.lfs:
                entry["lfs"] = {
                    "size": self.size,
                    "sha256": self.sha256,
                    "pointerSize": self.pointer_size,
                }
        return entry

    def tree_entry(self) -> dict:
        entry: dict = {"type": "file", "oid": self.blob_id, "size": self.size, "path": self.path}
        if self.lfs:
            entry["lfs"] = {"oid": self.sha256, "size": self.size, "pointerSize": self.pointer_size}
        return entry


def describe_file(path: str, size: int, sha256: str, blob_sha1: str) -> RepoFile:
    if is_lfs(path, size):
        pointer = lfs_pointer(sha256, size)
        return RepoFile(path, size, sha256, git_blob_sha1(pointer), True, len(pointer))
    return RepoFile(path, size, sha256, blob_sha1, False, None)


def scan(folder: Path) -> dict[str, RepoFile]:
    """Every file under a revision folder as the hub would list it (from the bytes on disk)."""
    files = {}
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        files[rel] = describe_file(rel, *digests(file))
    return files


def tree_commit(files: dict[str, RepoFile]) -> str:
    """A stable commit id for a branch folder: a hash of its listing."""
    digest = hashlib.sha1()
    for path, entry in sorted(files.items()):
        digest.update(f"{path}\0{entry.sha256}\0{entry.size}\n".encode())
    return digest.hexdigest()


def record(revision_dir: str | os.PathLike) -> Path:
    """Write the hub's record of a revision folder's files (sizes, hashes) beside it."""
    folder = Path(revision_dir)
    files = scan(folder)
    out = folder.parent / f"{folder.name}{RECORDED_SUFFIX}"
    payload = {
        "commit": folder.name if COMMIT.match(folder.name) else tree_commit(files),
        "files": {
            p: {"size": f.size, "sha256": f.sha256, "blob_id": f.blob_id} for p, f in files.items()
        },
    }
    out.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    return out


@dataclass
class Revision:
    repo_id: str
    repo_type: str  # "models" or "datasets"
    folder: Path
    commit: str
    files: dict[str, RepoFile]  # what the API reports (recorded, else the bytes on disk)

    def file_on_disk(self, path: str) -> Path | None:
        target = self.folder.joinpath(*path.split("/"))
        return target if target.is_file() else None


def load_revision(repo_dir: Path, repo_id: str, repo_type: str, name: str) -> Revision | None:
    """The revision folder a branch, tag or commit names, or None."""
    candidates = [d for d in sorted(repo_dir.iterdir()) if d.is_dir()] if repo_dir.is_dir() else []
    for folder in candidates:
        recorded_path = folder.parent / f"{folder.name}{RECORDED_SUFFIX}"
        if recorded_path.exists():
            recorded = json.loads(recorded_path.read_text())
            files = {
                p: describe_file(p, m["size"], m["sha256"], m["blob_id"])
                for p, m in recorded["files"].items()
            }
            commit = recorded["commit"]
        else:
            if folder.name != name and not COMMIT.match(name):
                continue
            files = scan(folder)
            commit = folder.name if COMMIT.match(folder.name) else tree_commit(files)
        if name in (folder.name, commit):
            return Revision(repo_id, repo_type, folder, commit, files)
    return None


def commit_of(revision_dir: str | os.PathLike) -> str:
    """The commit the server reports for a revision folder."""
    folder = Path(revision_dir)
    revision = load_revision(folder.parent, "", "", folder.name)
    if revision is None:
        raise FileNotFoundError(folder)
    return revision.commit


# --- HTTP -------------------------------------------------------------------------------------


class HubError(Exception):
    def __init__(self, status: int, code: str | None, message: str, commit: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.commit = status, code, message, commit


def split_path(raw: str) -> list[str]:
    """URL path segments, each unquoted after splitting (revisions may hold an encoded '/')."""
    parts = [unquote(p) for p in urlsplit(raw).path.split("/") if p]
    for part in parts:
        pieces = part.split("/")
        if "\0" in part or "\\" in part or any(p in ("", ".", "..") for p in pieces):
            raise HubError(400, None, "bad path")
    return parts


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture-hub/1"
    root: Path
    cdn_url: str | None
    verbose: bool
    gated: frozenset[tuple[str, str]]  # (repo type folder, repo id)
    token: str | None

    # Routing ------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(send_body=False)

    def _dispatch(self, send_body: bool) -> None:
        try:
            parts = split_path(self.path)
            query = parse_qs(urlsplit(self.path).query)
            if parts == ["health"]:
                self._send_bytes(b"ok\n", "text/plain", send_body)
            elif parts == ["api", "agent-harnesses"]:
                # huggingface_hub's agent detection asks for this registry; none is known here.
                self._send_json({"standardEnvVars": [], "harnesses": {}}, send_body)
            elif parts[:1] == ["api"] and len(parts) >= 4 and parts[1] in REPO_TYPES:
                self._api(parts[1], f"{parts[2]}/{parts[3]}", parts[4:], query, send_body)
            elif parts[:1] == ["cdn-lfs"] and len(parts) >= 6 and parts[1] in REPO_TYPES:
                revision = self._revision(parts[1], f"{parts[2]}/{parts[3]}", parts[4])
                self._send_file(self._disk_file(revision, "/".join(parts[5:])), send_body)
            elif parts[:1] == ["files"] and len(parts) >= 2:
                target = self.root.joinpath("files", *parts[1:])
                if not target.resolve().is_relative_to(self.root / "files") or not target.is_file():
                    raise HubError(404, "EntryNotFound", f"no file {'/'.join(parts[1:])}")
                self._send_file(target, send_body)
            elif parts[:1] == ["datasets"] and len(parts) >= 6 and parts[3] == "resolve":
                self._resolve("datasets", f"{parts[1]}/{parts[2]}", parts[4], parts[5:], send_body)
            elif len(parts) >= 5 and parts[2] == "resolve":
                self._resolve("models", f"{parts[0]}/{parts[1]}", parts[3], parts[4:], send_body)
            else:
                raise HubError(404, None, f"no route for {self.path}")
        except HubError as err:
            self._send_error(err, send_body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # Repositories -------------------------------------------------------------------------

    def _repo_dir(self, repo_type: str, repo_id: str) -> Path:
        repo_dir = self.root.joinpath(repo_type, *repo_id.split("/"))
        if not repo_dir.is_dir():
            raise HubError(404, "RepoNotFound", "Repository not found")
        return repo_dir

    def _gate(self, repo_type: str, repo_id: str) -> None:
        """Refuse a gated repository to a request without the hub's token, as the hub does."""
        if (repo_type, repo_id) not in self.gated:
            return
        sent = self.headers.get("Authorization")
        if self.token and sent == f"Bearer {self.token}":
            return
        kind = REPO_TYPES[repo_type]
        if sent is None:
            message = (
                f"Access to {kind} {repo_id} is restricted. You must have access to it and be "
                "authenticated to access it. Please log in."
            )
            raise HubError(401, "GatedRepo", message)
        page = f"/{'datasets/' if repo_type == 'datasets' else ''}{repo_id}"
        message = (
            f"Access to {kind} {repo_id} is restricted and you are not in the authorized "
            f"list. Visit {page} to ask for access."
        )
        raise HubError(403, "GatedRepo", message)

    def _revision(self, repo_type: str, repo_id: str, name: str) -> Revision:
        repo_dir = self._repo_dir(repo_type, repo_id)
        revision = load_revision(repo_dir, repo_id, repo_type, name)
        if revision is None:
            raise HubError(404, "RevisionNotFound", f"Invalid rev id: {name}")
        return revision

    def _disk_file(self, revision: Revision, path: str) -> Path:
        target = revision.file_on_disk(path)
        if target is None or path not in revision.files:
            raise HubError(404, "EntryNotFound", f"{path} does not exist", revision.commit)
        return target

    def _api(self, repo_type: str, repo_id: str, rest: list[str], query, send_body: bool):
        self._repo_dir(repo_type, repo_id)
        self._gate(repo_type, repo_id)
        if not rest:
            rest = ["revision", "main"]
        if rest == ["auth-check"]:
            self._send_json({}, send_body)
        elif rest[0] == "revision" and len(rest) == 2:
            revision = self._revision(repo_type, repo_id, rest[1])
            blobs = query.get("blobs", ["false"])[0].lower() == "true"
            info = {
                "_id": hashlib.sha1(repo_id.encode()).hexdigest()[:24],
                "id": repo_id,
                "author": repo_id.split("/")[0],
                "sha": revision.commit,
                "lastModified": LAST_MODIFIED,
                "createdAt": LAST_MODIFIED,
                "private": False,
                "gated": "manual" if (repo_type, repo_id) in self.gated else False,
                "disabled": False,
                "downloads": 0,
                "likes": 0,
                "tags": [],
                "siblings": [f.sibling(blobs) for _, f in sorted(revision.files.items())],
            }
            if repo_type == "models":
                info["modelId"] = repo_id
            self._send_json(info, send_body)
        elif rest[0] == "tree" and len(rest) >= 2:
            revision = self._revision(repo_type, repo_id, rest[1])
            prefix = "/".join(rest[2:])
            recursive = query.get("recursive", ["false"])[0].lower() == "true"
            self._send_json(tree(revision, prefix, recursive), send_body)
        else:
            raise HubError(404, None, f"no API route for {self.path}")

    def _resolve(self, repo_type: str, repo_id: str, name: str, path: list[str], send_body):
        self._repo_dir(repo_type, repo_id)
        self._gate(repo_type, repo_id)
        revision = self._revision(repo_type, repo_id, name)
        rel = "/".join(path)
        target = self._disk_file(revision, rel)
        size, sha256, blob_sha1 = digests(target)
        served = describe_file(rel, size, sha256, blob_sha1)
        headers = {"X-Repo-Commit": revision.commit, "Accept-Ranges": "bytes"}
        if served.lfs:
            host = (self.headers.get("Host") or "").split(":")[0]
            cdn = self.cdn_url or "http://{}:{}".format(
                "127.0.0.1" if host == "localhost" else "localhost", self.server.server_port
            )
            location = f"{cdn}/cdn-lfs/{repo_type}/{repo_id}/{revision.commit}/{quote(rel)}"
            headers.update(
                {
                    "Location": location,
                    "ETag": f'"{served.blob_id}"',
                    "X-Linked-Etag": f'"{sha256}"',
                    "X-Linked-Size": str(size),
                }
            )
            self._send(302, b"", "text/plain", headers, send_body)
        else:
            self._send_file(target, send_body, {**headers, "ETag": f'"{blob_sha1}"'})

    # Responses ----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, ctype: str, headers: dict, send_body: bool):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", formatdate(usegmt=True))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

    def _send_bytes(self, body: bytes, ctype: str, send_body: bool) -> None:
        self._send(200, body, ctype, {}, send_body)

    def _send_json(self, obj, send_body: bool) -> None:
        self._send_bytes(json.dumps(obj).encode(), "application/json; charset=utf-8", send_body)

    def _send_error(self, err: HubError, send_body: bool) -> None:
        headers = {"X-Error-Message": err.message}
        if err.code:
            headers["X-Error-Code"] = err.code
        if err.commit:
            headers["X-Repo-Commit"] = err.commit
        body = json.dumps({"error": err.message}).encode()
        self._send(err.status, body, "application/json", headers, send_body)

    def _send_file(self, target: Path, send_body: bool, headers: dict | None = None) -> None:
        """Send a file's bytes, or the byte range a `Range: bytes=a-[b]` header asks for."""
        headers = dict(headers or {})
        size, sha256, _ = digests(target)
        headers.setdefault("ETag", f'"{sha256}"')
        headers.setdefault("Accept-Ranges", "bytes")
        start, end, status = 0, size - 1, 200
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", "") or "")
        if match:
            start = int(match.group(1))
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            if start >= size or start > end:
                headers["Content-Range"] = f"bytes */{size}"
                self._send(416, b"", "text/plain", headers, send_body)
                return
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        length = end - start + 1
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.send_header("Date", formatdate(usegmt=True))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if not send_body:
            return
        with open(target, "rb") as handle:
            handle.seek(start)
            remaining = length
            while remaining > 0:
                block = handle.read(min(CHUNK, remaining))
                if not block:
                    break
                self.wfile.write(block)
                remaining -= len(block)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        if self.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def tree(revision: Revision, prefix: str, recursive: bool) -> list[dict]:
    """The tree API's entries under `prefix`: folders first level (or all), then files."""
    base = f"{prefix}/" if prefix else ""
    if prefix and not any(p.startswith(base) for p in revision.files):
        raise HubError(404, "EntryNotFound", f"{prefix} does not exist", revision.commit)
    folders: set[str] = set()
    files = []
    for path, entry in sorted(revision.files.items()):
        if not path.startswith(base):
            continue
        rest = path[len(base) :].split("/")
        for depth in range(1, len(rest)):
            if depth > 1 and not recursive:
                break
            folders.add(base + "/".join(rest[:depth]))
        if recursive or len(rest) == 1:
            files.append(entry.tree_entry())
    entries = [
        {"type": "directory", "oid": hashlib.sha1(f.encode()).hexdigest(), "size": 0, "path": f}
        for f in sorted(folders)
    ]
    return entries + files


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # snapshot_download opens 8 connections at once


def gated_repo(name: str) -> tuple[str, str]:
    """A `--gated` name as (repo type folder, repo id): `org/repo` is a model repository,
    `datasets/org/repo` a dataset."""
    parts = name.strip("/").split("/")
    if len(parts) == 3 and parts[0] in REPO_TYPES:
        return parts[0], "/".join(parts[1:])
    if len(parts) == 2:
        return "models", name.strip("/")
    raise ValueError(f"not a repository id: {name!r} (org/repo or datasets/org/repo)")


def make_server(
    root: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    cdn_url: str | None = None,
    verbose: bool = False,
    gated: Iterable[str] = (),
    token: str | None = None,
) -> ThreadingHTTPServer:
    """The server, bound and not yet serving (`serve_forever` starts it); the `gated`
    repositories are read only with `token`."""
    handler = type(
        "FixtureHubHandler",
        (Handler,),
        {
            "root": Path(root).resolve(),
            "cdn_url": cdn_url,
            "verbose": verbose,
            "gated": frozenset(gated_repo(name) for name in gated),
            "token": token,
        },
    )
    server = Server((host, port), handler)
    return server


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, exited but not yet reaped by its parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] != "Z"


def _stop(pid_file: Path, timeout: float = 10.0) -> int:
    if not pid_file.exists():
        print(f"no PID file {pid_file}: nothing to stop", file=sys.stderr)
        return 1
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pid_file.unlink(missing_ok=True)
        print(f"process {pid} was not running; removed {pid_file}", file=sys.stderr)
        return 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        time.sleep(0.05)
    else:
        print(f"process {pid} did not stop within {timeout:.0f} s", file=sys.stderr)
        return 1
    pid_file.unlink(missing_ok=True)
    return 0


@contextlib.contextmanager
def running(
    root: str | os.PathLike,
    state_dir: str | os.PathLike,
    timeout: float = 30.0,
    gated: Iterable[str] = (),
    token: str | None = None,
):
    """Run the server as a child process (the CLI, on a free port) and yield its base URL;
    stop it by its PID file afterwards. `gated` repositories are read only with `token`."""
    state = Path(state_dir)
    state.mkdir(parents=True, exist_ok=True)
    pid_file, port_file = state / "fixture_hub.pid", state / "fixture_hub.port"
    port_file.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--root", str(root), "--port", "0"]
    command += ["--pid-file", str(pid_file), "--port-file", str(port_file)]
    for name in gated:
        command += ["--gated", name]
    if token is not None:
        command += ["--token", token]
    log = open(state / "fixture_hub.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not (pid_file.exists() and port_file.exists()):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"fixture hub did not start: {(state / 'fixture_hub.log')}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{int(port_file.read_text())}"
    finally:
        if process.poll() is None:
            if pid_file.exists():
                _stop(pid_file)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", help="folder with models/, datasets/ and files/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--pid-file", required=True)
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--cdn-url", help="base URL LFS files redirect to (default: other host)")
    parser.add_argument("--stop", action="store_true", help="stop the server the PID file names")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--gated",
        action="append",
        default=[],
        metavar="REPO",
        help="a gated repository (org/repo, or datasets/org/repo); repeatable",
    )
    parser.add_argument("--token", help="the token that reads the gated repositories")
    args = parser.parse_args(argv)
    pid_file = Path(args.pid_file)
    if args.stop:
        return _stop(pid_file)
    if not args.root or not Path(args.root).is_dir():
        parser.error(f"--root must be a folder (got {args.root!r})")
    for name in args.gated:
        try:
            gated_repo(name)
        except ValueError as err:
            parser.error(str(err))
    server = make_server(
        args.root, args.host, args.port, args.cdn_url, args.verbose, args.gated, args.token
    )
    port = server.server_port

    def _terminate(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _terminate)
    if args.port_file:
        _write_atomic(Path(args.port_file), f"{port}\n")
    _write_atomic(pid_file, f"{os.getpid()}\n")
    print(f"fixture hub serving {args.root} on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if pid_file.exists() and pid_file.read_text().split()[:1] == [str(os.getpid())]:
            pid_file.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
