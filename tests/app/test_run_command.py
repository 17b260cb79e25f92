"""``taghtia run`` serves the app and stops when asked to (no server left behind)."""

from __future__ import annotations

import os
import signal

from tests.support.server import ROOT, Server, healthy


def test_run_serves_then_stops_on_sigterm() -> None:
    server = Server()
    server.start()  # fails with the server's log when it does not answer
    try:
        assert healthy(server.url)
        os.kill(server.process.pid, signal.SIGTERM)  # the process itself, not its group
        server.process.wait(timeout=20)
        assert not healthy(server.url)
    finally:
        server.stop()
    assert f"http://127.0.0.1:{server.port}" in server.log()
    assert ROOT not in server.log_path.parents  # the log is written outside the repository
