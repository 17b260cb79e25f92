"""Named, versioned datasets kept in a database shared by every user and app replica.

A *dataset* (``registre-national``, ``khenifra``) has *versions*; each import of files makes
one, keeping the files' bytes and SHA-256, who imported them and when, the counts, the row
report, and the accepted centres and grants with their matched commune. One version per
dataset is *in force* (the newest, unless rolled back with :meth:`Store.use`).

Where: an embedded SQLite file ``$TAGHTIA_HOME/taghtia.sqlite`` by default, or PostgreSQL +
PostGIS when ``TAGHTIA_DATABASE_URL`` is set (``postgresql+psycopg://user@host:5432/db``).
The schema is created and upgraded by the Alembic migrations shipped in
``dashboard/store/migrations`` when the store is opened.

Public API
----------
open_store(url=None) -> Store
    The store at ``url`` (default: the configured one), opened once per process.
Store.save(name, inputs, actor=) / .list() / .history(name) / .open(name, version) /
.use(name, n, actor=) / .delete(name, n, actor=) / .default() / .set_default(name, actor=) /
.files(name, n)
    Writes take the :class:`Actor` doing them (default: the local user, an editor) and
    refuse a viewer with :class:`ForbiddenError` (``dashboard/store/permissions.py``).
parse_ref("khenifra@3") -> ("khenifra", 3); check_name(name)
default_dataset(url=None) -> str | None
    The default dataset's name, read without SQLAlchemy from the SQLite store.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.store.config import database_url, taghtia_home
from dashboard.store.errors import InvalidNameError, StoreError, UnknownDatasetError
from dashboard.store.names import check_name, format_ref, parse_ref
from dashboard.store.permissions import (
    EDITOR,
    VIEWER,
    Actor,
    ForbiddenError,
    current_user,
    local_actor,
)

if TYPE_CHECKING:
    from dashboard.store.records import DatasetInfo, ImportOutcome, StoredInputs, VersionInfo
    from dashboard.store.repository import Store

_LAZY = {"Store": "repository", "DatasetInfo": "records", "ImportOutcome": "records",
         "StoredInputs": "records", "VersionInfo": "records"}
"""Names imported on first use: the repository imports SQLAlchemy and Alembic, which the
app's pages need only when a store exists (``import dashboard.store.names`` stays light)."""


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

__all__ = [
    "EDITOR",
    "VIEWER",
    "Actor",
    "DatasetInfo",
    "ForbiddenError",
    "ImportOutcome",
    "InvalidNameError",
    "Store",
    "StoreError",
    "StoredInputs",
    "UnknownDatasetError",
    "VersionInfo",
    "check_name",
    "close_store",
    "current_user",
    "database_url",
    "default_dataset",
    "format_ref",
    "local_actor",
    "open_store",
    "parse_ref",
    "store_exists",
    "taghtia_home",
]

_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (default :func:`database_url`), created and migrated if needed.

    One :class:`Store` (one connection pool) per URL and process.

    Raises
    ------
    StoreError
        The database cannot be reached or migrated.
    """
    url = url or database_url()
    with _LOCK:
        store = _STORES.get(url)
        if store is None:
            from dashboard.store.repository import Store

            store = _STORES[url] = Store(url)
        return store


def close_store(url: str | None = None) -> None:
    """Close the connections of the store at ``url`` opened by :func:`open_store`."""
    url = url or database_url()
    with _LOCK:
        store = _STORES.pop(url, None)
    if store is not None:
        store.close()


def default_dataset(url: str | None = None) -> str | None:
    """Name of the store's default dataset, or None (no store yet, or no default set).

    A store this process has opened is asked through its connection pool. The default SQLite
    store not opened yet is read with the standard library, read-only, without loading
    SQLAlchemy or migrating it (the app's first page asks this before anything else), and
    read again only when the database or its write-ahead log has changed since (a page asks
    on every rerun). Any other store, or a file that cannot be read so, is asked through
    :func:`open_store`.
    """
    from dashboard.store.config import sqlite_file

    url = url or database_url()
    with _LOCK:
        opened = _STORES.get(url)
    if opened is not None:
        return opened.default()
    file = sqlite_file(url)
    if file is None:
        return open_store(url).default() if store_exists(url) else None
    if not file.is_file():
        return None
    return _sqlite_default(file, url)


_PEEKED: dict[Path, tuple[tuple, str | None]] = {}


def _sqlite_default(file: Path, url: str) -> str | None:
    import contextlib
    import sqlite3

    from dashboard.store.config import DEFAULT_KEY, SETTINGS_TABLE

    def state(path: Path) -> tuple:
        with contextlib.suppress(OSError):
            stat = path.stat()
            return (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        return ()

    version = (state(file), state(file.with_name(file.name + "-wal")))
    peeked = _PEEKED.get(file)
    if peeked is not None and peeked[0] == version:
        return peeked[1]
    try:
        with contextlib.closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro",
                                                uri=True, timeout=5)) as connection:
            row = connection.execute(f"SELECT value FROM {SETTINGS_TABLE} WHERE key = ?",
                                     (DEFAULT_KEY,)).fetchone()
    except sqlite3.Error:  # not created or migrated yet, or busy: the store knows
        return open_store(url).default()
    name = row[0] if row else None
    _PEEKED[file] = (version, name)
    return name


def store_exists(url: str | None = None) -> bool:
    """False when the store is an SQLite file not created yet (nothing stored); True for any
    other URL (a server database is asked when opened)."""
    from dashboard.store.config import sqlite_file

    url = url or database_url()
    file = sqlite_file(url)
    if file is not None:  # the default store: no SQLAlchemy needed to know
        return file.is_file()
    import sqlalchemy as sa

    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return True  # let open_store say what is wrong
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    from pathlib import Path

    return Path(parsed.database).expanduser().is_file()
