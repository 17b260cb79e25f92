"""``taghtia underserved`` end to end on the Taza-like registry."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.calc.planning import UNDERSERVED_COLUMNS
from dashboard.cli import main
from tests.dashboard.test_commands_indicators import taza_registry


def test_taza_gaps_ranked(tmp_path: Path) -> None:
    registry = taza_registry(tmp_path / "registre.csv")
    out = tmp_path / "gaps.csv"
    assert main(["underserved", "--centres", str(registry), "--within", "03.561",
                 "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"code": str, "province_code": str},
                        encoding="utf-8-sig")
    assert tuple(table.columns) == UNDERSERVED_COLUMNS
    assert len(table) == 34 - 25  # the rural communes without an operating centre
    assert (table["kind"] == "rural").all()
    assert (table["province_name_fr"] == "Taza").all()
    assert table["priority_rank"].tolist() == sorted(table["priority_rank"])
    assert table["distance_km"].between(0.5, 60).all()
    assert table["need_score"].between(0, 100).all()
    assert sorted(table["population_rank"]) == list(range(1, 10))


def test_top_and_geojson(tmp_path: Path) -> None:
    registry = taza_registry(tmp_path / "registre.csv")
    out = tmp_path / "gaps.geojson"
    assert main(["underserved", "--centres", str(registry), "--within", "03.561", "--top", "3",
                 "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 3
    assert [f["properties"]["priority_rank"] for f in features] == [1, 2, 3]
    assert features[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_type_filter_widens_the_list(tmp_path: Path) -> None:
    registry = taza_registry(tmp_path / "registre.csv")
    out = tmp_path / "no_kindergarten.json"
    assert main(["underserved", "--centres", str(registry), "--within", "03.561",
                 "--types", "kindergarten", "--out", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) > 9  # most communes have no kindergarten


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--top", "0"], "--top must be a positive"),
        (["--top", "many"], "invalid int value"),
        (["--within", "99"], "within must be the code"),
        (["--years", "2021"], "unrecognized arguments"),
    ],
)
def test_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        status = main(["underserved", *argv, "--out", str(tmp_path / "x.csv")])
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
