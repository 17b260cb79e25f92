"""Where the store lives and how to connect to it.

* ``TAGHTIA_DATABASE_URL``: any SQLAlchemy URL; ``postgresql+psycopg://user@host:5432/db``
  selects PostgreSQL + PostGIS (shared by every user and app replica).
* Otherwise an embedded SQLite file, ``$TAGHTIA_HOME/taghtia.sqlite``; ``TAGHTIA_HOME``
  defaults to the platform's user data folder (``~/.local/share/taghtia`` on Linux).

SQLite runs in WAL mode with a busy timeout, and a writing transaction starts with
``BEGIN IMMEDIATE``, so concurrent imports queue instead of failing; readers are not
blocked by a writer.

SQLAlchemy is imported by the functions that connect, not by this module: the app asks at
every start whether a store exists (:func:`sqlite_file`), and most starts have none.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import Engine

ENV_URL = "TAGHTIA_DATABASE_URL"
ENV_HOME = "TAGHTIA_HOME"
SQLITE_FILE = "taghtia.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 120_000
WRITE_OPTION = "taghtia_write"  # execution option: this transaction writes


def taghtia_home() -> Path:
    """Folder of Taghtia's own files: ``TAGHTIA_HOME``, else the user data folder."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("taghtia", appauthor=False))


SETTINGS_TABLE = "settings"
DEFAULT_KEY = "default_dataset"  # the settings row naming the default dataset


def database_url() -> str:
    """The store's SQLAlchemy URL (see the module docstring)."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{taghtia_home() / SQLITE_FILE}"


def sqlite_file(url: str) -> Path | None:
    """The file of the default store's URL (``sqlite:///PATH``, as :func:`database_url`
    writes it), read without SQLAlchemy; None for any other URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or "%" in url:  # no options, no escapes
        return None
    path = url[len(prefix):]
    return Path(path).expanduser() if path and path != ":memory:" else None


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<malformed URL>"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by the events below
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _read_only_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


DAMAGED = ("file is not a database", "database disk image is malformed")
"""SQLite's words for a store file that is not (or no longer) a whole database."""
RESTORE_ADVICE = ("the store file is damaged: restore it with `taghtia datasets restore "
                  "BACKUP` (a file written by `taghtia datasets backup`)")


def store_fault(url: str, reason: str):
    """The one-line :class:`~dashboard.store.errors.StoreError` of a database error
    ``reason`` when it is a fault of the store itself: a damaged file
    (:data:`RESTORE_ADVICE`) or a read-only store asked to change; None otherwise."""
    from dashboard.store.errors import StoreError
    from loaders.messages import Message

    if any(words in reason for words in DAMAGED):
        return StoreError(Message(
            "the store file is damaged: restore it with {restore} (a file written by {backup}); "
            "{url}: {reason}", restore="`taghtia datasets restore BACKUP`",
            backup="`taghtia datasets backup`", url=describe(url), reason=reason))
    if "readonly" in reason.replace("-", "").replace(" ", ""):
        return StoreError(Message("the store at {url} is read-only: it can be read ({how}), not "
                                  "changed", url=describe(url),
                                  how="taghtia datasets list, export"))
    return None


SCHEMES: tuple[str, ...] = ("sqlite", "postgresql")
"""The databases a store can be kept in."""


def check_scheme(url: str) -> None:
    """Refuse a URL whose database is neither SQLite nor PostgreSQL, in one line.

    Raises
    ------
    ValueError
        ``unsupported database URL scheme 'mysql': use sqlite:///PATH or
        postgresql+psycopg://USER@HOST/DB``; or a malformed URL.
    """
    import sqlalchemy as sa

    from loaders.messages import Message

    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() not in SCHEMES:
        raise ValueError(Message("unsupported database URL scheme '{scheme}': use {sqlite} or "
                                 "{postgresql}", scheme=parsed.drivername,
                                 sqlite="sqlite:///PATH",
                                 postgresql="postgresql+psycopg://USER@HOST/DB"))


def read_only_file(path: Path) -> bool:
    """True for an SQLite store file that exists but cannot be written (the file, or the
    folder its journal goes in): it is opened read-only, to be read, never changed."""
    return path.is_file() and not (os.access(path, os.W_OK)
                                   and os.access(path.parent, os.W_OK))


def _read_only_engine(path: Path) -> Engine:
    """An engine reading ``path`` without writing anything: ``mode=ro``, and ``immutable``
    when the folder cannot be written either (no journal can be opened beside it)."""
    import sqlite3

    import sqlalchemy as sa
    from sqlalchemy import event

    options = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{options}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)

    engine = sa.create_engine("sqlite://", creator=connect)
    event.listen(engine, "connect", _read_only_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: sa.Connection) -> None:
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, its folder is created and the pragmas set.

    An SQLite file that exists but cannot be written is opened read-only
    (:func:`read_only_file`).

    Raises
    ------
    sqlalchemy.exc.ArgumentError
        A malformed URL.
    ValueError
        A database other than SQLite and PostgreSQL (:func:`check_scheme`).
    """
    import sqlalchemy as sa
    from sqlalchemy import event

    check_scheme(url)
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            file = Path(parsed.database).expanduser()
            if read_only_file(file):
                return _read_only_engine(file)
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)
