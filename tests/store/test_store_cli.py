"""``taghtia datasets …`` end to end, on SQLite and on PostgreSQL + PostGIS."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main
from tests.store.samples import workbook_bytes


def _import(path: Path, name: str, capsys, *extra: str) -> tuple[int, str]:
    code = main(["datasets", "import", str(path), "--name", name, *extra])
    return code, capsys.readouterr().out


def _listing(capsys) -> list[dict]:
    assert main(["datasets", "list", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "taza.xlsx"
    path.write_bytes(workbook_bytes())
    return path


def test_import_list_show_and_log(store_url, workbook, capsys) -> None:
    code, out = _import(workbook, "taza", capsys)
    assert code == 0
    assert out.splitlines()[0] == "taza v1: 12 centres accepted, 1 rejected; " \
                                  "12 grants accepted, 1 rejected"
    [entry] = _listing(capsys)
    assert entry["name"] == "taza" and entry["version"] == 1 and entry["versions"] == 1
    assert (entry["centres_accepted"], entry["centres_rejected"]) == (12, 1)
    assert (entry["grants_accepted"], entry["grants_rejected"]) == (12, 1)
    assert entry["files"] == ["taza.xlsx"] and entry["imported_at"].endswith("Z")
    assert main(["datasets", "show", "taza"]) == 0
    shown = capsys.readouterr().out
    assert "taza: version 1 in force" in shown and "taza.xlsx  sha256 " in shown
    assert main(["datasets", "log"]) == 0
    log = capsys.readouterr().out
    assert "taza" in log and "v1 *" in log and "12/13" in log


def test_same_bytes_twice_make_no_new_version(store_url, workbook, capsys) -> None:
    assert _import(workbook, "taza", capsys)[0] == 0
    code, out = _import(workbook, "taza", capsys)
    assert code == 0
    assert "same files as taza v1: no new version stored" in out
    assert _listing(capsys)[0]["version_numbers"] == [1]
    copy = workbook.with_name("copie.xlsx")  # a new name for the same bytes changes nothing
    copy.write_bytes(workbook.read_bytes())
    assert "no new version" in _import(copy, "taza", capsys)[1]
    assert _listing(capsys)[0]["version_numbers"] == [1]


def test_versions_roll_back_and_forward(store_url, tmp_path, capsys) -> None:
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    first.write_bytes(workbook_bytes(count=12))
    second.write_bytes(workbook_bytes(count=8))
    _import(first, "taza", capsys)
    assert _import(second, "taza", capsys)[1].startswith("taza v2: 8 centres accepted")
    assert _listing(capsys)[0]["version"] == 2
    assert main(["datasets", "use", "taza", "--version", "1"]) == 0
    assert "taza v1 is now in force" in capsys.readouterr().out
    entry = _listing(capsys)[0]
    assert entry["version"] == 1 and entry["centres_accepted"] == 12
    assert (entry["versions"], entry["version_numbers"]) == (2, [1, 2])
    assert main(["datasets", "use", "taza", "--version", "2"]) == 0
    capsys.readouterr()
    assert _listing(capsys)[0]["centres_accepted"] == 8
    assert main(["datasets", "use", "taza", "--version", "7"]) == 2
    assert "has no version 7; its versions: 1, 2" in capsys.readouterr().err


def test_export_writes_rows_and_report_with_formulas_neutralised(store_url, tmp_path,
                                                                  capsys) -> None:
    from tests.store.samples import centres_frame, grants_frame

    centres = centres_frame(6)
    centres.loc[0, "Nom du centre"] = '=HYPERLINK("http://evil.example")'
    path = tmp_path / "hostile.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        centres.to_excel(writer, sheet_name="Centres", index=False)
        grants_frame(centres).to_excel(writer, sheet_name="Financements", index=False)
    _import(path, "hostile", capsys)
    out = tmp_path / "export.xlsx"
    assert main(["datasets", "export", "hostile@1", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["centres", "funding", "centres_report", "funding_report"]
    names = [row[2] for row in book["centres"].iter_rows(min_row=2, values_only=True)]
    assert names[0] == '\'=HYPERLINK("http://evil.example")'
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows()
               for cell in row)
    assert book["centres"].max_row == 1 + 6 and book["funding"].max_row == 1 + 6
    statuses = [row[3] for row in book["centres_report"].iter_rows(min_row=2,
                                                                  values_only=True)]
    assert statuses.count("rejected") == 1 and statuses.count("accepted") == 6
    csv = tmp_path / "export.csv"
    assert main(["datasets", "export", "hostile", "--out", str(csv)]) == 0
    for name in ("export.csv", "export.funding.csv", "export.report.csv",
                 "export.funding.report.csv"):
        assert (tmp_path / name).is_file(), name
    assert len(pd.read_csv(tmp_path / "export.funding.csv", encoding="utf-8-sig")) == 6


def test_default_and_delete(store_url, tmp_path, workbook, capsys) -> None:
    other = tmp_path / "other.xlsx"
    other.write_bytes(workbook_bytes(count=5))
    _import(workbook, "taza", capsys)
    _import(other, "taza", capsys)
    _import(other, "autre", capsys)
    assert main(["datasets", "default", "taza"]) == 0
    capsys.readouterr()
    assert main(["datasets", "default"]) == 0
    assert capsys.readouterr().out.strip() == "default dataset: taza"
    assert [e["default"] for e in _listing(capsys)] == [False, True]
    assert main(["datasets", "delete", "taza", "--version", "2"]) == 0
    assert "taza v2 deleted; v1 in force" in capsys.readouterr().out
    assert _listing(capsys)[1]["version_numbers"] == [1]
    assert main(["datasets", "delete", "taza"]) == 0
    capsys.readouterr()
    assert [e["name"] for e in _listing(capsys)] == ["autre"]
    assert main(["datasets", "default"]) == 0
    assert "no default dataset" in capsys.readouterr().out  # the deleted default is gone
    assert main(["datasets", "delete", "autre", "--version", "1"]) == 0
    capsys.readouterr()
    assert _listing(capsys) == []


@pytest.mark.parametrize("args", [
    ["indicators", "--dataset", "nope", "--level", "province", "--out", "x.csv"],
    ["underserved", "--dataset", "taza@9", "--out", "x.csv"],
    ["report", "--dataset", "nope@1", "--out", "x.pdf"],
    ["run", "--dataset", "nope"],
    ["datasets", "show", "nope"],
    ["datasets", "export", "nope", "--out", "x.xlsx"],
])
def test_unknown_dataset_exits_2_with_the_known_names(store_url, workbook, capsys,
                                                      args) -> None:
    _import(workbook, "taza", capsys)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "known datasets: taza" in err


def test_unreadable_file_stores_nothing(store_url, tmp_path, capsys) -> None:
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    assert main(["datasets", "import", str(empty), "--name", "vide"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "vide.csv is empty" in err
    assert main(["datasets", "import", str(tmp_path / "absent.csv"), "--name", "x"]) == 2
    capsys.readouterr()
    assert _listing(capsys) == []


@pytest.mark.parametrize("name", ["Taza", "taza province", "é", "", "a" * 65, "_x", "x/y"])
def test_bad_names_are_refused(store_url, workbook, capsys, name) -> None:
    assert main(["datasets", "import", str(workbook), "--name", name]) == 2
    assert "is not valid" in capsys.readouterr().err
    assert _listing(capsys) == []
