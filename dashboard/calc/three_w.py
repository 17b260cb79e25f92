"""The 3W (who does what where): partner × centre type × commune, and the overlaps.

One row per partner, centre type and commune over the **operating** centres that have a
partner, with the region, province, cercle and commune codes and names (French, Arabic),
the number of centres, their places and the people they reached. :data:`HXL_TAGS` gives
each column its HXL hashtag (the second row of the 3W file), so HDX tools and ``libhxl``
read it. Overlaps are the communes where two or more partners run centres of one type.
"""

from __future__ import annotations

import pandas as pd

from dashboard.calc.indicators import Units
from dashboard.calc.partners import SEPARATOR, operating_partner_centres
from dashboard.calc.reference import _check_units
from loaders.partners import PartnerDecisions
from loaders.vocabulary import CENTRE_TYPES

__all__ = ["HXL_TAGS", "OVERLAP_COLUMNS", "THREE_W_COLUMNS", "overlaps", "three_w",
           "with_hxl_row"]

_LEVEL_TAGS = {"region": "adm1", "province": "adm2", "commune": "adm3"}

HXL_TAGS: dict[str, str] = {
    "partner_id": "#org+id",
    "partner": "#org+name",
    "centre_type": "#sector",
    "centre_type_fr": "#sector+name+i_fr",
    "centre_type_ar": "#sector+name+i_ar",
    "region_code": "#adm1+code",
    "region_fr": "#adm1+name",
    "region_ar": "#adm1+name+i_ar",
    "province_code": "#adm2+code",
    "province_fr": "#adm2+name",
    "province_ar": "#adm2+name+i_ar",
    "cercle_code": "#loc+cercle+code",
    "cercle_fr": "#loc+cercle+name",
    "cercle_ar": "#loc+cercle+name+i_ar",
    "commune_code": "#adm3+code",
    "commune_fr": "#adm3+name",
    "commune_ar": "#adm3+name+i_ar",
    "centres": "#indicator+centres+num",
    "places": "#capacity+places+num",
    "people_reached": "#reached",
}
"""HXL hashtag of each 3W column: region, province and commune are Morocco's admin levels
1, 2 and 3; a cercle (a group of communes inside a province) is a ``#loc``."""

THREE_W_COLUMNS: tuple[str, ...] = tuple(HXL_TAGS)
"""Columns of :func:`three_w`, in order."""

OVERLAP_COLUMNS: tuple[str, ...] = (
    "commune_code", "commune_fr", "commune_ar", "province_code", "province_fr",
    "centre_type", "centre_type_fr", "partners", "partner_names", "centres",
)
"""Columns of :func:`overlaps`, in order."""


def _type_labels() -> pd.DataFrame:
    return pd.DataFrame([(t.key, t.fr, t.ar) for t in CENTRE_TYPES],
                        columns=["centre_type", "centre_type_fr", "centre_type_ar"])


def _names(units: Units, level: str) -> pd.DataFrame:
    table = units[level][["code", "name_fr", "name_ar"]]
    return table.rename(columns={"code": f"{level}_code", "name_fr": f"{level}_fr",
                                 "name_ar": f"{level}_ar"})


def three_w(
    centres: pd.DataFrame,
    within: str | None = None,
    decisions: PartnerDecisions | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """Who does what where, over the operating centres that have a partner.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (every status; only operating ones count here).
    within : str, optional
        Territory code (default: Morocco).
    decisions : PartnerDecisions, optional
        Confirmed merges.
    units : mapping, optional
        Reference tables (default: :func:`dashboard.calc.reference.reference_units`).

    Returns
    -------
    pandas.DataFrame
        :data:`THREE_W_COLUMNS`; ``partner`` is the partner's most frequent spelling over
        its centres of the territory, ``places`` the sum of the known capacities,
        ``people_reached`` the sum of the known beneficiaries. Sorted by partner, region,
        province, cercle, commune and type.
    """
    units = _check_units(units)
    frame, spellings = operating_partner_centres(centres, within, decisions, units)
    frame = frame[frame["operating"].to_numpy(dtype=bool)]
    frame = frame.assign(
        places=pd.to_numeric(frame.get("capacity"), errors="coerce"),
        people_reached=pd.to_numeric(frame.get("beneficiaries"), errors="coerce"))
    table = (frame.groupby(["partner_id", "centre_type", "commune_code"], sort=False)
             .agg(centres=("partner_id", "size"), places=("places", "sum"),
                  people_reached=("people_reached", "sum"))
             .reset_index())
    table["partner"] = table["partner_id"].map(spellings["name"])
    communes = units["commune"][["code", "name_fr", "name_ar", "region_code",
                                 "province_code", "cercle_code"]].rename(
        columns={"code": "commune_code", "name_fr": "commune_fr", "name_ar": "commune_ar"})
    table = table.merge(communes, on="commune_code", how="left")
    for level in ("region", "province", "cercle"):
        table = table.merge(_names(units, level), on=f"{level}_code", how="left")
    table = table.merge(_type_labels(), on="centre_type", how="left")
    for column in ("places", "people_reached"):
        table[column] = table[column].round().astype("int64")
    table = table.sort_values(["partner", "partner_id", "region_code", "province_code",
                               "cercle_code", "commune_code", "centre_type"],
                              ignore_index=True)
    return table[list(THREE_W_COLUMNS)]


def overlaps(table: pd.DataFrame) -> pd.DataFrame:
    """Communes where two or more partners run centres of the same type.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`three_w` table.

    Returns
    -------
    pandas.DataFrame
        :data:`OVERLAP_COLUMNS`: ``partners`` (how many), ``partner_names``
        (``|``-separated, alphabetical), ``centres`` (theirs, of that type); most partners
        first.
    """
    keys = ["commune_code", "centre_type"]
    # the names are joined only where two partners meet (a few groups among thousands)
    shared = table[table.groupby(keys, sort=False)["partner_id"].transform("nunique") >= 2]
    grouped = shared.groupby(keys, sort=False)
    found = grouped.agg(partners=("partner_id", "nunique"), centres=("centres", "sum"),
                        partner_names=("partner", lambda s: SEPARATOR.join(sorted(set(s)))))
    found = found.reset_index()
    labels = table.drop_duplicates(keys)[[*keys, "commune_fr", "commune_ar", "province_code",
                                          "province_fr", "centre_type_fr"]]
    found = found.merge(labels, on=keys, how="left")
    found = found.sort_values(["partners", "centres", "commune_code", "centre_type"],
                              ascending=[False, False, True, True], ignore_index=True)
    return found[list(OVERLAP_COLUMNS)]


def with_hxl_row(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its HXL hashtags as the first row (the second line of the file,
    under the headers); columns without a tag get an empty cell."""
    tags = pd.DataFrame([[HXL_TAGS.get(column, "") for column in table.columns]],
                        columns=table.columns)
    return pd.concat([tags, table.astype(object)], ignore_index=True)
