"""Planning: communes without a counted centre, their need and their distance to one.

Pure functions over the accepted centres of :mod:`loaders` and the reference geography of
:mod:`geodata` (communes at full detail and the 2024 census indicators), which tests may
inject. No Streamlit, no file I/O beyond the cached reference geography.

Definitions
-----------
need_score
    Mean of the national percentile ranks (0-100, over the 1,503 communes) of four 2024
    census indicators from :func:`geodata.census`: ``illiteracy_rate_10_plus``,
    ``disability_prevalence``, ``share_under_15`` and ``share_60_plus``. 100 means the
    commune has the highest value of all four in Morocco. A missing indicator is left out of
    the mean; with none, the score is empty.
distance_km
    Straight-line distance, in EPSG:32629 (UTM 29N, metres, :data:`geodata.METRIC_CRS`),
    from the commune's representative point (``geometry.representative_point()`` of its
    full-detail polygon, always inside it) to the nearest counted centre anywhere in
    Morocco. A centre is placed at its latitude/longitude when it has them, otherwise at its
    commune's representative point. Nearest neighbours come from a KD-tree (scipy).
priority_score
    Mean of three percentile ranks (0-100) computed over every underserved commune of
    Morocco, so a commune's score does not depend on the territory being looked at:
    2024 population, ``need_score`` and ``distance_km``. Missing parts are left out.

Public API
----------
underserved(centres, within=None, filters=Filters(), top=None, *reference tables)
    The ranked list of underserved communes.
distance_to_nearest_centre_km(centres, filters=Filters(), communes=None)
    Distance from every commune to the nearest counted centre.
need_scores(census=None)
    The need score of every commune.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy.spatial import cKDTree

from dashboard.calc.indicators import (
    DEFAULT_FILTERS,
    Filters,
    Units,
    communes_within,
    counted_centres,
    is_member,
)

NEED_INDICATORS: tuple[str, ...] = (
    "illiteracy_rate_10_plus",
    "disability_prevalence",
    "share_under_15",
    "share_60_plus",
)
"""Census indicators averaged (as national percentile ranks) into ``need_score``."""

METRIC_CRS = "EPSG:32629"  # geodata.METRIC_CRS, repeated so tests need no reference files

UNDERSERVED_COLUMNS: tuple[str, ...] = (
    "code",
    "name_fr",
    "name_ar",
    "kind",
    "province_code",
    "province_name_fr",
    "province_name_ar",
    "cercle_code",
    "population_2024",
    *NEED_INDICATORS,
    "need_score",
    "distance_km",
    "population_rank",
    "need_rank",
    "priority_score",
    "priority_rank",
)
"""Columns of :func:`underserved`, in order."""


def _reference_communes():  # -> geopandas.GeoDataFrame
    import geodata

    # the web detail carries each commune's representative point of the full-detail polygon
    # (point_lon, point_lat): no need to load full-detail polygons for one point each
    return geodata.load_units("commune", detail="web")


def _reference_census() -> pd.DataFrame:
    import geodata

    return geodata.census("commune")


def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def _representative_xy(communes) -> pd.DataFrame:
    if {"point_lon", "point_lat"} <= set(communes.columns):  # precomputed (geodata)
        lon, lat = communes["point_lon"].to_numpy(float), communes["point_lat"].to_numpy(float)
    else:
        points = communes.geometry.representative_point()
        lon, lat = points.x.to_numpy(), points.y.to_numpy()
    x, y = _to_metric().transform(lon, lat)
    return pd.DataFrame({"x": x, "y": y}, index=pd.Index(communes["code"].to_numpy()))


def _centre_xy(centres: pd.DataFrame, commune_xy: pd.DataFrame) -> np.ndarray:
    """Metric coordinates of centres: their point, else their commune's point."""
    n = len(centres)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if n == 0:
        return np.empty((0, 2))
    if {"latitude", "longitude"} <= set(centres.columns):
        lat = pd.to_numeric(centres["latitude"], errors="coerce").to_numpy(float, na_value=np.nan)
        lon = pd.to_numeric(centres["longitude"], errors="coerce").to_numpy(
            float, na_value=np.nan
        )
        has_point = np.isfinite(lat) & np.isfinite(lon)
        if has_point.any():
            x[has_point], y[has_point] = _to_metric().transform(lon[has_point], lat[has_point])
    missing = ~np.isfinite(x)
    if missing.any():
        position = commune_xy.index.get_indexer(centres["commune_code"].astype(object)[missing])
        found = position >= 0
        idx = np.flatnonzero(missing)[found]
        x[idx] = commune_xy["x"].to_numpy()[position[found]]
        y[idx] = commune_xy["y"].to_numpy()[position[found]]
    xy = np.column_stack([x, y])
    return xy[np.isfinite(xy).all(axis=1)]


def distance_to_nearest_centre_km(
    centres: pd.DataFrame,
    filters: Filters = DEFAULT_FILTERS,
    communes=None,
) -> pd.Series:
    """Distance from each commune to the nearest counted centre, in km.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (``loaders.load_centres(...).accepted``).
    filters : Filters
        Which centres count (default: operating ones).
    communes : geopandas.GeoDataFrame, optional
        Communes with ``code`` and polygons in EPSG:4326 (default: geodata full detail).

    Returns
    -------
    pandas.Series
        Indexed by commune code; measured in EPSG:32629 from the commune's representative
        point to the nearest centre (its own point, else its commune's representative
        point); ``NaN`` everywhere when no centre counts.
    """
    communes = _reference_communes() if communes is None else communes
    commune_xy = _representative_xy(communes)
    centre_xy = _centre_xy(counted_centres(centres, filters), commune_xy)
    if len(centre_xy) == 0:
        return pd.Series(np.nan, index=commune_xy.index, name="distance_km")
    distance, _ = cKDTree(centre_xy).query(commune_xy[["x", "y"]].to_numpy(), k=1)
    return pd.Series(distance / 1000.0, index=commune_xy.index, name="distance_km")


def _percentile(values: pd.Series) -> pd.Series:
    """Percentile rank 0-100 (average ties), NaN kept."""
    return values.rank(pct=True, method="average") * 100.0


def need_scores(census: pd.DataFrame | None = None) -> pd.DataFrame:
    """Need score of every commune (see the module docstring).

    Parameters
    ----------
    census : pandas.DataFrame, optional
        ``geodata.census("commune")`` or an equivalent table with ``code`` and the
        :data:`NEED_INDICATORS` columns.

    Returns
    -------
    pandas.DataFrame
        Indexed by commune code: the four indicators and ``need_score`` (0-100).
    """
    census = _reference_census() if census is None else census
    table = census.set_index("code")[list(NEED_INDICATORS)].astype("float64")
    ranks = table.apply(_percentile)
    table["need_score"] = ranks.mean(axis=1, skipna=True)
    return table


def _rank(values: pd.Series, ascending: bool) -> pd.Series:
    return values.rank(ascending=ascending, method="min").astype("Int64")


def underserved(
    centres: pd.DataFrame,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    top: int | None = None,
    communes=None,
    census: pd.DataFrame | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """Communes without any counted centre, ranked for planners.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (``loaders.load_centres(...).accepted``).
    within : str, optional
        Code of a region, province, cercle or commune (dotted or 9-digit); ``None`` = Morocco.
    filters : Filters
        Which centres count (default: operating centres of every type and mode); for example
        ``Filters(types=("kindergarten",))`` lists communes without an operating
        kindergarten.
    top : int, optional
        Keep only the first ``top`` communes by ``priority_rank``.
    communes : geopandas.GeoDataFrame, optional
        Communes with polygons (default ``geodata.load_units("commune", "full")``).
    census : pandas.DataFrame, optional
        Commune census indicators (default ``geodata.census("commune")``).
    units : mapping of level to DataFrame, optional
        Reference attribute tables, as in :func:`~dashboard.calc.indicators.compute_indicators`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNDERSERVED_COLUMNS`, sorted by ``priority_rank``. Ranks count from 1
        inside the territory: ``population_rank`` (most populous first), ``need_rank``
        (highest ``need_score`` first), ``priority_rank`` (highest ``priority_score`` first;
        ties share a rank). Scores are defined in the module docstring.

    Raises
    ------
    ValueError
        If ``top`` is not a positive integer or ``within`` is not a unit code.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive whole number; got {top!r}")
    territory = communes_within(within, units)
    communes = _reference_communes() if communes is None else communes
    counted = counted_centres(centres, filters)
    covered = set(counted["commune_code"].dropna().astype(str))

    national = communes_within(None, units)
    gaps = national[~is_member(national["code"], covered)].set_index("code")
    distance = distance_to_nearest_centre_km(centres, filters, communes)
    needs = need_scores(census)

    table = gaps[["name_fr", "name_ar", "kind", "province_code", "cercle_code",
                  "population_2024"]].copy()
    table = table.join(needs, how="left")
    table["distance_km"] = distance.reindex(table.index)
    parts = pd.concat(
        [
            _percentile(table["population_2024"].astype("float64")),
            _percentile(table["need_score"]),
            _percentile(table["distance_km"]),
        ],
        axis=1,
    )
    table["priority_score"] = parts.mean(axis=1, skipna=True)

    table = table[is_member(table.index, territory["code"])].copy()
    table["population_rank"] = _rank(table["population_2024"], ascending=False)
    table["need_rank"] = _rank(table["need_score"], ascending=False)
    table["priority_rank"] = _rank(table["priority_score"], ascending=False)

    provinces = (
        _reference_province_names() if units is None else units["province"].set_index("code")
    )
    table["province_name_fr"] = table["province_code"].map(provinces["name_fr"])
    table["province_name_ar"] = table["province_code"].map(provinces["name_ar"])

    table = table.rename_axis("code").reset_index()
    table = table.sort_values(
        ["priority_rank", "population_2024", "code"],
        ascending=[True, False, True],
        na_position="last",
        kind="stable",
    )
    if top is not None:
        table = table.head(top)
    return table.loc[:, list(UNDERSERVED_COLUMNS)].reset_index(drop=True)


def _reference_province_names() -> pd.DataFrame:
    from dashboard.calc.indicators import reference_units

    return reference_units()["province"].set_index("code")
