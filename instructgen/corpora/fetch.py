"""Fetch one corpus source: copy a shipped file or folder, or download a URL and verify its
pinned SHA-256 before anything reads it (rule main).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import tarfile
import urllib.request
import zipfile
from pathlib import Path

from instructgen.errors import InputError
from instructgen.io import atomic_dir, sha256_file
from instructgen.settings import SourceFetch

LOG = logging.getLogger(__name__)


def main(*, settings: SourceFetch, out_dir: str, allow_unpinned: bool = False) -> None:
    """Copy a local source, or download a URL, verify its checksum (SHA-256, or the git blob
    SHA-1 a repository records for a file too large to read here) and unpack archives."""
    source, sha256, git_blob_sha1 = settings.source, settings.sha256, settings.git_blob_sha1
    revision, archive_subdir = settings.revision, settings.archive_subdir
    with atomic_dir(out_dir) as tmp:
        if re.match(r"^https?://", source):
            name = source.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
            target = tmp / name
            LOG.info("downloading %s (revision %s)", source, revision or "as in the URL")
            with urllib.request.urlopen(source, timeout=120) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            digest = sha256_file(target)
            if git_blob_sha1 is not None:
                blob = git_blob_sha1_of(target)
                if blob != git_blob_sha1:
                    raise InputError(
                        source, f"checksum mismatch: expected git blob {git_blob_sha1}, got {blob}"
                    )
                LOG.info("git blob checksum verified: %s (sha256 %s)", blob, digest)
            elif sha256 is None:
                if not allow_unpinned:
                    raise InputError(source, "no pinned sha256 for this download")
                LOG.warning(
                    "UNPINNED download %s has sha256 %s: pin it in the config", source, digest
                )
            elif digest != sha256:
                raise InputError(source, f"checksum mismatch: expected {sha256}, got {digest}")
            else:
                LOG.info("checksum verified: %s", digest)
            _unpack(target, tmp, archive_subdir)
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


def _unpack(archive: Path, into: Path, subdir: str | None) -> None:
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
        return
    archive.unlink()
    if subdir:
        matches = [p for p in into.rglob(subdir) if p.is_dir()]
        if not matches:
            raise InputError(str(archive), f"archive has no folder {subdir}")
