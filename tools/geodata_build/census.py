"""Curated 2024 need indicators per unit, from HCP's RGPH 2024 tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.hierarchy import CODE_COLUMN, LEVELS

#: Curated indicator -> (HCP columns summed, divisor turning percent into a fraction).
INDICATORS: dict[str, tuple[tuple[str, ...], float]] = {
    "share_under_15": (("age_0_4", "age_5_9", "age_10_14"), 100.0),
    "share_60_plus": (("age_60_64", "age_65_69", "age_70_74", "age_75_plus"), 100.0),
    "illiteracy_rate_10_plus": (("illiteracy_rate_10_plus",), 100.0),
    "disability_prevalence": (("disability_prevalence",), 100.0),
    "unemployment_rate": (("labour_unemployment_rate",), 100.0),
}
CENSUS_COLUMNS: tuple[str, ...] = (
    "code",
    "level",
    "population_2024",
    *INDICATORS,
    "share_rural",
)


def _curate(hcp: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"code": hcp["code"].astype(str)})
    for name, (columns, divisor) in INDICATORS.items():
        values = hcp[list(columns)].astype(float)
        total = values.sum(axis=1, min_count=len(columns))
        out[name] = (total / divisor).to_numpy()
    return out


def _weighted_means(frame: pd.DataFrame, key: str, weight: str) -> pd.DataFrame:
    """Population-weighted mean of every indicator per ``key``, ignoring missing values."""
    rows = {}
    for group, part in frame.groupby(key):
        weights = part[weight].to_numpy(dtype=float)
        row = {}
        for name in INDICATORS:
            values = part[name].to_numpy(dtype=float)
            mask = ~np.isnan(values)
            row[name] = (
                float(np.average(values[mask], weights=weights[mask]))
                if mask.any() and weights[mask].sum() > 0
                else np.nan
            )
        rows[group] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def build_census(hcp_people: pd.DataFrame, units: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Census table of every level, keyed by ``code`` and ``level``.

    Parameters
    ----------
    hcp_people : pandas.DataFrame
        HCP's 2024 people table, one row per unit (``area == "total"``, ``sex == "all"``).
    units : dict of pandas.DataFrame
        The attribute tables of the built units, keyed by level; the commune table needs
        ``code``, ``kind``, ``cercle_code``, ``province_code``, ``region_code`` and
        ``population_2024``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CENSUS_COLUMNS`. HCP's own figures where it publishes them; the
        population-weighted mean of the member communes elsewhere (the municipalities
        groups, and any missing value).
    """
    communes = units["commune"][
        ["code", "kind", "cercle_code", "province_code", "region_code", "population_2024"]
    ].copy()
    published = _curate(hcp_people[hcp_people["level"].isin(LEVELS)])
    published = published.drop_duplicates("code").set_index("code")
    commune_values = communes.join(published, on="code")
    commune_values["rural_population"] = np.where(
        commune_values["kind"] == "rural", commune_values["population_2024"], 0
    )
    frames = []
    for level, unit_table in units.items():
        key = CODE_COLUMN[level]
        fallback = _weighted_means(commune_values, key, "population_2024")
        rural = commune_values.groupby(key)["rural_population"].sum()
        population = commune_values.groupby(key)["population_2024"].sum()
        codes = unit_table["code"].astype(str)
        table = pd.DataFrame({"code": codes, "level": level})
        table["population_2024"] = codes.map(population).astype("int64").to_numpy()
        for name in INDICATORS:
            own = codes.map(published[name])
            table[name] = own.fillna(codes.map(fallback[name])).to_numpy()
        table["share_rural"] = (codes.map(rural) / codes.map(population)).to_numpy()
        frames.append(table)
    return pd.concat(frames, ignore_index=True)[list(CENSUS_COLUMNS)]
