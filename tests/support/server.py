"""``taghtia run`` started for real, for the tests and the benchmarks.

One way to start the dashboard everywhere a real server is needed: on a free port of
127.0.0.1, in its own process group (``taghtia run`` replaces itself with Streamlit, and
whatever Streamlit starts goes with it), its output written to a log file in a temporary
folder (never in the repository), ready when ``/_stcore/health`` answers 200, stopped
group and all.

Nothing here skips: a server that does not start raises :class:`ServerError` with the end of
its log, so a test fails and a benchmark stops with the reason.

Example
-------
>>> with running() as server:  # doctest: +SKIP
...     urllib.request.urlopen(server.url)
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0

__all__ = ["ROOT", "Server", "ServerError", "free_port", "healthy", "running", "taghtia_command"]


class ServerError(RuntimeError):
    """The server did not start (or did not stop); the message ends with its log."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 free at the time of the call."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def taghtia_command() -> list[str]:
    """The ``taghtia`` entry point of the Python running this code."""
    return [sys.executable, "-m", "dashboard.cli"]


def healthy(url: str, timeout_s: float = 2.0) -> bool:
    """Whether ``<url>/_stcore/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout_s) as reply:
            return reply.status == 200
    except OSError:
        return False


@dataclass
class Server:
    """A dashboard server in its own process group (see :func:`running`).

    Parameters
    ----------
    command : sequence of str, optional
        What to run; default ``taghtia run --port <port> --address 127.0.0.1`` plus
        ``arguments``. A command of its own (a plain ``streamlit run``) must listen on
        :attr:`port`.
    arguments : sequence of str
        More options of ``taghtia run`` (``--centres FILE`` ...).
    env : mapping, optional
        Extra environment variables.
    """

    command: Sequence[str] | None = None
    arguments: Sequence[str] = ()
    env: Mapping[str, str] | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    started_at: float = 0.0
    started_wall: float = 0.0
    health_s: float | None = None
    _command: list[str] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log(self, tail: int = 3000) -> str:
        """The last ``tail`` characters of the server's output."""
        if self.log_path is None or not self.log_path.is_file():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]

    def start(self, timeout_s: float = START_TIMEOUT_S) -> float:
        """Start the server and wait for its health endpoint; the seconds it took.

        Raises
        ------
        ServerError
            When the process exits or the endpoint does not answer within ``timeout_s``
            (the server is stopped first).
        """
        self.launch()
        return self.wait_healthy(timeout_s)

    def launch(self) -> None:
        """Start the process without waiting (several servers then start side by side;
        :meth:`wait_healthy` waits for each)."""
        if self.process is not None:
            raise ServerError("already started")
        self._command = list(self.command or [*taghtia_command(), "run", "--port",
                                              str(self.port), "--address", HOST,
                                              *self.arguments])
        folder = Path(tempfile.mkdtemp(prefix="taghtia-server-"))
        self.log_path = folder / "server.log"
        env = dict(os.environ, PYTHONUNBUFFERED="1", **(self.env or {}))
        with open(self.log_path, "wb") as log:
            self.started_at, self.started_wall = time.perf_counter(), time.time()
            self.process = subprocess.Popen(self._command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_healthy(self, timeout_s: float = START_TIMEOUT_S) -> float:
        """Wait for ``/_stcore/health`` to answer 200; the seconds since :meth:`launch`.

        Raises
        ------
        ServerError
            When the process exits or does not answer in time (it is stopped first).
        """
        if self.process is None:
            raise ServerError("not started")
        deadline = self.started_at + timeout_s
        while not healthy(self.url, timeout_s=1.0):
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                raise ServerError(f"{' '.join(self._command)} exited with status {code}; "
                                  f"log {self.log_path}:\n{self.log()}")
            if time.perf_counter() > deadline:
                self.stop()
                raise ServerError(f"{self.url} did not answer within {timeout_s:.0f} s; "
                                  f"log {self.log_path}:\n{self.log()}")
            time.sleep(0.05)
        self.health_s = time.perf_counter() - self.started_at
        return self.health_s

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after ``timeout_s``."""
        if self.process is None:
            return
        group = self.process.pid  # start_new_session: the group of the server's own pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=timeout_s)
        self.process = None
        deadline = time.monotonic() + timeout_s
        while _group_alive(group):  # children that outlived the leader
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(group, signal.SIGKILL)
                break
            time.sleep(0.1)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def running(*arguments: str, command: Sequence[str] | None = None,
            env: Mapping[str, str] | None = None,
            timeout_s: float = START_TIMEOUT_S) -> Iterator[Server]:
    """A started :class:`Server`, stopped on leaving the block (see :class:`Server`)."""
    server = Server(command=command, arguments=arguments, env=env)
    server.start(timeout_s)
    try:
        yield server
    finally:
        server.stop()
