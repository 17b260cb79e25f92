"""One loading path: a province's workbook (centres + ``financements``) gives its grants to
``taghtia run --centres``, to every command and to the store alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import sources
from dashboard.app import datasets
from dashboard.cli import main
from tests.store.samples import workbook_bytes

AMOUNT = 100_000.0


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "taza.xlsx"
    path.write_bytes(workbook_bytes(count=12, amount=AMOUNT))
    return path


@pytest.mark.parametrize("sheet", ["financements", "تمويل", "Funding", "Subventions 2021"])
def test_run_loads_the_workbooks_funding_sheet(workbook_sheet_path, sheet,
                                               monkeypatch) -> None:
    """What ``taghtia run --centres FILE`` hands the app (the environment it sets)."""
    path = workbook_sheet_path(sheet)
    monkeypatch.setenv(sources.ENV_CENTRES, str(path))
    data = datasets.default_dataset()
    assert not data.is_demo and data.name == path.name
    assert len(data.centres_frame) == 12
    assert data.funding is not None and len(data.funding_frame) == 12


@pytest.fixture
def workbook_sheet_path(tmp_path: Path):
    def make(sheet: str) -> Path:
        path = tmp_path / "province.xlsx"
        path.write_bytes(workbook_bytes(count=12, funding_sheet=sheet, amount=AMOUNT))
        return path
    return make


def _funding_total(out: Path) -> float:
    return float(pd.read_csv(out, encoding="utf-8-sig")["funding_mad"].sum())


def test_commands_store_and_app_see_the_same_grants(store_url, workbook, tmp_path,
                                                    capsys) -> None:
    files_out, stored_out = tmp_path / "files.csv", tmp_path / "stored.csv"
    assert main(["indicators", "--centres", str(workbook), "--level", "province",
                 "--out", str(files_out)]) == 0
    assert "grants: 13 rows read, 12 accepted, 1 rejected" in capsys.readouterr().out
    assert _funding_total(files_out) == 12 * AMOUNT
    assert main(["datasets", "import", str(workbook), "--name", "taza"]) == 0
    assert main(["indicators", "--dataset", "taza", "--level", "province",
                 "--out", str(stored_out)]) == 0
    assert "dataset taza v1" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_csv(stored_out), pd.read_csv(files_out))
    stored = sources.from_store("taza@1")
    assert stored.name == "taza v1" and stored.stored == "taza@1"
    assert float(stored.funding_frame["amount_mad"].sum()) == 12 * AMOUNT


def test_default_dataset_replaces_the_demo(store_url, workbook, tmp_path, capsys) -> None:
    out = tmp_path / "out.csv"
    assert main(["indicators", "--level", "province", "--out", str(out)]) == 0
    assert "illustrative demo" in capsys.readouterr().out
    main(["datasets", "import", str(workbook), "--name", "taza"])
    main(["datasets", "default", "taza"])
    capsys.readouterr()
    assert main(["indicators", "--level", "province", "--out", str(out)]) == 0
    assert "dataset taza v1" in capsys.readouterr().out
    assert _funding_total(out) == 12 * AMOUNT
    assert datasets.default_dataset().name == "taza v1"


def test_dataset_and_files_together_are_refused(workbook, capsys) -> None:
    assert main(["indicators", "--dataset", "taza", "--centres", str(workbook),
                 "--level", "province", "--out", "x.csv"]) == 2
    assert "either --dataset or --centres" in capsys.readouterr().err
