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


def _sqlite_begin(connection: sa.Connection) -> None:
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, its folder is created and the pragmas set.

    Raises
    ------
    sqlalchemy.exc.ArgumentError
        A malformed URL.
    """
    import sqlalchemy as sa
    from sqlalchemy import event

    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)
