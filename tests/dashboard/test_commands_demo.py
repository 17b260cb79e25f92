"""``taghtia demo``: writes the illustrative files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.demo import demo_paths


def test_demo_writes_the_embedded_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    for committed in demo_paths():
        written = tmp_path / "demo" / committed.name
        assert written.read_bytes() == committed.read_bytes()
    assert "illustrative" in capsys.readouterr().out


def test_unwritable_directory_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["demo", "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot write" in err


def test_the_seed_is_the_generators_not_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:  # another set comes from the checkout's tool
        main(["demo", "--out", "x", "--seed", "7"])
    assert raised.value.code == 2
    assert "--seed" in capsys.readouterr().err
