"""The reference geography as the calculations read it: attribute tables per level, no
geometry (pure functions over :mod:`geodata`, cached once per process).

Public API
----------
reference_units()
    The reference attribute tables, per level.
communes_within(within, units=None)
    The commune table restricted to a territory.
UNIT_COLUMNS, COMMUNE_COLUMNS, Units
    What a reference table must hold; tests inject small tables of that shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

import geodata
from dashboard.choices import check_choice
from geodata.hierarchy import LEVELS, territory_code, units_within

UNIT_COLUMNS: tuple[str, ...] = (
    "code",
    "name_fr",
    "name_ar",
    "level",
    "parent_code",
    "population_2024",
    "area_km2",
)
"""Columns every reference table other than the communes' must have (``units[level]``);
the indicator table starts with them."""

COMMUNE_COLUMNS: tuple[str, ...] = (
    "code",
    "name_fr",
    "name_ar",
    "level",
    "parent_code",
    "region_code",
    "province_code",
    "cercle_code",
    "kind",
    "population_2024",
    "area_km2",
)
"""Columns a commune reference table must have (``units["commune"]``)."""

Units = Mapping[str, pd.DataFrame]
"""Reference attribute tables keyed by level (see :func:`reference_units`)."""


@lru_cache(maxsize=1)
def _reference_units() -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    for level in LEVELS:
        tables[level] = geodata.load_attributes(level)
    return tables


def reference_units() -> dict[str, pd.DataFrame]:
    """Attribute tables of the reference geography, one per level, without geometry.

    Read from :func:`geodata.load_attributes` once per process and cached.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keys ``region``, ``province``, ``cercle``, ``commune``. A shallow copy of the cache:
        do not modify the frames in place.
    """
    return dict(_reference_units())


def _check_level(level: str) -> str:
    return check_choice("level", level, LEVELS)


def _check_units(units: Units | None) -> Units:
    if units is None:
        return _reference_units()
    missing_levels = [level for level in LEVELS if level not in units]
    if missing_levels:
        raise ValueError(f"units must have a table for every level; missing {missing_levels}")
    missing = [c for c in COMMUNE_COLUMNS if c not in units["commune"].columns]
    if missing:
        raise ValueError(f"units['commune'] lacks columns {missing}")
    for level in LEVELS[:-1]:
        missing = [c for c in UNIT_COLUMNS if c not in units[level].columns]
        if missing:
            raise ValueError(f"units[{level!r}] lacks columns {missing}")
    return units


def communes_within(within: str | None = None, units: Units | None = None) -> pd.DataFrame:
    """Commune reference table restricted to a territory.

    Parameters
    ----------
    within : str, optional
        Code of a region, province, cercle or commune (dotted or 9-digit form; an
        arrondissement stands for its city); ``None`` = all of Morocco.
    units : mapping of level to DataFrame, optional
        Reference tables (default :func:`reference_units`).

    Returns
    -------
    pandas.DataFrame
        Rows of ``units["commune"]`` lying in ``within``.

    Raises
    ------
    ValueError
        If ``within`` is not the code of a unit.
    """
    units = _check_units(units)
    communes = units["commune"]
    if within is None:
        return communes
    known = pd.concat([units[level]["code"] for level in LEVELS], ignore_index=True)
    return units_within(communes, territory_code(within, frozenset(known)))
