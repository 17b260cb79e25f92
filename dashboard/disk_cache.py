"""What Taghtia can rebuild, kept on disk between starts (``$TAGHTIA_CACHE_DIR``).

Pickles named by a fingerprint of everything they were computed from, so a stale file is
never read: the validated demo (:mod:`dashboard.sources`) and the map files derived from the
reference geography and a dataset (:mod:`dashboard.app.reference`, :mod:`dashboard.app.cache`).
A file that cannot be read or written is skipped (the value is computed as if there were no
cache); the folder is safe to delete at any time.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

ENV_CACHE_DIR = "TAGHTIA_CACHE_DIR"
T = TypeVar("T")
MISSING = object()
"""What :func:`read_pickle` returns when there is nothing to read."""


def cache_dir() -> Path:
    """Where Taghtia keeps what it can rebuild (``$TAGHTIA_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/taghtia``, else ``~/.cache/taghtia``)."""
    named = os.environ.get(ENV_CACHE_DIR)
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taghtia"


def read_pickle(path: Path) -> object:
    """The value pickled at ``path``, or :data:`MISSING` when there is none or it cannot be
    read (damaged, written by other code)."""
    import pickle

    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            ValueError, TypeError, IndexError):
        return MISSING


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` at ``path`` atomically (readers see the old file or the new one);
    nothing when the folder cannot be written."""
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RuntimeError):
        pass


def fingerprint(files: Iterable[Path], *, stat_only: Iterable[Path] = (),
                extra: str = "") -> str:
    """SHA-256 (24 hex digits) of the files' bytes, the name, size and modification time of
    ``stat_only`` (large data files) and ``extra`` (library versions...)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    for path in stat_only:
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(extra.encode())
    return digest.hexdigest()[:24]


@functools.cache
def code_fingerprint() -> str:
    """Fingerprint of the code and reference data a derived value may depend on: every
    module of ``dashboard``, ``loaders`` and ``geodata``, the compiled translation catalogs
    (a value in a language holds their text), the reference geography files and the versions
    of Python and of the libraries that write and read the values."""
    import platform

    import numpy as np
    import pandas as pd

    root = Path(__file__).resolve().parent.parent
    code = sorted(path for package in ("dashboard", "loaders", "geodata")
                  for path in (root / package).rglob("*.py"))
    code += sorted((root / "dashboard" / "i18n" / "locale").rglob("*.mo"))
    data = sorted((root / "geodata" / "data").glob("*"))
    return fingerprint(code, stat_only=data, extra=(
        f"{platform.python_version()} pandas {pd.__version__} numpy {np.__version__}"))


def remembered(name: str, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or the value it returned for the same ``name`` and ``key`` under the
    same code (:func:`code_fingerprint`), read back from the cache folder.

    ``key`` must say everything the value depends on besides the code (a dataset's content
    fingerprint, a territory, a language): its ``repr`` is hashed into the file's name.
    """
    try:
        digest = hashlib.sha256(f"{key!r} {code_fingerprint()}".encode()).hexdigest()[:24]
        path: Path | None = cache_dir() / "derived" / f"{name}-{digest}.pickle"
    except (OSError, RuntimeError):  # no home directory, a file that cannot be read
        path = None
    if path is not None:
        found = read_pickle(path)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == name:
            return found[1]
    value = compute()
    if path is not None:
        write_pickle(path, (name, value))
    return value
