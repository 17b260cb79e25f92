"""``taghtia run`` listens on this computer only unless told otherwise, and never shows
Streamlit's error details to a user."""

from __future__ import annotations

import pytest

from dashboard.app import memory
from dashboard.cli import main
from dashboard.commands import run


@pytest.fixture
def started(monkeypatch) -> list[list[str]]:
    """Command lines ``taghtia run`` would replace itself with (not executed)."""
    calls: list[list[str]] = []
    monkeypatch.setattr(run.os, "execve", lambda path, argv, env: calls.append(argv))
    return calls


def test_the_server_s_allocator_is_set_for_many_sessions_unless_told_otherwise(
        monkeypatch) -> None:
    environments: list[dict[str, str]] = []
    monkeypatch.setattr(run.os, "execve", lambda path, argv, env: environments.append(env))
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")  # an operator's own setting is kept
    assert main(["run"]) == 0
    (env,) = environments
    assert env["MALLOC_ARENA_MAX"] == "8"
    assert env["MALLOC_MMAP_THRESHOLD_"] == memory.MALLOC_MMAP_BYTES


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


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_an_unreadable_file_given_at_start_is_said_and_the_demo_shown(
        tmp_path, monkeypatch, lang) -> None:
    import streamlit as st

    from dashboard.sources import ENV_CENTRES
    from tests.app.test_pages import run as open_app

    damaged = tmp_path / "registre.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook" * 40)
    monkeypatch.setenv(ENV_CENTRES, str(damaged))
    st.cache_resource.clear()  # a new server started with that file
    try:
        at = open_app("overview", {"lang": lang})
        assert not at.exception
        (said,) = [e.value for e in at.error]
        assert "registre.xlsx" in said
        assert ("démonstration illustrative est affichée" if lang == "fr"
                else "بيانات العرض التوضيحية") in said
        # the loader's reason ends as a sentence before the next one begins
        assert (". La démonstration" if lang == "fr" else ". تُعرض بدلًا منها") in said
        assert len(at.metric) > 4  # the demo's figures, not the error box
        at.selectbox(key=f"app.region@{lang}").set_value("03").run()  # and keep clicking
        assert not at.exception and at.selectbox(key=f"app.province@{lang}") is not None
    finally:
        st.cache_resource.clear()
