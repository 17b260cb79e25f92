"""The territorial hierarchy over every unit of every level, arrondissement and préfecture.

The expected answers come from the reference tables themselves (each unit's level and parent,
the communes' code columns, the arrondissements' cities) or from the prefix rule of dotted
codes, never from the functions under test.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import geodata
from geodata import hierarchy
from geodata.tables import read_table


@cache
def _frame(level: str) -> pd.DataFrame:
    return pd.DataFrame(geodata.load_units(level, detail="web").drop(columns="geometry"))


@cache
def _digits() -> dict[str, str]:
    table = read_table("codes")
    return dict(zip(table["code"], table["code_digits"], strict=True))


@cache
def _populations(level: str) -> dict[str, int]:
    frame = _frame(level)
    return dict(zip(frame["code"], frame["population_2024"], strict=True))


def _every_unit() -> list[tuple[str, str]]:
    return [(level, code) for level in geodata.LEVELS for code in _frame(level)["code"]]


def _inside_by_prefix(codes: pd.Series) -> dict[str, set[str]]:
    """Codes lying in each unit by the prefix rule of dotted codes (03.561 ⊃ 03.561.01.05)."""
    inside: dict[str, set[str]] = {}
    for code in codes:
        parts = code.split(".")
        for end in range(1, len(parts) + 1):
            inside.setdefault(".".join(parts[:end]), set()).add(code)
    return inside


def test_levels_parents_and_children_agree() -> None:
    assert hierarchy.LEVELS == ("region", "province", "cercle", "commune")
    assert geodata.LEVELS is hierarchy.LEVELS
    for level, parent in hierarchy.PARENT_LEVEL.items():
        assert hierarchy.CHILD_LEVEL[parent] == level
    assert set(hierarchy.CODE_COLUMN) == set(hierarchy.LEVELS)


@pytest.mark.parametrize("level", geodata.LEVELS)
def test_every_unit_has_the_level_of_its_code_dotted_and_in_digits(level: str) -> None:
    digits = _digits()
    frame = _frame(level)
    assert len(frame) == {"region": 12, "province": 75, "cercle": 287, "commune": 1503}[level]
    for code in frame["code"]:
        assert hierarchy.level_of(code) == level, code
        assert hierarchy.unit_code(code) == code
        assert hierarchy.unit_code(digits[code]) == code
        assert hierarchy.level_of(digits[code]) == level, digits[code]


@pytest.mark.parametrize("level", geodata.LEVELS[1:])
def test_every_unit_lies_in_a_unit_of_its_parent_level(level: str) -> None:
    parents = set(_frame(hierarchy.PARENT_LEVEL[level])["code"])
    for code, parent in zip(_frame(level)["code"], _frame(level)["parent_code"], strict=True):
        if level == "commune" and parent not in parents:  # urban communes: their province
            parent = _frame("commune").set_index("code").loc[code, "cercle_code"]
        assert parent in parents, (code, parent)
        assert hierarchy.level_of(parent) == hierarchy.PARENT_LEVEL[level]


def test_code_columns_name_each_communes_units() -> None:
    communes = _frame("commune")
    for level in geodata.LEVELS:
        column = communes[hierarchy.CODE_COLUMN[level]]
        known = set(_frame(level)["code"])
        assert column.isin(known).all(), level
        levels = {hierarchy.level_of(code) for code in column.unique()}
        assert levels == {level}


@pytest.mark.parametrize("frame_level", geodata.LEVELS)
def test_units_within_every_unit(frame_level: str) -> None:
    frame = _frame(frame_level)
    finest = geodata.LEVELS.index(frame_level)
    populations = _populations("commune")
    by_prefix = _inside_by_prefix(frame["code"])
    for level, code in _every_unit():
        inside = hierarchy.units_within(frame, code)
        expected = by_prefix[code] if geodata.LEVELS.index(level) <= finest else set()
        assert set(inside["code"]) == expected, (frame_level, code)
        if geodata.LEVELS.index(level) <= finest:
            assert len(inside) >= 1  # a unit holds at least itself or one unit below it
        if frame_level == "commune":
            population = _populations(level)[code]
            assert sum(populations[c] for c in inside["code"]) == population


def test_units_within_keeps_the_frame_and_its_index() -> None:
    units = geodata.load_units("commune", detail="web")
    inside = hierarchy.units_within(units, "03.561")
    assert isinstance(inside, type(units))
    assert inside.index.equals(units.index[units["province_code"] == "03.561"])
    assert hierarchy.units_within(units, None) is units


def test_arrondissements_resolve_to_their_city() -> None:
    communes = _frame("commune")
    table = geodata.arrondissements()
    assert len(table) == 41
    for code, digits, city in zip(table["code"], table["code_digits"], table["commune_code"],
                                  strict=True):
        for typed in (code, digits):
            assert hierarchy.unit_code(typed) == city
            assert hierarchy.level_of(typed) == "commune"
            assert hierarchy.units_within(communes, typed)["code"].tolist() == [city]
        assert hierarchy.city_of(code) == city


def test_casablanca_prefectures_resolve_to_the_city() -> None:
    """Every code of the HCP table that is neither a unit nor an arrondissement is one of the
    eight préfectures d'arrondissements of Casablanca, and designates the city."""
    units = {code for _, code in _every_unit()}
    others = set(_digits()) - units - set(geodata.arrondissements()["code"])
    assert len(others) == 8
    casablanca = _frame("commune").set_index("code").loc[hierarchy.CASABLANCA, "name_fr"]
    assert casablanca == "Casablanca"
    for code in others:
        assert hierarchy.unit_code(code) == hierarchy.CASABLANCA
        assert hierarchy.unit_code(_digits()[code]) == hierarchy.CASABLANCA
        assert hierarchy.level_of(code) == "commune"
    assert hierarchy.city_of("06.141.01.81") is None  # Méchouar: a commune of its own


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("3", "03"), (" 03.561 ", "03.561"), ("03561", "03.561"), ("0356101", "03.561.01"),
     (35610105, "03.561.01.05"), ("99.001.05", "99.001.05")],
)
def test_typed_forms(typed, expected) -> None:
    assert hierarchy.unit_code(typed) == expected


@pytest.mark.parametrize("typed", ["", None, "Taza", "03.5", "03.561.1", "3.561",
                                   "03.561.01.05.01", "999999999"])
def test_not_a_code(typed) -> None:
    with pytest.raises(ValueError, match="not the code of a region, province, cercle or "):
        hierarchy.level_of(typed)
