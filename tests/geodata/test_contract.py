"""Data contract of the reference geography: every unit of every level, in both details."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geodata
from tools.geodata_build.pipeline import WEB_BUDGET_BYTES, web_geojson_bytes

LEVELS = geodata.LEVELS
DETAILS = geodata.DETAILS
REQUIRED = [
    "code", "name_fr", "name_ar", "level", "parent_code", "region_code", "province_code",
    "population_2014", "population_2024", "area_km2", "point_lon", "point_lat", "geometry",
]
PARENT_LEVEL = {"commune": "cercle", "cercle": "province", "province": "region"}


@pytest.fixture(scope="module")
def units() -> dict[tuple[str, str], gpd.GeoDataFrame]:
    return {(level, detail): geodata.load_units(level, detail)
            for level in LEVELS for detail in DETAILS}


def test_counts(units) -> None:
    communes = units["commune", "full"]
    cercles = units["cercle", "full"]
    assert len(units["region", "full"]) == 12
    assert len(units["province", "full"]) == 75
    assert (cercles["kind"] == "cercle").sum() == 213
    assert len(communes) == 1503
    assert (communes["kind"] == "urban").sum() == 242
    assert (communes["kind"] == "rural").sum() == 1261
    provinces_with_urban = communes.loc[communes["kind"] == "urban", "province_code"].nunique()
    assert (cercles["kind"] == "municipalities").sum() == provinces_with_urban


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("detail", DETAILS)
def test_columns_codes_and_crs(units, level: str, detail: str) -> None:
    frame = units[level, detail]
    assert set(REQUIRED) <= set(frame.columns)
    assert frame.crs.to_epsg() == 4326
    assert frame["code"].is_unique
    assert (frame["level"] == level).all()
    assert frame["name_fr"].str.len().gt(0).all()
    assert frame["name_ar"].str.contains(r"[\u0600-\u06FF]").all()
    assert (frame["population_2024"] > 0).all()
    assert (frame["area_km2"] > 0).all()
    if level == "commune":
        assert {"cercle_code", "kind"} <= set(frame.columns)
        urban = frame["kind"] == "urban"
        assert (frame.loc[urban, "cercle_code"] == frame.loc[urban, "province_code"] + ".01").all()


@pytest.mark.parametrize("level", list(PARENT_LEVEL))
def test_every_parent_exists(units, level: str) -> None:
    frame = units[level, "full"]
    parents = set(units[PARENT_LEVEL[level], "full"]["code"])
    assert set(frame["parent_code"]) <= parents
    assert set(frame["province_code"]) <= set(units["province", "full"]["code"])
    assert set(frame["region_code"]) <= set(units["region", "full"]["code"])


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("detail", DETAILS)
def test_geometries_valid_and_form_a_coverage(units, level: str, detail: str) -> None:
    geometries = units[level, detail].geometry.to_numpy()
    assert not shapely.is_empty(geometries).any()
    assert shapely.is_valid(geometries).all()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}
    # A valid coverage: no overlaps between neighbours, shared edges identical.
    assert shapely.coverage_is_valid(geometries)


@pytest.mark.parametrize("level", list(PARENT_LEVEL))
def test_children_areas_and_populations_add_up(units, level: str) -> None:
    children = units[level, "full"]
    parents = units[PARENT_LEVEL[level], "full"].set_index("code")
    area = children.groupby("parent_code")["area_km2"].sum()
    relative = (area / parents.loc[area.index, "area_km2"] - 1).abs()
    assert relative.max() < 0.001
    population = children.groupby("parent_code")["population_2024"].sum()
    assert (population == parents.loc[population.index, "population_2024"]).all()


def test_representative_points_inside_own_polygon_and_parents(units) -> None:
    communes = units["commune", "full"]
    points = gpd.GeoDataFrame(
        communes[["code", "cercle_code", "province_code", "region_code"]],
        geometry=gpd.points_from_xy(communes["point_lon"], communes["point_lat"]),
        crs=communes.crs,
    )
    assert shapely.within(points.geometry.to_numpy(), communes.geometry.to_numpy()).all()
    for level, key in (("cercle", "cercle_code"), ("province", "province_code"),
                       ("region", "region_code")):
        parents = units[level, "full"].set_index("code").geometry
        containers = parents.loc[points[key]].to_numpy()
        assert shapely.covers(containers, points.geometry.to_numpy()).all(), level


@pytest.mark.parametrize("level", LEVELS)
def test_representative_points_inside_units(units, level: str) -> None:
    frame = units[level, "full"]
    points = shapely.points(frame["point_lon"].to_numpy(), frame["point_lat"].to_numpy())
    assert shapely.within(points, frame.geometry.to_numpy()).all()


def test_web_layer_budget_and_area_fidelity(units) -> None:
    web = units["commune", "web"]
    assert web_geojson_bytes(web) <= WEB_BUDGET_BYTES
    full_area = units["commune", "full"]["area_km2"].to_numpy()
    web_area = web.geometry.to_crs(geodata.EQUAL_AREA_CRS).area.to_numpy() / 1e6
    large = full_area > 20
    assert np.max(np.abs(web_area[large] / full_area[large] - 1)) <= 0.10
    decimals = shapely.get_coordinates(web.geometry.to_numpy()) * 10_000
    assert np.allclose(decimals, np.round(decimals), atol=1e-6)


def test_web_and_full_share_codes_and_attributes(units) -> None:
    for level in LEVELS:
        full = units[level, "full"].drop(columns="geometry")
        web = units[level, "web"].drop(columns="geometry")
        pd.testing.assert_frame_equal(full, web)


def test_committed_files_fit_their_budget() -> None:
    total = sum(path.stat().st_size for path in geodata.DATA_DIR.glob("*.parquet"))
    assert total <= 40 * 1024 * 1024


@pytest.mark.parametrize("bad", ["communes", "", "Province", None])
def test_unknown_level_names_accepted_values(bad) -> None:
    with pytest.raises(ValueError, match="region, province, cercle, commune"):
        geodata.load_units(bad)


def test_unknown_detail_is_rejected() -> None:
    with pytest.raises(ValueError, match="full, web"):
        geodata.load_units("commune", detail="medium")


def test_load_units_returns_a_copy() -> None:
    first = geodata.load_units("region")
    first.loc[:, "name_fr"] = "changed"
    assert (geodata.load_units("region")["name_fr"] != "changed").all()


@pytest.mark.parametrize("level", LEVELS)
def test_attributes_are_the_units_without_their_boundaries(units, level: str) -> None:
    attributes = geodata.load_attributes(level)
    assert "geometry" not in attributes.columns and not isinstance(attributes,
                                                                   gpd.GeoDataFrame)
    pd.testing.assert_frame_equal(attributes,
                                  pd.DataFrame(units[level, "web"].drop(columns="geometry")))
    attributes.loc[0, "name_fr"] = "changed"  # a copy: the next caller reads the file's
    assert geodata.load_attributes(level).loc[0, "name_fr"] != "changed"
