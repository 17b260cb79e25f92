"""``taghtia run`` serves the app and stops when asked to (no server left behind)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_run_serves_then_stops_on_sigterm() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port),
         "--address", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not _healthy(port):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the dashboard did not start in 90 s"
            time.sleep(0.5)
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        assert not _healthy(port)
    finally:
        if process.poll() is None:
            process.kill()
    output = process.stdout.read()
    assert f"http://127.0.0.1:{port}" in output
