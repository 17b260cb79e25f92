"""The ``taghtia`` entry point: help, unknown commands and bad options."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.cli import log_folder, main
from dashboard.store.config import taghtia_home
from loaders.errors import LimitError


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--help"])
    assert excinfo.value.code == 0
    assert "taghtia" in capsys.readouterr().out


def test_unknown_command_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["no-such-command"])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "error" in err


def _fail(args: object) -> int:
    raise KeyError("internal state the user cannot act on")


def test_an_unexpected_error_is_one_line_exit_3_and_logged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("dashboard.commands.validate.handle", _fail)
    assert main(["validate", "centres.csv"]) == 3
    captured = capsys.readouterr()
    log = tmp_path / "home" / "logs" / "errors.log"
    assert captured.err == ("taghtia validate: Something went wrong; nothing was changed. "
                            f"Details were written to {log}\n")
    assert "Traceback" not in captured.out + captured.err
    text = log.read_text(encoding="utf-8")
    assert "taghtia validate centres.csv" in text
    assert "KeyError: 'internal state the user cannot act on'" in text and "_fail" in text
    assert main(["validate", "again.csv"]) == 3
    assert log.read_text(encoding="utf-8").count("Traceback") == 2  # appended, not replaced


def test_a_loader_error_keeps_its_line_and_exit_2(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(args: object) -> int:
        raise LimitError("more than 200,000 rows: split the file or raise TAGHTIA_MAX_ROWS")

    monkeypatch.setattr("dashboard.commands.validate.handle", refuse)
    assert main(["validate", "centres.csv"]) == 2
    assert capsys.readouterr().err == ("taghtia validate: more than 200,000 rows: split the "
                                       "file or raise TAGHTIA_MAX_ROWS\n")


def test_the_log_folder_is_in_taghtia_home(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_HOME", str(tmp_path))
    assert log_folder() == tmp_path / "logs"
    monkeypatch.delenv("TAGHTIA_HOME")
    assert log_folder() == taghtia_home() / "logs"
