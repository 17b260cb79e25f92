"""``taghtia datasets backup`` / ``restore``: SQLite's online backup, back byte for byte; a
PostgreSQL store is sent to pg_dump / pg_restore."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard.cli import main
from dashboard.store import open_store
from tests.store.samples import workbook_bytes


def _import(tmp_path: Path, name: str, count: int, version_file: str) -> None:
    path = tmp_path / version_file
    path.write_bytes(workbook_bytes(count=count))
    assert main(["datasets", "import", str(path), "--name", name]) == 0


def _listing(capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["datasets", "list", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows() -> dict[str, pd.DataFrame]:
    store = open_store()
    return {f"{v.dataset}@{v.number}": store.open(v.dataset, v.number).inputs.centres_frame
            for v in store.history()}


def test_backup_change_restore_gives_the_store_back(taghtia_home, tmp_path, capsys) -> None:
    _import(tmp_path, "taza", 12, "taza_v1.xlsx")
    _import(tmp_path, "taza", 8, "taza_v2.xlsx")
    _import(tmp_path, "khenifra", 5, "khenifra.xlsx")
    assert main(["datasets", "default", "taza"]) == 0
    before, rows = _listing(capsys), _rows()
    backup = tmp_path / "saved" / "taghtia-backup.sqlite"
    backup.parent.mkdir()
    assert main(["datasets", "backup", "--out", str(backup)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"backup written to {backup}: 2 datasets, 3 versions, ")
    # the store changes after the backup: a new version, a deletion, another default
    _import(tmp_path, "taza", 4, "taza_v3.xlsx")
    assert main(["datasets", "delete", "khenifra"]) == 0
    assert main(["datasets", "use", "taza", "--version", "1"]) == 0
    assert main(["datasets", "default", "--none"]) == 0
    changed = _listing(capsys)
    assert changed != before and [d["name"] for d in changed] == ["taza"]
    assert main(["datasets", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"store restored from {backup}: 2 datasets, 3 versions" in out
    assert _listing(capsys) == before
    restored = _rows()
    assert restored.keys() == rows.keys()
    for ref, frame in rows.items():
        pd.testing.assert_frame_equal(restored[ref], frame)
    assert open_store().default() == "taza"
    kept = list(taghtia_home.glob("before-restore-*.sqlite"))
    assert len(kept) == 1  # the store as it was before the restore, kept aside
    assert main(["datasets", "restore", str(kept[0])]) == 0  # and it can be put back
    assert [d["name"] for d in _listing(capsys)] == ["taza"]


def test_restore_refuses_a_file_that_is_not_a_backup(taghtia_home, tmp_path, capsys) -> None:
    _import(tmp_path, "taza", 6, "taza.xlsx")
    other = tmp_path / "notes.sqlite"
    other.write_bytes(b"not a database at all" * 100)
    assert main(["datasets", "restore", str(other)]) == 2
    err = capsys.readouterr().err
    assert "is not a Taghtia store backup" in err and "Traceback" not in err
    assert [d["name"] for d in _listing(capsys)] == ["taza"]  # the store is untouched
    assert main(["datasets", "backup", "--out",
                 str(taghtia_home / "taghtia.sqlite")]) == 2
    assert "is the store itself" in capsys.readouterr().err


def test_postgis_store_is_sent_to_pg_dump(postgis_url, tmp_path, capsys) -> None:
    _import(tmp_path, "taza", 6, "taza.xlsx")
    capsys.readouterr()
    assert main(["datasets", "backup", "--out", str(tmp_path / "b.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "pg_dump -Fc" in err and "deploy/README.md" in err
    assert main(["datasets", "restore", str(tmp_path / "b.sqlite")]) == 2
    assert "pg_restore" in capsys.readouterr().err
    assert not (tmp_path / "b.sqlite").exists()
