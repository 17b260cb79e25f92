"""Underserved communes, need score and distance to the nearest centre, on a small territory.

The eight communes of test_indicators are 0.1° squares in a row along latitude 33°N, 0.2°
apart, so neighbouring representative points are about 18.7 km apart.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.calc.indicators import Filters
from dashboard.calc.planning import (
    UNDERSERVED_COLUMNS,
    distance_to_nearest_centre_km,
    need_scores,
    underserved,
)
from tests.dashboard.test_indicators import COMMUNES, UNITS, make_centres

STEP_KM = 0.2 * 111.32 * np.cos(np.radians(33.05))


def make_geometry() -> gpd.GeoDataFrame:
    frame = UNITS["commune"].copy()
    frame["geometry"] = [box(-6 + 0.2 * i, 33.0, -5.9 + 0.2 * i, 33.1) for i in range(len(frame))]
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def make_census() -> pd.DataFrame:
    # need grows with the position in the list, except the last commune (lowest)
    values = np.array([1, 2, 3, 4, 5, 6, 7, 0], dtype=float)
    return pd.DataFrame(
        {
            "code": [c[0] for c in COMMUNES],
            "illiteracy_rate_10_plus": values / 10,
            "disability_prevalence": values / 100,
            "share_under_15": values / 20,
            "share_60_plus": values / 30,
        }
    )


GEOMETRY = make_geometry()
CENSUS = make_census()


def run(**kwargs: object) -> pd.DataFrame:
    return underserved(make_centres(), communes=GEOMETRY, census=CENSUS, units=UNITS, **kwargs)


def test_lists_communes_without_counted_centre() -> None:
    table = run(within="99.001")
    assert tuple(table.columns) == UNDERSERVED_COLUMNS
    # 99.001.03.03 has only a closed centre, 99.001.05.01 only a licensing one
    assert set(table["code"]) == {"99.001.03.03", "99.001.05.01", "99.001.05.03"}
    assert (table["province_name_fr"] == "province 99.001").all()


def test_distance_to_nearest_centre() -> None:
    distance = distance_to_nearest_centre_km(make_centres(), Filters(), GEOMETRY)
    # counted centres sit in communes 0, 1, 2 and 7 of the row
    assert distance["99.001.03.01"] == pytest.approx(0.0, abs=1e-6)
    assert distance["99.001.03.03"] == pytest.approx(STEP_KM, rel=0.01)
    assert distance["99.001.05.01"] == pytest.approx(2 * STEP_KM, rel=0.01)
    assert distance["99.002.03.01"] == pytest.approx(STEP_KM, rel=0.01)  # next to 98.001


def test_centre_point_is_used_when_given() -> None:
    centres = make_centres()
    # C4 (99.001.03.01) placed at the eastern edge of its square, near 99.001.03.03
    centres.loc[centres["centre_id"] == "C4", ["longitude", "latitude"]] = [-5.5001, 33.05]
    distance = distance_to_nearest_centre_km(centres, Filters(), GEOMETRY)
    assert distance["99.001.03.03"] < STEP_KM * 0.8


def test_no_counted_centre_gives_empty_distance() -> None:
    distance = distance_to_nearest_centre_km(make_centres().iloc[:0], Filters(), GEOMETRY)
    assert distance.isna().all()
    table = underserved(make_centres().iloc[:0], communes=GEOMETRY, census=CENSUS, units=UNITS)
    assert len(table) == len(COMMUNES)
    assert table["priority_score"].notna().all()


def test_need_score_is_mean_of_percentile_ranks() -> None:
    scores = need_scores(CENSUS)["need_score"]
    assert scores["99.002.03.01"] == pytest.approx(100.0)  # highest on all four
    assert scores["98.001.01.01"] == pytest.approx(100.0 / 8)  # lowest on all four
    assert scores.is_monotonic_increasing is False


def test_ranks_and_order() -> None:
    table = run(within="99.001").set_index("code")
    assert table.loc["99.001.03.03", "population_rank"] == 1  # 6,000 inhabitants
    assert table.loc["99.001.05.03", "need_rank"] == 1
    assert table["priority_rank"].is_monotonic_increasing
    assert table["priority_rank"].iloc[0] == 1
    assert sorted(table["need_rank"].tolist()) == [1, 2, 3]


def test_scores_do_not_depend_on_territory() -> None:
    national = run().set_index("code")
    local = run(within="99.001").set_index("code")
    pd.testing.assert_series_equal(
        national.loc[local.index, "priority_score"], local["priority_score"]
    )


def test_top_and_filters() -> None:
    assert len(run(top=2)) == 2
    kindergartens = run(filters=Filters(types=("kindergarten",)))
    assert "99.001.01.03" not in set(kindergartens["code"])
    assert "99.001.01.01" in set(kindergartens["code"])


@pytest.mark.parametrize("top", [0, -3, 2.5, True])
def test_bad_top(top: object) -> None:
    with pytest.raises(ValueError, match="top must be a positive"):
        run(top=top)


def test_metric_crs_is_the_reference_one() -> None:
    import geodata
    from dashboard.calc import planning

    assert planning.METRIC_CRS == geodata.METRIC_CRS


def test_national_list_on_demo_data() -> None:
    from dashboard.demo import demo_paths
    from loaders import load_centres

    centres = load_centres(demo_paths()[0]).accepted
    table = underserved(centres)
    assert 350 <= len(table) <= 700  # about 40 % of rural communes, a few small towns
    assert table["priority_rank"].iloc[0] == 1
    assert table["distance_km"].gt(0).all()
    # four small Saharan communes have no published census indicators: no need score
    assert table["need_score"].isna().sum() <= 4
    assert table["need_score"].dropna().between(0, 100).all()
    assert table["priority_score"].notna().all()
    assert table["code"].is_unique
    top = underserved(centres, within="03.561", top=3)
    assert len(top) == 3 and (top["province_code"] == "03.561").all()
