"""``taghtia access`` and ``taghtia plan`` end to end on the illustrative demo data."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import pandas as pd
import pytest

from dashboard.calc.access import ACCESS_COLUMNS, accessibility
from dashboard.calc.indicators import Filters
from dashboard.calc.location import SITE_COLUMNS, SUMMARY_KEYS, plan_sites
from dashboard.cli import main
from tests.support.territories import TAZA

READ = {"dtype": {"code": str, "province_code": str}, "encoding": "utf-8-sig"}


@pytest.fixture(scope="module")
def demo_centres() -> pd.DataFrame:
    from dashboard.app.datasets import demo_dataset

    return demo_dataset().centres_frame


def test_access_table_for_taza(tmp_path: Path, demo_centres, capsys) -> None:
    out = tmp_path / "taza.csv"
    assert main(["access", "--within", TAZA, "--demand", "under_15", "--speed-kmh", "40",
                 "--out", str(out)]) == 0
    table = pd.read_csv(out, **READ)
    assert list(table.columns) == [*ACCESS_COLUMNS, "nearest_min_estimated"]
    expected = accessibility(demo_centres, TAZA, demand="under_15")
    assert table["code"].tolist() == expected["code"].tolist()
    assert table["access"].to_numpy() == pytest.approx(expected["access"].to_numpy())
    assert table["served"].tolist() == expected["served"].tolist()
    assert table["nearest_min_estimated"].to_numpy() == pytest.approx(
        table["nearest_km"].to_numpy() / 40 * 60, nan_ok=True)
    assert "illustrative demo data" in capsys.readouterr().out


def test_access_geojson_has_commune_outlines(tmp_path: Path) -> None:
    out = tmp_path / "taza.geojson"
    assert main(["access", "--within", TAZA, "--types", "kindergarten", "--method", "e2sfca",
                 "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 38
    assert features[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert {"access", "nearest_km", "served", "access_rank"} <= set(features[0]["properties"])


def test_plan_answers_the_taza_kindergarten_question(tmp_path: Path, demo_centres) -> None:
    out = tmp_path / "plan.csv"
    assert main(["plan", "--within", TAZA, "--types", "kindergarten", "--demand", "under_15",
                 "--add", "3", "--radius-km", "10", "--out", str(out)]) == 0
    sites = pd.read_csv(out, **READ)
    summary = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert list(sites.columns) == list(SITE_COLUMNS)
    assert tuple(summary) == SUMMARY_KEYS
    assert summary["status"] == "optimal" and summary["added"] == 3
    assert (summary["radius_km"], summary["detour"]) == (10.0, 1.3)
    expected = plan_sites(demo_centres, TAZA, Filters(types=("kindergarten",)), add=3,
                          radius_km=10, demand="under_15")
    assert sites["code"].tolist() == expected.sites["code"].tolist()
    assert summary["demand_served_after"] == pytest.approx(
        expected.summary["demand_served_after"])
    assert sites["new_demand_served"].sum() == pytest.approx(
        summary["demand_served_after"] - summary["demand_served_before"])
    assert sites["new_demand_served"].is_monotonic_decreasing


def test_plan_sites_as_geojson_points(tmp_path: Path) -> None:
    out = tmp_path / "sites.geojson"
    assert main(["plan", "--within", TAZA, "--add", "2", "--candidates", "uncovered",
                 "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["rank"] for f in features] == [1, 2]
    assert features[0]["geometry"]["type"] == "Point"
    assert json.loads((tmp_path / "sites.json").read_text())["candidates"] == "uncovered"


def test_access_nationally_without_within(tmp_path: Path) -> None:
    out = tmp_path / "maroc.csv"
    assert main(["access", "--supply", "services", "--out", str(out)]) == 0
    table = pd.read_csv(out, **READ)
    assert len(table) == 1503 and table["code"].is_unique
    assert table["access_rank"].min() == 1 and (table["access"] >= 0).all()
    assert (table["served"] == (table["nearest_km"] <= 15)).all()


def test_plan_nationally_without_within(tmp_path: Path) -> None:
    out = tmp_path / "maroc.csv"
    assert main(["plan", "--types", "kindergarten", "--add", "5", "--out", str(out)]) == 0
    sites = pd.read_csv(out, **READ)
    assert len(sites) == 5 and sites["code"].str[:2].nunique() >= 1
    summary = json.loads((tmp_path / "maroc.json").read_text())
    assert summary["demand_served_before"] < summary["demand_served_after"]
    assert summary["demand_total"] > 36_000_000  # all of Morocco


def test_plan_from_a_stored_dataset_equals_the_file(tmp_path: Path) -> None:
    from dashboard.demo import demo_paths

    centres_file = str(demo_paths()[0])
    options = ["--within", TAZA, "--add", "2", "--radius-km", "10"]
    assert main(["plan", "--centres", centres_file, *options,
                 "--out", str(tmp_path / "files.csv")]) == 0
    assert main(["datasets", "import", centres_file, "--name", "registre"]) == 0
    assert main(["plan", "--dataset", "registre", *options,
                 "--out", str(tmp_path / "stored.csv")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "stored.csv", **READ),
                                  pd.read_csv(tmp_path / "files.csv", **READ))
    assert (json.loads((tmp_path / "stored.json").read_text())
            == json.loads((tmp_path / "files.json").read_text()))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--add", "0", "--out", "x.csv"], "--add must be a positive"),
        (["plan", "--add", "2", "--out", "x.pdf"], "--out must end in .csv, .xlsx, .geojson"),
        (["plan", "--add", "2", "--detour", "0.5", "--out", "x.csv"], "detour must be at least 1"),
        (["plan", "--add", "99", "--within", TAZA, "--out", "x.csv"],
         "add must be at most the number of candidate communes (38"),
        (["plan", "--add", "2", "--candidates", "some", "--out", "x.csv"], "invalid choice"),
        (["access", "--radius-km", "-3", "--out", "x.csv"], "radius_km must be a positive"),
        (["access", "--demand", "teenagers", "--out", "x.csv"], "invalid choice"),
        (["access", "--within", "99", "--out", "x.csv"], "within must be the code"),
        (["access", "--speed-kmh", "0", "--out", "x.csv"], "speed_kmh must be a positive"),
        (["access", "--dataset", "nope", "--out", "x.csv"], "no dataset named 'nope'"),
        (["plan", "--dataset", "nope", "--centres", "c.csv", "--add", "2", "--out", "x.csv"],
         "give either --dataset or --centres/--funding, not both"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, monkeypatch, capsys, argv, message
                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) if "invalid choice" in message else nullcontext():
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1

