"""Read WordNet 3.0 from a local NLTK data folder at run time.

The folder is filled beforehand by ``python tools/install_wordnet.py --dest <folder>`` (``make``
does this); nothing here installs, downloads or runs a program. The layout is NLTK's:
``<nltk_data>/corpora/wordnet/`` unpacked, or ``corpora/wordnet.zip`` as ``nltk.download``
leaves it.

Only the English WordNet is read. ``nltk.corpus.wordnet`` also refers to the multilingual
``omw-2.0`` corpus, but loads it lazily and only for ``lang != "eng"`` queries; neither synset
look-ups nor METEOR's synonym matching touch it, so it is not needed here.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.data import PathPointer

from instructgen import environment

# Multilingual-WordNet warning NLTK raises when a reader is built without an OMW reader; it is
# irrelevant for English-only use.
_NO_OMW_WARNING = "The multilingual functions are not available"


def wordnet_dir(dest: Path) -> Path:
    """Where the WordNet corpus lives inside an NLTK data folder."""
    return Path(dest) / "corpora" / "wordnet"


def authorise_data_root(nltk_data: Path) -> None:
    """Let NLTK read corpora under ``nltk_data``.

    Recent NLTK (3.10 here, module ``nltk.pathsec``) refuses to open corpus files outside
    ``nltk.data.path`` and ``NLTK_DATA``, so a WordNet elsewhere must be registered first.
    """
    root = str(Path(nltk_data).resolve())
    if root not in nltk.data.path:
        nltk.data.path.append(root)


class EnglishWordNetReader(WordNetCorpusReader):
    """WordNetCorpusReader that skips the WordNet-3.0 sense mapping when it is the identity.

    On construction NLTK maps synset ids of the search path's ``corpora/wordnet`` onto the
    loaded corpus (``map_wn``); the map is only used to read multilingual (OMW) data. For a
    WordNet 3.0 corpus it is the identity, yet computing it looks ``corpora/wordnet`` up on
    NLTK's search path, which fails for a corpus still being staged and otherwise reads
    ``index.sense`` twice. So it is skipped for 3.0 and kept for any other version.
    """

    def map_wn(self, version: str = "wordnet") -> dict[str, str] | None:
        if self.get_version() == "3.0":
            return None
        return super().map_wn(version)


def open_wordnet(root: Path | PathPointer, nltk_data: Path | None = None) -> WordNetCorpusReader:
    """An English-only WordNet reader on a ``corpora/wordnet`` folder or zip pointer.

    ``nltk_data`` is the data folder holding ``root``; it is authorised for NLTK first.
    """
    if nltk_data is not None:
        authorise_data_root(nltk_data)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_NO_OMW_WARNING)
        return EnglishWordNetReader(root if isinstance(root, PathPointer) else str(root), None)


@lru_cache(maxsize=4)
def load_wordnet(nltk_data: str | None = None) -> WordNetCorpusReader:
    """WordNet from ``<nltk_data>/corpora/wordnet`` (unpacked or ``wordnet.zip``); when
    ``nltk_data`` is None, from the checkout's folder (``instructgen.environment.nltk_data``)."""
    if nltk_data is None:
        nltk_data = str(environment.nltk_data())
    # Authorise first: NLTK refuses to open even the zip file outside its data path.
    authorise_data_root(Path(nltk_data))
    folder = wordnet_dir(Path(nltk_data))
    if folder.is_dir():
        return open_wordnet(folder)
    zipped = folder.parent / "wordnet.zip"
    if zipped.is_file():  # what nltk.download leaves behind
        return open_wordnet(nltk.data.ZipFilePathPointer(str(zipped), "wordnet/"))
    raise FileNotFoundError(
        f"no WordNet under {nltk_data}; run `python tools/install_wordnet.py --dest {nltk_data}`"
    )
