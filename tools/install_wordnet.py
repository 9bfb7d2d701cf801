"""Install WordNet 3.0 into a local NLTK data folder without NLTK's downloader.

NLTK's downloader needs network access that the pipeline machines do not have, but Debian ships
the same Princeton WordNet 3.0 database in ``wordnet-base`` (data, index and exception files)
and ``wordnet-sense-index`` (``index.sense``), under ``/usr/share/wordnet``. This script copies
those files into ``<dest>/corpora/wordnet/``, the layout ``nltk.corpus.reader.WordNetCorpusReader``
reads, and adds the one file Debian does not ship: ``lexnames``, the lexicographer file list of
the lexnames(5WN) man page.

Usage, from the repository root (``make`` runs it before the pipeline and the tests)::

    python tools/install_wordnet.py --dest resources/nltk_data

The install is idempotent (an existing complete install is left untouched) and atomic (files are
assembled and checked in a temporary sibling folder that is renamed into place last, so a crash
never leaves a half-written ``wordnet`` folder behind). If the Debian files are unavailable and
cannot be installed, it falls back to ``nltk.download("wordnet")`` where the network allows.

This is set-up, not part of the installed ``instructgen`` package; the library only reads the
result, through ``instructgen.wordnet``. Only the English WordNet is installed (see there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nltk

from instructgen.wordnet import open_wordnet, wordnet_dir

DEBIAN_WORDNET_DIR = Path("/usr/share/wordnet")
DEBIAN_PACKAGES: tuple[str, ...] = ("wordnet-base", "wordnet-sense-index")
DEBIAN_LICENSE = Path("/usr/share/doc/wordnet-base/copyright")

# Files NLTK's WordNetCorpusReader opens (its _FILES), minus "lexnames", which Debian lacks.
WORDNET_DATA_FILES: tuple[str, ...] = (
    "cntlist.rev",
    "index.sense",
    "index.adj",
    "index.adv",
    "index.noun",
    "index.verb",
    "data.adj",
    "data.adv",
    "data.noun",
    "data.verb",
    "adj.exc",
    "adv.exc",
    "noun.exc",
    "verb.exc",
)

# The 45 WordNet 3.0 lexicographer files in file-number order (00-44), as documented in the
# lexnames(5WN) man page. Synset records in data.* store the file number; NLTK maps it back to
# a name (Synset.lexname()) through this list.
LEXICOGRAPHER_FILES: tuple[str, ...] = (
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
)

# lexnames(5WN) syntactic category codes, keyed by the lexicographer file name's prefix.
_SYNTACTIC_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}


class WordNetSetupError(RuntimeError):
    """WordNet could not be installed from Debian packages nor downloaded."""


def lexnames_text() -> str:
    """Contents of the ``lexnames`` file: "NN<TAB>name<TAB>category" per line."""
    lines = []
    for number, name in enumerate(LEXICOGRAPHER_FILES):
        category = _SYNTACTIC_CATEGORY[name.split(".", 1)[0]]
        lines.append(f"{number:02d}\t{name}\t{category}\n")
    return "".join(lines)


def is_installed(dest: Path) -> bool:
    """True when ``dest`` holds a complete unpacked WordNet or NLTK's downloaded ``wordnet.zip``."""
    target = wordnet_dir(dest)
    required = (*WORDNET_DATA_FILES, "lexnames")
    if all((target / name).is_file() for name in required):
        return True
    return (target.parent / "wordnet.zip").is_file()


def missing_debian_files(source: Path = DEBIAN_WORDNET_DIR) -> list[str]:
    return [name for name in WORDNET_DATA_FILES if not (source / name).is_file()]


def can_install_debian_packages() -> bool:
    """apt-get is present and we are root, so missing packages can be installed."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def install_debian_packages() -> None:
    """``apt-get install`` the WordNet packages; refreshes the package lists once if needed."""
    if not can_install_debian_packages():
        raise WordNetSetupError(
            "WordNet files are missing from /usr/share/wordnet and cannot be installed "
            "(needs root and apt-get). Run as root: "
            f"apt-get install --no-install-recommends {' '.join(DEBIAN_PACKAGES)}"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *DEBIAN_PACKAGES]
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return
    # A fresh container often has empty package lists; refresh them and try once more.
    subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
    result = subprocess.run(install, env=env, check=False)
    if result.returncode != 0:
        raise WordNetSetupError(f"apt-get install {' '.join(DEBIAN_PACKAGES)} failed")


def _check_usable(folder: Path, nltk_data: Path) -> None:
    """Load the assembled corpus and look up a known synset, so a broken copy is never renamed
    into place (offsets in index.* must point at the right records in data.*)."""
    try:
        dog = open_wordnet(folder, nltk_data).synset("dog.n.01")
    except Exception as error:  # any failure to parse means a broken copy
        raise WordNetSetupError(f"WordNet copy in {folder} is unreadable: {error!r}") from error
    if dog.offset() != 2084071 or dog.lexname() != "noun.animal":
        raise WordNetSetupError(
            f"WordNet check failed in {folder}: dog.n.01 has offset {dog.offset()} "
            f"and lexname {dog.lexname()!r}; expected 2084071 and 'noun.animal'"
        )


def _assemble(source: Path, staging: Path, license_file: Path | None) -> None:
    for name in WORDNET_DATA_FILES:
        shutil.copyfile(source / name, staging / name)
    (staging / "lexnames").write_text(lexnames_text(), encoding="ascii")
    # The WordNet licence asks that its notice accompany every copy of the database.
    if license_file is not None and license_file.is_file():
        shutil.copyfile(license_file, staging / "LICENSE")


def install_from_directory(
    dest: Path, source: Path = DEBIAN_WORDNET_DIR, license_file: Path | None = DEBIAN_LICENSE
) -> Path:
    """Copy WordNet from ``source`` into ``dest/corpora/wordnet`` atomically; return that path."""
    missing = missing_debian_files(source)
    if missing:
        raise WordNetSetupError(f"{source} lacks WordNet files: {', '.join(missing)}")
    target = wordnet_dir(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The staging folder is a sibling of the target so the final rename stays on one filesystem.
    staging = Path(tempfile.mkdtemp(prefix=".wordnet-", dir=target.parent))
    try:
        _assemble(source, staging, license_file)
        _check_usable(staging, Path(dest))
        staging.chmod(0o755)  # mkdtemp creates 0700; others must be able to read the corpus
        try:
            staging.rename(target)
        except OSError:
            # Another process finished first; keep its copy if complete, else report.
            if not is_installed(dest):
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def download_wordnet(dest: Path) -> Path:
    """Fallback: NLTK's downloader (needs network); leaves ``corpora/wordnet.zip``."""
    if not nltk.download("wordnet", download_dir=str(dest), quiet=True, raise_on_error=True):
        raise WordNetSetupError("nltk.download('wordnet') failed")
    return wordnet_dir(dest).parent / "wordnet.zip"


def install_wordnet(dest: Path, *, allow_apt: bool = True, allow_download: bool = True) -> Path:
    """Make WordNet available under ``dest``; a no-op when it already is.

    Order: existing install, Debian files (installing the packages with apt-get as root), then
    NLTK's downloader. Raises :class:`WordNetSetupError` with every reason when all fail.
    """
    dest = Path(dest)
    if is_installed(dest):
        return wordnet_dir(dest)
    reasons: list[str] = []
    try:
        if missing_debian_files() and allow_apt:
            install_debian_packages()
        return install_from_directory(dest)
    except (WordNetSetupError, OSError) as error:
        reasons.append(f"Debian packages: {error}")
    if allow_download:
        try:
            return download_wordnet(dest)
        except Exception as error:  # the downloader raises many kinds (URLError, ValueError...)
            reasons.append(f"nltk.download: {error}")
    raise WordNetSetupError("could not install WordNet; " + "; ".join(reasons))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, required=True, help="NLTK data folder to fill")
    parser.add_argument(
        "--no-download", action="store_true", help="never fall back to nltk.download"
    )
    args = parser.parse_args(argv)
    try:
        path = install_wordnet(args.dest, allow_download=not args.no_download)
    except WordNetSetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
