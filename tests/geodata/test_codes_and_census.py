"""Code normalisation through the reference table, census indicators, side tables."""

from __future__ import annotations

import pytest

import geodata


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05.301.01.01", "05.301.01.01"),
        ("053010101", "05.301.01.01"),
        (53010101, "05.301.01.01"),
        ("53010101.0", "05.301.01.01"),
        (" 05.301.01.01 ", "05.301.01.01"),
        ("01.511.01.0", "01.511.01.0"),
        ("001511010", "01.511.01.0"),
        ("01.511.01.05", "01.511.01.05"),  # an arrondissement of Tanger
        ("05301", "05.301"),
        ("03.561.01", "03.561.01"),  # Taza's municipalities group
        ("99.999.99.99", None),
        ("", None),
        (None, None),
        ("Taza", None),
    ],
)
def test_normalise_code(typed, expected) -> None:
    assert geodata.normalise_code(typed) == expected


def test_every_unit_code_normalises_to_itself() -> None:
    for level in geodata.LEVELS:
        for code in geodata.load_units(level)["code"]:
            assert geodata.normalise_code(code) == code
            assert geodata.normalise_code(code.replace(".", "")) == code


@pytest.mark.parametrize("level", geodata.LEVELS)
def test_census_covers_every_unit_with_fractions(level: str) -> None:
    table = geodata.census(level)
    units = geodata.load_units(level)
    assert set(table["code"]) == set(units["code"])
    columns = ["share_under_15", "share_60_plus", "illiteracy_rate_10_plus",
               "disability_prevalence", "unemployment_rate", "share_rural"]
    for column in columns:
        values = table[column].dropna()
        assert values.between(0, 1).all(), column
        assert len(values) >= 0.99 * len(table), column
    merged = table.merge(units[["code", "population_2024"]], on="code", suffixes=("", "_unit"))
    assert (merged["population_2024"] == merged["population_2024_unit"]).all()


def test_census_share_rural_matches_commune_kinds() -> None:
    communes = geodata.load_units("commune").set_index("code")
    table = geodata.census("commune").set_index("code")
    assert (table["share_rural"] == (communes.loc[table.index, "kind"] == "rural")).all()
    taza = geodata.census("province").set_index("code").loc["03.561"]
    assert 0.5 < taza["share_rural"] < 1


def test_census_rejects_unknown_level() -> None:
    with pytest.raises(ValueError, match="region, province, cercle, commune"):
        geodata.census("country")


def test_arrondissements_belong_to_the_six_cities() -> None:
    table = geodata.arrondissements()
    assert len(table) == 41
    cities = set(table["commune_code"])
    assert len(cities) == 6
    communes = geodata.load_units("commune").set_index("code")
    assert set(communes.loc[sorted(cities), "name_fr"]) == {
        "Tanger", "Fès", "Rabat", "Salé", "Casablanca", "Marrakech"}


def test_crosswalk_targets_are_communes() -> None:
    table = geodata.crosswalk()
    communes = set(geodata.load_units("commune")["code"])
    assert len(table) > 100
    assert set(table["code_2024"]) <= communes
