"""Fetch one corpus source: copy a shipped file or folder, or download a URL and verify it
against every checksum the config pins before anything reads it (rule main).

A URL of a hub or GitHub repository names its commit (instructgen.hub.url_pin), so the bytes
behind it cannot change; a `revision` given beside it must be that commit. The checksums: the
file's SHA-256, the git blob id a repository records for it, and for an archive the git tree id
of its unpacked top folder, which is the tree of the commit it was made from and so does not
change when the host recompresses the archive (GitHub's are not byte-stable). A URL with none of
them is refused unless the source (`allow_unpinned`) or the config (`allow_unpinned_downloads`)
allows it; the hashes it got are logged to pin.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import stat
import tarfile
import urllib.request
import zipfile
from pathlib import Path

from instructgen.errors import InputError
from instructgen.hub import url_revision_problem
from instructgen.io import atomic_dir, sha256_file
from instructgen.settings import SourceFetch

LOG = logging.getLogger(__name__)


def main(*, settings: SourceFetch, out_dir: str, allow_unpinned: bool = False) -> None:
    """Copy a local source, or download a URL, verify its checksums (SHA-256, the git blob id
    of the file, the git tree id of an archive's contents) and unpack archives."""
    source, sha256, git_blob_sha1 = settings.source, settings.sha256, settings.git_blob_sha1
    git_tree_sha1, archive_subdir = settings.git_tree_sha1, settings.archive_subdir
    with atomic_dir(out_dir) as tmp:
        if re.match(r"^https?://", source):
            problem = url_revision_problem(source, settings.revision)
            if problem:
                raise InputError(source, problem[1])
            if not (sha256 or git_blob_sha1 or git_tree_sha1) and not allow_unpinned:
                raise InputError(
                    source, "no pinned sha256, git blob id or git tree id for this download"
                )
            name = source.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
            target = tmp / name
            LOG.info("downloading %s", source)
            with urllib.request.urlopen(source, timeout=120) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            digest, blob = sha256_file(target), git_blob_sha1_of(target)
            LOG.info(
                "downloaded %d bytes: sha256 %s, git blob %s", target.stat().st_size, digest, blob
            )
            if git_blob_sha1 is not None and blob != git_blob_sha1:
                raise InputError(
                    source, f"checksum mismatch: expected git blob {git_blob_sha1}, got {blob}"
                )
            if sha256 is not None and digest != sha256:
                raise InputError(source, f"checksum mismatch: expected {sha256}, got {digest}")
            verified = [k for k, v in (("sha256", sha256), ("git blob", git_blob_sha1)) if v]
            if not _unpack(target, tmp, archive_subdir):
                if git_tree_sha1 is not None:
                    raise InputError(source, "a git tree id is pinned, but this is no archive")
            else:
                root = _archive_root(tmp)
                tree = git_tree_sha1_of(root)
                LOG.info("unpacked into %s: git tree %s", root.name, tree)
                if git_tree_sha1 is not None:
                    if tree != git_tree_sha1:
                        raise InputError(
                            source,
                            f"checksum mismatch: expected git tree {git_tree_sha1} for the "
                            f"unpacked {root.name}, got {tree}",
                        )
                    verified.append("git tree")
            if verified:
                LOG.info("verified: %s", ", ".join(verified))
            else:
                LOG.warning(
                    "UNPINNED download %s (allowed): sha256 %s; pin it in the config",
                    source,
                    digest,
                )
        else:
            path = Path(source)
            if not path.exists():
                raise InputError(source, "source does not exist")
            if path.is_dir():
                shutil.copytree(path, tmp, dirs_exist_ok=True)
            else:
                if sha256 and sha256_file(path) != sha256:
                    raise InputError(source, "checksum mismatch")
                shutil.copy2(path, tmp / path.name)


def git_blob_sha1_of(path: Path, chunk: int = 1 << 20) -> str:
    """The object id git gives the file's content: SHA-1 of "blob <size>\\0" and the bytes."""
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def git_tree_sha1_of(folder: Path) -> str:
    """The object id git gives a folder's tree: what `git rev-parse <commit>^{tree}` prints for
    the commit a `git archive` of it was made from. Entries are files (mode 100644, or 100755
    when executable), symbolic links (120000, the target as the blob) and folders (40000, each a
    tree of its own; git keeps no empty ones), sorted by name with a folder's name read as if it
    ended in '/'."""
    return _tree(folder) or _tree_id(b"")


def _tree_id(body: bytes) -> str:
    return hashlib.sha1(b"tree %d\0" % len(body) + body).hexdigest()


def _tree(folder: Path) -> str | None:
    """The tree id of a folder, or None when it holds no file at any depth."""
    entries = []
    for entry in os.scandir(folder):
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            target = os.readlink(entry.path).encode()
            oid = hashlib.sha1(b"blob %d\0" % len(target) + target).hexdigest()
            entries.append((entry.name, "120000", oid))
        elif stat.S_ISDIR(mode):
            subtree = _tree(Path(entry.path))
            if subtree is not None:
                entries.append((entry.name + "/", "40000", subtree))
        else:
            executable = "100755" if mode & stat.S_IXUSR else "100644"
            entries.append((entry.name, executable, git_blob_sha1_of(Path(entry.path))))
    if not entries:
        return None
    body = b"".join(
        f"{mode} {name.removesuffix('/')}".encode() + b"\0" + bytes.fromhex(oid)
        for name, mode, oid in sorted(entries, key=lambda e: e[0].encode())
    )
    return _tree_id(body)


def _archive_root(folder: Path) -> Path:
    """An unpacked archive's top folder when it holds just one (as GitHub's archives do: every
    file under <repo>-<commit>/), else the folder itself."""
    children = list(folder.iterdir())
    if len(children) == 1 and children[0].is_dir() and not children[0].is_symlink():
        return children[0]
    return folder


def _unpack(archive: Path, into: Path, subdir: str | None) -> bool:
    """Unpack an archive into `into` and delete it; False for a file that is no archive."""
    name = archive.name
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="data")
    elif name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise InputError(str(archive), f"unsafe path in archive: {member}")
            zf.extractall(into)
    else:
        return False
    archive.unlink()
    if subdir:
        matches = [p for p in into.rglob(subdir) if p.is_dir()]
        if not matches:
            raise InputError(str(archive), f"archive has no folder {subdir}")
    return True
