"""A throwaway PostgreSQL + PostGIS cluster for the tests, from Debian's packages.

``make test`` installs ``postgresql-15`` and ``postgresql-15-postgis-3`` (target ``postgis``).
:class:`Cluster` runs ``initdb`` into a temporary folder (as the ``postgres`` OS user when the
tests run as root, since PostgreSQL refuses to run as root), starts ``postgres`` listening on
127.0.0.1 only, on a free port, with its unix socket in that folder, and makes a template
database with PostGIS from which each test's database is copied. :meth:`Cluster.stop` shuts
it down and removes the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

PG_BIN = Path(os.environ.get("TAGHTIA_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "taghtia_template"


class ClusterError(RuntimeError):
    """The cluster could not be set up or started (the message says why)."""


def available() -> str | None:
    """None when the server and PostGIS are installed, else what is missing."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "postgres").exists():
        return f"PostgreSQL 15 is not installed ({PG_BIN}/initdb); run `make postgis`"
    if not list(Path("/usr/share/postgresql/15/extension").glob("postgis.control")):
        return "PostGIS is not installed (postgresql-15-postgis-3); run `make postgis`"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres OS user to run the server as (installed by postgresql-15)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One PostgreSQL server in a temporary folder (see the module docstring)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="taghtia-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o700)

    def _command(self, *args: str) -> list[str]:
        command = [str(arg) for arg in args]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_postgres else command

    def start(self) -> None:
        """initdb, start the server, create the PostGIS template database."""
        result = subprocess.run(self._command(
            PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-instructions"), capture_output=True, text=True)
        if result.returncode:
            raise ClusterError(f"initdb failed: {result.stderr.strip()[-500:]}")
        log = open(self.root / "server.log", "w")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(self._command(
            PG_BIN / "postgres", "-D", self.data, "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=60"),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self._wait_ready()
        self.execute(f"CREATE DATABASE {TEMPLATE}")
        self.execute("CREATE EXTENSION postgis", database=TEMPLATE)

    def _wait_ready(self, timeout: float = 60) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise ClusterError("postgres stopped at start: "
                                   + (self.root / "server.log").read_text()[-800:])
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError as error:
                if time.monotonic() > deadline:
                    raise ClusterError(f"postgres did not accept connections: {error}") from None
            time.sleep(0.2)

    def dsn(self, database: str) -> str:
        """libpq connection string of ``database``."""
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def url(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` (psycopg 3)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> list[tuple]:
        """Run one statement in autocommit; return its rows (if any)."""
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def new_database(self) -> str:
        """A fresh database with PostGIS (a copy of the template); returns its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing any connection left to it."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Fast shutdown, then remove the folder."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
