"""Stores prepared once per test process and copied for every test that starts from them.

Several store tests start from the same datasets imported with the command line (two
versions of Taza, say): importing them again for each test took 3-4 s of its setup. The
first test that asks for a snapshot builds it in its own store, as before; the snapshot is
then kept (a copy of the SQLite file, or a PostgreSQL database made from the test's own as
a template), and every later test gets a copy of it in its own, empty store, under its own
URL: what the test then changes is its own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from dashboard.store import close_store

SQLITE_PARTS = ("", "-wal")
"""The files of a SQLite database: the database and its write-ahead log, if any."""


class StoreSnapshots:
    """Named snapshots of stores, kept in ``folder`` (SQLite) or as databases of the test
    process's PostgreSQL cluster, made by :meth:`restore`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._databases: dict[str, str] = {}

    def restore(self, name: str, url: str, build: Callable[[], None], cluster=None) -> None:
        """Give the empty store at ``url`` the content of snapshot ``name``, made the first
        time by ``build`` (which fills the store at ``url``). ``cluster`` is the PostgreSQL
        cluster (:class:`tests.support.postgres.Cluster`) of a ``postgresql`` URL."""
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ValueError(f"a snapshot's name is lower-case letters, digits and _: {name!r}")
        if url.startswith("sqlite"):
            self._restore_sqlite(name, Path(urlparse(url).path), url, build)
        elif cluster is not None:
            self._restore_postgres(name, cluster, url, build)
        else:
            raise ValueError(f"a snapshot of {url} needs its PostgreSQL cluster")

    def _restore_sqlite(self, name: str, file: Path, url: str,
                        build: Callable[[], None]) -> None:
        kept = self.folder / f"{name}.sqlite"
        close_store(url)
        if not kept.exists():
            build()
            close_store(url)
            for part in SQLITE_PARTS:
                if Path(f"{file}{part}").exists():
                    shutil.copyfile(f"{file}{part}", f"{kept}{part}")
            return
        for part in SQLITE_PARTS:
            Path(f"{file}{part}").unlink(missing_ok=True)
            if Path(f"{kept}{part}").exists():
                shutil.copyfile(f"{kept}{part}", f"{file}{part}")

    def _restore_postgres(self, name: str, cluster, url: str,
                          build: Callable[[], None]) -> None:
        database = urlparse(url).path.lstrip("/")
        close_store(url)
        if name not in self._databases:
            build()
            close_store(url)
            kept = f"snapshot_{name}"
            cluster.execute(f"CREATE DATABASE {kept} TEMPLATE {database}")
            self._databases[name] = kept
            return
        cluster.drop_database(database)
        cluster.execute(f"CREATE DATABASE {database} TEMPLATE {self._databases[name]}")
