"""Backing up and restoring the store.

SQLite (the default store): :func:`backup` copies the live database into one file with
SQLite's online backup API (:meth:`sqlite3.Connection.backup`): a consistent copy taken while
the app and the commands keep reading and writing. :func:`restore` checks that a file is such
a copy, keeps the current store aside (``before-restore-<UTC time>.sqlite`` next to it) and
copies the file back the same way, then brings it to the newest schema.

PostgreSQL + PostGIS: the database server's own tools do it better (consistent, compressed,
parallel); both functions refuse with the commands to use (:data:`PG_ADVICE`, also in
``deploy/README.md``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from dashboard.store.config import describe
from dashboard.store.errors import StoreError
from loaders.messages import Message

PG_ADVICE = Message("the store is PostgreSQL: back it up with {dump} and restore it with "
                    "{restore} ({doc})", dump="`pg_dump -Fc -f taghtia.dump DBNAME`",
                    restore="`pg_restore --clean --if-exists -d DBNAME taghtia.dump`",
                    doc="deploy/README.md")
_PAGES_PER_STEP = 1024  # the live database stays usable between steps

__all__ = ["PG_ADVICE", "BackupSummary", "backup", "restore", "sqlite_path"]


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds: datasets, versions, bytes."""

    path: Path
    datasets: int
    versions: int
    size_bytes: int


def sqlite_path(url: str) -> Path:
    """The file of an SQLite store URL.

    Raises
    ------
    StoreError
        For a PostgreSQL store (:data:`PG_ADVICE`) or an in-memory SQLite one.
    """
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        raise StoreError(PG_ADVICE)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        raise StoreError(Message("cannot back up or restore the store at {url}: not an SQLite "
                                 "file", url=describe(url)))
    return Path(parsed.database).expanduser()


def _summary(path: Path) -> BackupSummary:
    """Counts of a store file, after checking it is one."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            count = connection.execute("SELECT count(*) FROM datasets").fetchone()[0]
            versions = connection.execute("SELECT count(*) FROM dataset_versions").fetchone()[0]
        connection.close()
    except sqlite3.Error:
        revision = None
    if not revision:
        raise StoreError(Message("{path} is not a Taghtia store backup ({command} writes one)",
                                 path=str(path), command="taghtia datasets backup"))
    return BackupSummary(path, count, versions, path.stat().st_size)


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy, pages=_PAGES_PER_STEP)
    origin.close()
    copy.close()


def backup(url: str, out: str | Path) -> BackupSummary:
    """Copy the SQLite store at ``url`` into the file ``out`` (replaced if it exists).

    Raises
    ------
    StoreError
        A PostgreSQL store (use ``pg_dump``), no store yet, ``out`` being the store itself,
        or a file that cannot be written.
    """
    database = sqlite_path(url)
    target = Path(out).expanduser()
    if not database.is_file():
        raise StoreError(Message("no store yet at {path}: nothing to back up",
                                 path=str(database)))
    if target.exists() and target.resolve() == database.resolve():
        raise StoreError(Message("--out {path} is the store itself; give the backup another "
                                 "name", path=str(target)))
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        _copy(database, partial)
        partial.replace(target)  # a complete backup, or none under that name
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise StoreError(Message("cannot write the backup {path}: {reason}", path=str(target),
                                 reason=str(error))) from None
    return _summary(target)


def _move_aside(database: Path, kept: Path) -> None:
    """Rename a store file that cannot be copied as a database (damaged) to ``kept``, its
    journal files with it, so that the restore writes a new file in its place."""
    kept.unlink(missing_ok=True)  # what the failed copy left
    database.replace(kept)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.replace(kept.with_name(kept.name + suffix))


def restore(url: str, source: str | Path) -> tuple[BackupSummary, Path | None]:
    """Replace the SQLite store at ``url`` by the backup ``source``.

    The current store is first copied to ``before-restore-<UTC time>.sqlite`` beside it.

    Returns
    -------
    (BackupSummary of what is now in the store, path of the store kept aside or None)

    Raises
    ------
    StoreError
        A PostgreSQL store (use ``pg_restore``), or ``source`` is not a store backup.
    """
    database = sqlite_path(url)
    origin = Path(source).expanduser()
    if not origin.is_file():
        raise StoreError(Message("backup file not found: {path}", path=str(origin)))
    _summary(origin)
    kept = None
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.is_file():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"before-restore-{stamp}.sqlite")
        number = 1
        while kept.exists():  # never over an earlier copy (it may be the file restored)
            number += 1
            kept = database.with_name(f"before-restore-{stamp}-{number}.sqlite")
        try:
            _copy(database, kept)
        except sqlite3.DatabaseError:  # a damaged store: kept aside as it is, byte for byte
            _move_aside(database, kept)
    from dashboard.store import close_store, open_store

    close_store(url)
    try:
        _copy(origin, database)
    except sqlite3.Error as error:
        raise StoreError(Message("cannot restore {path}: {reason}", path=str(origin),
                                 reason=str(error))) from None
    open_store(url)  # migrated to the newest schema if the backup is older
    return _summary(database), kept
