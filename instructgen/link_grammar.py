"""Where the offline parser's library comes from: CMU Link Grammar, as Debian 12 packages it.

``make link-grammar`` (a prerequisite of ``make run`` and ``make test``) installs, as root,
``python3-link-grammar`` (the C library and its Python bindings) and
``link-grammar-dictionaries-en`` (the English dictionary). PyPI has no build of these bindings.

Debian builds the bindings for its own ``/usr/bin/python3``, CPython 3.11, the same ABI as the
project's venv. When the running Python cannot import ``linkgrammar`` itself, :func:`load` loads
Debian's package folder as the ``linkgrammar`` package, without adding anything to ``sys.path``
(that folder's parent holds every Debian Python package) and without touching the venv.

This module imports nothing heavy, so the workflow can call :func:`problem` when it starts.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

DEBIAN_DIR = Path("/usr/lib/python3/dist-packages/linkgrammar")
DEBIAN_DICTIONARY = Path("/usr/share/link-grammar/en/4.0.dict")
DEBIAN_PACKAGES = ("python3-link-grammar", "link-grammar-dictionaries-en")
INSTALL_HINT = (
    "Link Grammar is not installed. As root run `make link-grammar` (apt-get install "
    f"--no-install-recommends {' '.join(DEBIAN_PACKAGES)} on Debian 12), or use parser "
    "'benepar' with its downloaded model."
)


def _debian_builds() -> list[Path]:
    """Debian's compiled bindings that this Python can load (its ABI tag in the file name)."""
    tag = f"cpython-{sys.version_info.major}{sys.version_info.minor}"
    return sorted(DEBIAN_DIR.glob(f"_clinkgrammar.{tag}*.so"))


def problem() -> str | None:
    """Why :func:`load` would fail, as one line, or None. Looks at files only."""
    if "linkgrammar" in sys.modules or importlib.util.find_spec("linkgrammar") is not None:
        return None
    if not (DEBIAN_DIR / "__init__.py").is_file() or not DEBIAN_DICTIONARY.is_file():
        return INSTALL_HINT
    if not _debian_builds():
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return f"Debian's Link Grammar bindings in {DEBIAN_DIR} are not built for Python {version}"
    return None


def load() -> ModuleType:
    """The ``linkgrammar`` bindings; ImportError with a one-line install hint if unavailable."""
    if "linkgrammar" in sys.modules or importlib.util.find_spec("linkgrammar") is not None:
        import linkgrammar

        return linkgrammar
    reason = problem()
    if reason is not None:
        raise ImportError(reason)
    spec = importlib.util.spec_from_file_location(
        "linkgrammar", DEBIAN_DIR / "__init__.py", submodule_search_locations=[str(DEBIAN_DIR)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["linkgrammar"] = module  # its submodules import "linkgrammar.clinkgrammar"
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        del sys.modules["linkgrammar"]
        raise ImportError(f"{INSTALL_HINT} ({error})") from error
    return module
