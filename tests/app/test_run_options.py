"""``taghtia run`` listens on this computer only unless told otherwise, and never shows
Streamlit's error details to a user."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.commands import run


@pytest.fixture
def started(monkeypatch) -> list[list[str]]:
    """Command lines ``taghtia run`` would replace itself with (not executed)."""
    calls: list[list[str]] = []
    monkeypatch.setattr(run.os, "execve", lambda path, argv, env: calls.append(argv))
    return calls


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_default_is_loopback_with_error_details_off(started, capsys) -> None:
    assert main(["run", "--port", "8600"]) == 0
    (argv,) = started
    assert _option(argv, "--server.address") == "127.0.0.1"
    assert _option(argv, "--client.showErrorDetails") == "none"
    captured = capsys.readouterr()
    assert "http://127.0.0.1:8600" in captured.out
    assert "Warning" not in captured.err


def test_listening_beyond_loopback_is_explicit_and_warned(started, capsys) -> None:
    assert main(["run", "--address", "0.0.0.0"]) == 0
    assert _option(started[0], "--server.address") == "0.0.0.0"
    assert "anyone on the network" in capsys.readouterr().err
