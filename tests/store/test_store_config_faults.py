"""Configuration and store faults are one line and exit status 2, never "Something went
wrong": a database other than SQLite or PostgreSQL, a damaged store file (and the restore
it names works), a version number no store holds; a read-only store can still be read."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.store import close_store
from dashboard.store.config import database_url
from tests.store.samples import workbook_bytes
from tests.support.terminal import one_error_line

HUGE = "99999999999999999999999"


@pytest.fixture
def stored(tmp_path: Path, taghtia_home: Path, capsys, store_snapshots) -> Path:
    """The default SQLite store holding dataset ``taza`` (closed: the file is at rest;
    imported once per test process, then copied)."""

    def build() -> None:
        workbook = tmp_path / "taza.xlsx"
        workbook.write_bytes(workbook_bytes(count=12))
        assert main(["datasets", "import", str(workbook), "--name", "taza"]) == 0
        capsys.readouterr()

    store_snapshots.restore("taza_one_version", database_url(), build)
    return taghtia_home / "taghtia.sqlite"


@pytest.mark.parametrize("url, scheme", [("mysql://u:p@localhost/db", "mysql"),
                                         ("mssql+pyodbc://u@dsn", "mssql+pyodbc"),
                                         ("oracle://u@db", "oracle")])
def test_an_unsupported_database_is_one_line(url: str, scheme: str, monkeypatch,
                                             capsys) -> None:
    monkeypatch.setenv("TAGHTIA_DATABASE_URL", url)
    assert main(["datasets", "list"]) == 2
    line = one_error_line(capsys)
    assert f"unsupported database URL scheme '{scheme}'" in line
    assert "p@" not in line  # no password shown


def test_a_missing_driver_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setenv("TAGHTIA_DATABASE_URL", "postgresql+pg8000://u:secret@localhost/db")
    assert main(["datasets", "list"]) == 2
    line = one_error_line(capsys)
    assert "driver" in line and "not installed" in line and "secret" not in line


def test_a_damaged_store_says_how_to_restore_it(stored: Path, tmp_path: Path,
                                                capsys) -> None:
    backup = tmp_path / "backup.sqlite"
    assert main(["datasets", "backup", "--out", str(backup)]) == 0
    close_store()
    whole = stored.read_bytes()
    stored.write_bytes(whole[: len(whole) // 3])  # a copy cut short, a disk full
    capsys.readouterr()
    for argv in (["datasets", "list"], ["datasets", "export", "taza", "--out",
                                        str(tmp_path / "x.csv")],
                 ["indicators", "--level", "province", "--out", str(tmp_path / "i.csv")]):
        assert main(argv) == 2, argv
        line = one_error_line(capsys)
        assert line.split(": ", 1)[1].startswith(
            "the store file is damaged: restore it with `taghtia datasets restore BACKUP` "
            "(a file written by `taghtia datasets backup`)"), line
        assert str(stored) in line
        close_store()
    assert main(["datasets", "restore", str(backup)]) == 0
    close_store()
    capsys.readouterr()
    assert main(["datasets", "list"]) == 0
    assert "taza" in capsys.readouterr().out
    kept = [p.name for p in stored.parent.glob("before-restore-*.sqlite")]
    assert len(kept) == 1  # the damaged file kept aside, byte for byte
    assert (stored.parent / kept[0]).read_bytes() == whole[: len(whole) // 3]


@pytest.mark.parametrize("argv", [
    ["indicators", "--level", "province", "--dataset", f"taza@{HUGE}", "--out", "{tmp}/i.csv"],
    ["datasets", "export", f"taza@{HUGE}", "--out", "{tmp}/e.csv"],
    ["datasets", "use", "taza", "--version", HUGE],
    ["datasets", "delete", "taza", "--version", HUGE],
    ["compare", "--dataset", "taza", "--from", HUGE, "--out", "{tmp}/c.csv"],
    ["report", "--dataset", "taza", "--since", HUGE, "--out", "{tmp}/r.pdf"],
])
def test_a_huge_version_number_is_one_line(argv: list[str], stored: Path, tmp_path: Path,
                                           capsys) -> None:
    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    assert main(argv) == 2
    assert "version number too large" in one_error_line(capsys)


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """The folder and its files made read-only, for root too (the immutable attribute)."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", *map(str, files)],
                                            capture_output=True).returncode != 0:
            pytest.skip("running as root without chattr +i: nothing is read-only to root")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", *map(str, files)], check=True)
        return
    modes = {path: path.stat().st_mode for path in files}
    for path in files:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_a_read_only_store_can_still_be_read(stored: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "export.csv"
    before = stored.read_bytes()
    with _read_only(stored.parent):
        assert main(["datasets", "list"]) == 0
        assert "taza" in capsys.readouterr().out
        close_store()
        assert main(["datasets", "export", "taza", "--out", str(out)]) == 0
        close_store()
        assert main(["indicators", "--level", "province", "--dataset", "taza",
                     "--out", str(tmp_path / "i.csv")]) == 0
        close_store()
        capsys.readouterr()
        assert main(["datasets", "default", "taza"]) == 2
        assert "is read-only: it can be read" in one_error_line(capsys)
        close_store()
    assert out.read_text(encoding="utf-8-sig").count("\n") == 13
    assert stored.read_bytes() == before


def test_an_unsupported_database_is_said_in_the_pages_language(monkeypatch) -> None:
    from dashboard.i18n import error_text
    from dashboard.store import StoreError, open_store

    monkeypatch.setenv("TAGHTIA_DATABASE_URL", "mysql://u:p@localhost/db")
    close_store()
    with pytest.raises(StoreError) as raised:
        open_store()
    assert error_text(raised.value, "fr") == (
        "type de base de données « mysql » non pris en charge : utilisez sqlite:///PATH ou "
        "postgresql+psycopg://USER@HOST/DB")
    assert error_text(raised.value, "ar").startswith("نوع قاعدة البيانات 'mysql' غير مدعوم")
