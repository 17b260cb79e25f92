"""The ``taghtia`` entry point: help, unknown commands and bad options."""

from __future__ import annotations

import pytest

from dashboard.cli import main


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


def test_bench_outside_a_checkout_says_it_needs_one(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.commands import bench

    monkeypatch.setattr(bench, "CHECKOUT", tmp_path)  # where an installed wheel lives
    assert main(["bench", "--quick", "--only", "scale"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "needs a source checkout" in err and "make bench" in err


def test_bench_without_its_extra_names_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.commands import bench

    monkeypatch.setattr(bench, "BENCH_MODULES", ("psutil", "no_such_module_for_taghtia"))
    assert main(["bench", "--quick", "--only", "scale"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no_such_module_for_taghtia" in err and ".[bench]" in err
    assert "psutil" not in err.split("needs")[1].split(":")[0]  # installed: not listed
