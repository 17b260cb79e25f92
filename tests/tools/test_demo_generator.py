"""The illustrative demo data: deterministic, fully accepted, calibrated, consistent."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import geodata
from dashboard.calc.breakdowns import counts_by_mode, funding_by_source, funding_by_year
from dashboard.calc.indicators import TYPE_COLUMNS, Filters, compute_indicators
from dashboard.demo import demo_paths
from loaders import load_centres, load_funding
from tools.demo.generator import (
    AZILAL,
    CENTRE_COLUMNS,
    FUNDING_COLUMNS,
    KHENIFRA,
    TAZA,
    generate_demo,
    to_csv_text,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_demo()


@pytest.fixture(scope="module")
def loaded() -> tuple[object, object]:
    centres_path, funding_path = demo_paths()
    centres = load_centres(centres_path)
    funding = load_funding(funding_path, centres=centres.accepted)
    return centres, funding


@pytest.fixture(scope="module")
def accepted(loaded: tuple[object, object]) -> tuple[pd.DataFrame, pd.DataFrame]:
    centres, funding = loaded
    return centres.accepted, funding.accepted


def test_committed_files_equal_a_fresh_generation(
    generated: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    for frame, path in zip(generated, demo_paths(), strict=True):
        assert path.read_text(encoding="utf-8") == to_csv_text(frame), path.name


def test_file_names_and_column_say_illustrative(
    generated: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    centres, funding = generated
    assert all("illustrative" in path.name for path in demo_paths())
    assert tuple(centres.columns) == CENTRE_COLUMNS
    assert tuple(funding.columns) == FUNDING_COLUMNS
    assert (centres["illustrative"] == "yes").all()
    assert (funding["illustrative"] == "yes").all()


def test_loaders_accept_every_row(loaded: tuple[object, object]) -> None:
    centres, funding = loaded
    assert centres.rows_read == len(centres.accepted) > 3_500
    assert centres.rejected_count == 0
    assert funding.rows_read == len(funding.accepted) > 5_000
    assert funding.rejected_count == 0
    assert not (centres.issues["severity"] == "error").any()


def test_another_seed_gives_other_data(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    other, _ = generate_demo(seed=7)
    assert not other["centre_type"].equals(generated[0]["centre_type"])


def test_national_calibration(accepted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    centres, funding = accepted
    assert 3_700 <= len(centres) <= 4_300  # 3,988 in 2015
    kind = geodata.load_units("commune", "web").set_index("code")["kind"]
    rural_share = (centres["commune_code"].map(kind) == "rural").mean()
    assert 0.45 <= rural_share <= 0.60  # about half in rural areas
    status = centres["status"].value_counts(normalize=True)
    assert status["operating"] == pytest.approx(0.85, abs=0.02)
    assert status["licensing"] == pytest.approx(0.08, abs=0.02)
    assert status["closed"] == pytest.approx(0.04, abs=0.015)
    assert status["planned"] == pytest.approx(0.03, abs=0.015)
    modes = centres["management_mode"].value_counts(normalize=True)
    assert modes["direct"] == pytest.approx(0.20, abs=0.03)
    assert modes["co_management"] == pytest.approx(0.35, abs=0.03)
    assert modes["delegated"] == pytest.approx(0.45, abs=0.03)
    assert 2.5 <= centres["services"].mean() <= 3.0
    assert centres["services"].between(1, 5).all()
    assert set(funding["year"]) == set(range(2019, 2025))
    assert set(funding["source"]) >= {"entraide_nationale", "indh", "local_authority"}
    methods = centres["match_method"].value_counts(normalize=True)
    assert 0.1 <= methods["point"] <= 0.3  # a share located by coordinates only


def test_rural_gaps_for_planners(accepted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    centres, funding = accepted
    nation = compute_indicators(centres, funding, "region").sum(numeric_only=True)
    rural_gap = 1 - nation["communes_covered_rural"] / nation["communes_rural"]
    assert 0.30 <= rural_gap <= 0.45
    assert nation["communes_covered_urban"] / nation["communes_urban"] > 0.9


def test_taza_profile(accepted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    centres, funding = accepted
    taza = compute_indicators(centres, funding, "province", within=TAZA).iloc[0]
    assert (taza["communes_covered"], taza["communes_covered_urban"],
            taza["communes_covered_rural"]) == (29, 4, 25)
    assert taza["services"] == 79
    cercles = compute_indicators(centres, funding, "cercle", within=TAZA)
    rural_cercles = cercles[~cercles["code"].str.endswith(".01")]
    assert len(rural_cercles) == 5 and (rural_cercles["communes_covered"] > 0).all()
    modes = counts_by_mode(centres, TAZA).set_index("management_mode")["centres"]
    assert modes["co_management"] / modes["delegated"] == pytest.approx(27 / 35, rel=0.15)
    assert modes["direct"] > 0


def test_khenifra_profile_and_2021_subsidies(
    accepted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    centres, funding = accepted
    row = compute_indicators(centres, funding, "province", within=KHENIFRA).iloc[0]
    assert row["centres_eps"] == 34
    assert row["centres_cef"] == 23
    assert row["centres_kindergarten"] == 13
    assert row["centres_social_complex"] == 3
    assert row["centres_disability"] == 2
    assert row["centres_proximity_centre"] == 1
    licensing = compute_indicators(centres, funding, "province", within=KHENIFRA,
                                   filters=Filters(statuses=("licensing",))).iloc[0]
    assert licensing["centres_eps"] == 5
    sources = funding_by_source(centres, funding, KHENIFRA, Filters(years=(2021, 2021)))
    en = sources.set_index("source").loc["entraide_nationale", "funding_mad"]
    assert en == pytest.approx(3_000_000 + 160_000 + 1_468_411)
    for centre_type, amount in (("eps", 3_000_000), ("proximity_centre", 160_000),
                                ("disability", 1_468_411)):
        by_type = funding_by_source(
            centres, funding, KHENIFRA,
            Filters(years=(2021, 2021), types=(centre_type,), sources=("entraide_nationale",)),
        )
        assert by_type["funding_mad"].sum() == pytest.approx(amount)


def test_azilal_students_houses(accepted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    centres, funding = accepted
    row = compute_indicators(centres, funding, "province", within=AZILAL).iloc[0]
    assert row["centres_eps"] == 36
    yearly = funding_by_year(centres, funding, AZILAL,
                             Filters(types=("eps",), sources=("entraide_nationale",)))
    assert yearly["funding_mad"].between(2_700_000, 3_250_000).all()


NUMERIC = ["population_2024", "communes_total", "communes_urban", "communes_rural",
           "communes_covered", "communes_covered_urban", "communes_covered_rural", "centres",
           "services", *TYPE_COLUMNS, "funding_mad"]


@pytest.mark.parametrize(("child", "parent"), [("cercle", "province"), ("province", "region")])
def test_children_add_up_to_every_parent(
    accepted: tuple[pd.DataFrame, pd.DataFrame], child: str, parent: str
) -> None:
    centres, funding = accepted
    children = compute_indicators(centres, funding, child)
    parents = compute_indicators(centres, funding, parent).set_index("code")
    summed = children.groupby("parent_code")[NUMERIC].sum()
    assert set(summed.index) == set(parents.index)  # every province has its cercles
    pd.testing.assert_frame_equal(
        summed.sort_index(), parents[NUMERIC].sort_index(),
        check_dtype=False, check_names=False, rtol=1e-9,
    )


def test_every_commune_appears_once(accepted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    centres, funding = accepted
    communes = compute_indicators(centres, funding, "commune")
    assert len(communes) == 1503 and communes["code"].is_unique
    assert communes["funding_mad"].sum() == pytest.approx(funding["amount_mad"].sum())


def test_points_lie_in_the_commune_they_give(
    generated: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    centres, _ = generated
    both = centres.dropna(subset=["latitude", "commune_code"])
    assert len(both) > 50
    points = gpd.GeoDataFrame(
        both[["commune_code"]],
        geometry=gpd.points_from_xy(both["longitude"], both["latitude"]),
        crs="EPSG:4326",
    )
    communes = geodata.load_units("commune", "full")[["code", "geometry"]]
    joined = gpd.sjoin(points, communes, predicate="within", how="left")
    assert (joined["code"] == joined["commune_code"]).all()
    assert np.isfinite(centres["latitude"]).sum() > 500
