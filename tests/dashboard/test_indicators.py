"""Indicators on a hand-checkable territory built inside the test.

Region 99 holds province 99.001 (two urban communes, cercle 03 with two rural communes,
cercle 05 with two rural communes and no counted centre) and province 99.002 (one rural
commune); region 98 holds province 98.001 (one urban commune, no rural commune).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.calc.indicators import (
    INDICATOR_COLUMNS,
    TYPE_COLUMNS,
    Filters,
    communes_within,
    compute_indicators,
    is_member,
    located_grants,
)
from loaders.vocabulary import CENTRE_TYPE_KEYS

COMMUNES = [
    # code, kind, population_2024, area_km2
    ("99.001.01.01", "urban", 50_000, 20.0),
    ("99.001.01.03", "urban", 10_000, 10.0),
    ("99.001.03.01", "rural", 8_000, 100.0),
    ("99.001.03.03", "rural", 6_000, 150.0),
    ("99.001.05.01", "rural", 4_000, 200.0),
    ("99.001.05.03", "rural", 2_000, 250.0),
    ("99.002.03.01", "rural", 20_000, 500.0),
    ("98.001.01.01", "urban", 40_000, 30.0),
]


def make_units() -> dict[str, pd.DataFrame]:
    """Reference tables of the test territory, built the way geodata builds them."""
    rows = []
    for code, kind, population, area in COMMUNES:
        province = code[:6]
        cercle = code[:9]
        rows.append(
            {
                "code": code,
                "name_fr": f"Commune {code}",
                "name_ar": f"جماعة {code}",
                "level": "commune",
                "parent_code": cercle if kind == "rural" else province,
                "region_code": code[:2],
                "province_code": province,
                "cercle_code": cercle,
                "kind": kind,
                "population_2024": population,
                "area_km2": area,
            }
        )
    communes = pd.DataFrame(rows)
    units = {"commune": communes}
    for level, key, parent in (
        ("cercle", "cercle_code", "province_code"),
        ("province", "province_code", "region_code"),
        ("region", "region_code", None),
    ):
        grouped = communes.groupby(key).agg(
            population_2024=("population_2024", "sum"),
            area_km2=("area_km2", "sum"),
            parent_code=(parent or key, "first"),
        )
        grouped = grouped.reset_index().rename(columns={key: "code"})
        if parent is None:
            grouped["parent_code"] = None
        grouped["name_fr"] = level + " " + grouped["code"]
        grouped["name_ar"] = grouped["code"]
        grouped["level"] = level
        units[level] = grouped
    return units


UNITS = make_units()


def make_centres() -> pd.DataFrame:
    rows = [
        ("C1", "eps", 3, "delegated", "operating", "99.001.01.01"),
        ("C2", "cef", 2, "co_management", "operating", "99.001.01.01"),
        ("C3", "kindergarten", 1, "direct", "operating", "99.001.01.03"),
        ("C4", "eps", 2, "delegated", "operating", "99.001.03.01"),
        ("C5", "literacy", 1, "co_management", "closed", "99.001.03.03"),
        ("C6", "cef", 4, "delegated", "licensing", "99.001.05.01"),
        ("C7", "disability", 2, None, "operating", "98.001.01.01"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["centre_id", "centre_type", "services", "management_mode", "status",
                 "commune_code"],
    )
    frame.insert(0, "row", range(2, 2 + len(frame)))
    frame["name"] = "Centre " + frame["centre_id"]
    frame["management_mode"] = frame["management_mode"].astype("object").where(
        frame["management_mode"].notna(), pd.NA
    )
    frame["latitude"] = np.nan
    frame["longitude"] = np.nan
    frame["match_method"] = "code"
    frame["match_score"] = 100.0
    return frame


def make_funding() -> pd.DataFrame:
    rows = [
        ("C1", 2021, 100_000.0, "entraide_nationale", "99.001.01.01"),
        ("C5", 2021, 20_000.0, "entraide_nationale", "99.001.03.03"),  # closed centre
        (pd.NA, 2021, 30_000.0, "indh", "99.001.05.03"),  # no centre
        ("C4", 2018, 50_000.0, "entraide_nationale", "99.001.03.01"),  # before 2019
        ("C7", 2022, 10_000.0, "partner", "98.001.01.01"),
    ]
    frame = pd.DataFrame(rows, columns=["centre_id", "year", "amount_mad", "source",
                                        "commune_code"])
    frame.insert(0, "row", range(2, 2 + len(frame)))
    return frame


def indicators(level: str = "province", **kwargs: object) -> pd.DataFrame:
    kwargs.setdefault("filters", Filters(years=(2019, 2024)))
    table = compute_indicators(make_centres(), make_funding(), level=level, units=UNITS,
                               **kwargs)
    return table.set_index("code")


def test_columns_follow_the_contract() -> None:
    table = compute_indicators(make_centres(), make_funding(), "cercle", units=UNITS)
    assert tuple(table.columns) == INDICATOR_COLUMNS
    assert tuple(f"centres_{key}" for key in CENTRE_TYPE_KEYS) == TYPE_COLUMNS
    assert (table["level"] == "cercle").all()


def test_small_province_counted_by_hand() -> None:
    row = indicators().loc["99.001"]
    assert row["communes_total"] == 6
    assert (row["communes_urban"], row["communes_rural"]) == (2, 4)
    # both towns covered; only 99.001.03.01 among rural (closed and licensing do not count)
    assert (row["communes_covered_urban"], row["communes_covered_rural"]) == (2, 1)
    assert row["communes_covered"] == 3
    assert row["coverage_rate"] == pytest.approx(0.5)
    assert row["coverage_rate_urban"] == pytest.approx(1.0)
    assert row["coverage_rate_rural"] == pytest.approx(0.25)
    assert row["centres"] == 4
    assert row["services"] == 3 + 2 + 1 + 2
    assert row["centres_eps"] == 2 and row["centres_cef"] == 1
    assert row["centres_literacy"] == 0  # the closed one
    assert row["population_2024"] == 80_000
    assert row["people_per_centre"] == pytest.approx(20_000)
    assert row["centres_per_100k"] == pytest.approx(5.0)
    # 100,000 (C1) + 20,000 (closed C5, still funded) + 30,000 (no centre); 2018 grant out
    assert row["funding_mad"] == pytest.approx(150_000)
    assert row["funding_per_capita_mad"] == pytest.approx(150_000 / 80_000)
    assert row["funding_per_km2_mad"] == pytest.approx(150_000 / 730)
    assert row["funding_per_centre_mad"] == pytest.approx(150_000 / 4)


def test_services_per_cercle_with_municipalities_group() -> None:
    table = indicators("cercle", within="99.001")
    assert list(table.index) == ["99.001.01", "99.001.03", "99.001.05"]
    assert table["services"].tolist() == [6, 2, 0]
    assert table["centres"].tolist() == [3, 1, 0]
    assert table["communes_covered"].tolist() == [2, 1, 0]
    municipalities = table.loc["99.001.01"]
    assert math.isnan(municipalities["coverage_rate_rural"])
    empty = table.loc["99.001.05"]
    assert empty["coverage_rate_rural"] == 0.0
    assert math.isnan(empty["coverage_rate_urban"])
    assert math.isnan(empty["people_per_centre"])
    assert math.isnan(empty["funding_per_centre_mad"])
    assert empty["funding_mad"] == pytest.approx(30_000)


def test_cercles_add_up_to_provinces() -> None:
    cercles = indicators("cercle")
    provinces = indicators("province")
    parent = pd.Series(UNITS["cercle"].set_index("code")["parent_code"])
    numeric = ["communes_total", "communes_covered", "centres", "services", "funding_mad",
               "population_2024", *TYPE_COLUMNS]
    summed = cercles[numeric].groupby(parent.reindex(cercles.index)).sum()
    pd.testing.assert_frame_equal(
        summed.sort_index(), provinces[numeric].sort_index(), check_names=False,
        check_dtype=False,
    )


def test_level_commune_within_province() -> None:
    table = indicators("commune", within="99.001")
    assert len(table) == 6
    assert table.loc["99.001.03.03", "centres"] == 0
    assert table.loc["99.001.03.03", "funding_mad"] == pytest.approx(20_000)
    assert table.loc["99.001.01.01", "coverage_rate"] == 1.0


def test_within_selects_the_unit_itself_at_its_level() -> None:
    table = indicators("province", within="99.001")
    assert list(table.index) == ["99.001"]
    region = indicators("region", within="99.001.03")
    assert list(region.index) == ["99"]


def test_unit_without_rural_commune_has_empty_rural_rate() -> None:
    row = indicators("province").loc["98.001"]
    assert math.isnan(row["coverage_rate_rural"])
    assert row["coverage_rate_urban"] == 1.0
    assert row["centres_disability"] == 1


def test_every_unit_appears_with_zeros() -> None:
    table = compute_indicators(make_centres().iloc[:0], None, "commune", units=UNITS)
    assert len(table) == len(COMMUNES)
    assert (table["centres"] == 0).all() and (table["funding_mad"] == 0).all()
    assert (table["coverage_rate"] == 0).all()


@pytest.mark.parametrize(
    ("filters", "centres", "funding"),
    [
        (Filters(), 4, 200_000),
        (Filters(years=(2019, 2024)), 4, 150_000),
        (Filters(years=(2018, 2018)), 4, 50_000),
        (Filters(types=("eps",)), 2, 150_000),  # C1 and C4; the no-centre grant is dropped
        (Filters(modes=("delegated",)), 2, 150_000),
        (Filters(statuses=None), 6, 200_000),
        (Filters(statuses=("closed", "licensing")), 2, 200_000),
        (Filters(sources=("indh",)), 4, 30_000),
    ],
)
def test_filters(filters: Filters, centres: int, funding: float) -> None:
    row = indicators(filters=filters).loc["99.001"]
    assert row["centres"] == centres
    assert row["funding_mad"] == pytest.approx(funding)


def test_grants_follow_their_centre_commune() -> None:
    funding = make_funding()
    funding.loc[0, "commune_code"] = "99.002.03.01"  # disagrees with its centre
    grants = located_grants(make_centres(), funding, Filters(), units=UNITS)
    assert grants.loc[0, "commune_code"] == "99.001.01.01"
    assert grants.loc[0, "centre_type"] == "eps"


@pytest.mark.parametrize("level", ["country", "Province", ""])
def test_invalid_level_names_accepted_values(level: str) -> None:
    with pytest.raises(ValueError, match="region, province, cercle, commune"):
        compute_indicators(make_centres(), None, level, units=UNITS)


def test_unknown_within_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="within"):
        compute_indicators(make_centres(), None, "commune", within="77.777", units=UNITS)


def test_unknown_commune_code_is_reported() -> None:
    centres = make_centres()
    centres.loc[0, "commune_code"] = "12.345.67.89"
    with pytest.raises(ValueError, match=r"12\.345\.67\.89"):
        compute_indicators(centres, None, units=UNITS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ("school",)}, "types must be among"),
        ({"modes": "private"}, "modes must be among"),
        ({"statuses": ("open",)}, "statuses must be among"),
        ({"sources": ("bank",)}, "sources must be among"),
        ({"years": (2022, 2019)}, "years must run forward"),
        ({"years": "2019"}, "years must be a pair"),
    ],
)
def test_filters_reject_unknown_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Filters(**kwargs)


def test_filters_are_hashable_and_normalised() -> None:
    assert Filters(types=["eps", "cef", "eps"]).types == ("eps", "cef")
    assert hash(Filters(types=["eps"])) == hash(Filters(types=("eps",)))


def test_communes_within_cercle() -> None:
    assert communes_within("99.001.05", UNITS)["code"].tolist() == [
        "99.001.05.01", "99.001.05.03"
    ]


@pytest.mark.parametrize("values", [
    pd.Series(["04.011.01.02", None, "04.011.01.05", "x"], dtype="str"),
    pd.Series(["04.011.01.02", None, "04.011.01.05", "x"], dtype=object),
    pd.Series([1, 2, 3, 12]),
    pd.Index(["04.011.01.02", "04.011.01.05"]),
])
@pytest.mark.parametrize("members", [
    {"04.011.01.05", "x", "2"},
    pd.Series(["04.011.01.02", "3", None]),
    pd.Index(["12"]),
    (),
])
def test_is_member_answers_as_isin_on_text(values, members) -> None:
    expected = pd.Series(values).astype("str").isin(
        [str(m) for m in members if m is not None]).to_numpy(dtype=bool)
    got = is_member(values, members)
    assert got.dtype == bool and got.tolist() == expected.tolist()
