"""Partners: who runs which centres, and how much money reaches them.

A centre's partner is the association named in its ``partner`` column, one partner per
normalised name after a delegate's confirmed merges (:mod:`loaders.partners`). A partner's
**centres** are the centres whose partner it is, whatever their status (``operating``
counts the operating ones); its **funding** is the grants to those centres, the years and
sources of :class:`~dashboard.calc.indicators.Filters` applied (statuses, types and modes
do not filter a partner's table). Within a territory, a partner's centres are those lying
in it, and its funding the grants to them.

The CLI (``taghtia partners``), the Partners page and the board report read these tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.calc.filters import centre_partner_ids
from dashboard.calc.indicators import Filters, Units, communes_within, is_member, located_grants
from loaders.partners import (
    PartnerDecisions,
    normalise_partner,
    partner_id,
    propose_duplicates,
    with_partner_ids,
)

__all__ = [
    "PARTNER_COLUMNS",
    "REVIEW_COLUMNS",
    "duplicate_review",
    "operating_partner_centres",
    "partner_centres",
    "partner_count",
    "partner_funding_by_year",
    "partner_options",
    "partner_table",
]

PARTNER_COLUMNS: tuple[str, ...] = (
    "partner_id", "name", "spellings", "centres", "operating", "communes", "types", "modes",
    "capacity", "beneficiaries", "funding_mad",
)
"""Columns of :func:`partner_table`, in order."""

REVIEW_COLUMNS: tuple[str, ...] = (
    "spelling_a", "spelling_b", "score", "partner_id_a", "partner_id_b", "centres_a",
    "centres_b",
)
"""Columns of :func:`duplicate_review`, in order."""

SEPARATOR = "|"
"""Between the values of a list column (spellings, types, modes)."""


def _identified(centres: pd.DataFrame, decisions: PartnerDecisions | None) -> pd.DataFrame:
    if "partner_id" in centres.columns and "partner_key" in centres.columns:
        return centres
    return with_partner_ids(centres, decisions)


def partner_centres(
    centres: pd.DataFrame,
    within: str | None = None,
    decisions: PartnerDecisions | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """Centres with a partner lying in ``within`` (any status), with their partner ids."""
    frame = _identified(centres, decisions)
    frame = frame[frame["partner_id"].notna().to_numpy(dtype=bool)]
    if within is not None:
        codes = communes_within(within, units)["code"]
        frame = frame[is_member(frame["commune_code"], codes)]
    return frame


def _is_operating(frame: pd.DataFrame) -> np.ndarray:
    """Whether each centre operates (all of them in a table without statuses)."""
    if "status" not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return (frame["status"] == "operating").to_numpy(dtype=bool)


def operating_partner_centres(
    centres: pd.DataFrame,
    within: str | None = None,
    decisions: PartnerDecisions | None = None,
    units: Units | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """The centres with a partner lying in ``within`` (any status), each marked
    ``operating``, and each partner's name and spellings there.

    What the partners table and the 3W both stand on: the first counts a partner's
    operating centres among all of its centres, the second keeps the operating ones; both
    name a partner by its most frequent spelling over all of its centres.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        :func:`partner_centres` with a boolean ``operating`` column; by partner id, ``name``
        and ``spellings`` (see :func:`partner_table`).
    """
    frame = partner_centres(centres, within, decisions, units)
    spellings = _spellings(frame) if len(frame) else pd.DataFrame(
        {"name": pd.Series(dtype="str"), "spellings": pd.Series(dtype="str")})
    return frame.assign(operating=_is_operating(frame)), spellings


def _spellings(frame: pd.DataFrame) -> pd.DataFrame:
    """Per partner: its most frequent spelling (ties: the one met first in the registry's
    order, so the same files always give the same name) and every spelling seen, most
    frequent first."""
    spelled = pd.DataFrame({"partner_id": frame["partner_id"].to_numpy(dtype=object),
                            "spelling": frame["partner"].astype(str).str.strip().to_numpy(),
                            "position": np.arange(len(frame))})
    counts = (spelled.groupby(["partner_id", "spelling"], sort=False)
              .agg(n=("position", "size"), first=("position", "min")).reset_index()
              .sort_values(["partner_id", "n", "first"], ascending=[True, False, True]))
    grouped = counts.groupby("partner_id", sort=False)["spelling"]
    return pd.DataFrame({"name": grouped.first(), "spellings": grouped.agg(SEPARATOR.join)})


def _joined(values: pd.Series) -> str:
    return SEPARATOR.join(sorted({str(v) for v in values.dropna()}))


def _whole(values: pd.Series) -> int:
    return int(pd.to_numeric(values, errors="coerce").fillna(0).sum())


def _grants_by_partner(frame: pd.DataFrame, all_centres: pd.DataFrame,
                       funding: pd.DataFrame | None, filters: Filters,
                       units: Units | None) -> pd.Series:
    """Grants to the centres of ``frame`` (years and sources of ``filters``), per partner."""
    if funding is None or not len(frame) or "centre_id" not in funding.columns:
        return pd.Series(dtype="float64")
    grant_filters = Filters(statuses=None, years=filters.years, sources=filters.sources)
    grants = located_grants(all_centres, funding, grant_filters, units)
    owner = pd.Series(frame["partner_id"].to_numpy(dtype=object),
                      index=frame["centre_id"].astype(str).to_numpy())
    owner = owner[~owner.index.duplicated()]
    partner = grants["centre_id"].astype(str).map(owner)
    amounts = pd.to_numeric(grants["amount_mad"], errors="coerce").fillna(0.0)
    return amounts.groupby(partner.to_numpy()).sum()


def partner_table(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None = None,
    within: str | None = None,
    filters: Filters | None = None,
    decisions: PartnerDecisions | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """One row per partner of the territory (see :data:`PARTNER_COLUMNS`).

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres, every status (a ``partner_id`` column from
        :func:`with_partner_ids` is used when present).
    funding : pandas.DataFrame, optional
        Accepted grants.
    within : str, optional
        Territory code (default: Morocco).
    filters : Filters, optional
        Only ``years`` and ``sources`` apply (to the funding).
    decisions : PartnerDecisions, optional
        Confirmed merges (ignored when ``centres`` already carries partner ids).
    units : mapping, optional
        Reference tables (tests inject small ones).

    Returns
    -------
    pandas.DataFrame
        ``partner_id``, ``name`` (most frequent spelling; ties: the first met),
        ``spellings`` (``|``-separated, most frequent first), ``centres`` (any status),
        ``operating``, ``communes`` (number of communes with one of its centres),
        ``types`` and ``modes`` (``|``-separated keys), ``capacity`` and ``beneficiaries``
        (sums over its centres), ``funding_mad``; most centres first.
    """
    filters = filters or Filters()
    identified = _identified(centres, decisions)
    frame, spellings = operating_partner_centres(identified, within, units=units)
    if not len(frame):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PARTNER_COLUMNS})
    grouped = frame.groupby("partner_id", sort=False)
    table = pd.DataFrame({
        "centres": grouped.size(),
        "operating": grouped["operating"].sum().astype("int64"),
        "communes": grouped["commune_code"].nunique(),
        "types": grouped["centre_type"].agg(_joined),
        "modes": (grouped["management_mode"].agg(_joined)
                  if "management_mode" in frame.columns else ""),
        "capacity": (grouped["capacity"].agg(_whole) if "capacity" in frame.columns else 0),
        "beneficiaries": (grouped["beneficiaries"].agg(_whole)
                          if "beneficiaries" in frame.columns else 0),
    })
    table = spellings.join(table)
    funding_mad = _grants_by_partner(frame, identified, funding, filters, units)
    table["funding_mad"] = funding_mad.reindex(table.index).fillna(0.0).round(2)
    table = table.rename_axis("partner_id").reset_index()
    table = table.sort_values(["centres", "funding_mad", "name"], ascending=[False, False, True],
                              ignore_index=True)
    return table[list(PARTNER_COLUMNS)]


def partner_funding_by_year(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    partner: str,
    within: str | None = None,
    filters: Filters | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """Grants to one partner's centres per year (``year``, ``amount_mad``), years ascending."""
    filters = filters or Filters()
    frame = partner_centres(centres, within, units=units)
    frame = frame[(frame["partner_id"] == partner).to_numpy(dtype=bool)]
    if funding is None or not len(frame):
        return pd.DataFrame({"year": pd.Series(dtype="int64"),
                             "amount_mad": pd.Series(dtype="float64")})
    grants = located_grants(centres, funding,
                            Filters(statuses=None, years=filters.years, sources=filters.sources),
                            units)
    grants = grants[is_member(grants["centre_id"], frame["centre_id"])]
    amounts = pd.to_numeric(grants["amount_mad"], errors="coerce").fillna(0.0)
    years = pd.to_numeric(grants["year"], errors="coerce")
    table = amounts.groupby(years.to_numpy()).sum().rename_axis("year").rename("amount_mad")
    table = table.reset_index()
    table["year"] = table["year"].astype("int64")
    return table


def partner_options(centres: pd.DataFrame) -> pd.DataFrame:
    """Every partner of ``centres`` (``partner_id``, ``name``), by name: the choices of
    the partner filter."""
    frame = centres[centres["partner_id"].notna().to_numpy(dtype=bool)]
    if not len(frame):
        return pd.DataFrame({"partner_id": pd.Series(dtype="str"),
                             "name": pd.Series(dtype="str")})
    names = _spellings(frame)["name"].rename_axis("partner_id").reset_index()
    return names.sort_values(["name", "partner_id"], key=lambda s: s.str.casefold()
                             if s.name == "name" else s, ignore_index=True)


def duplicate_review(
    centres: pd.DataFrame,
    within: str | None = None,
    decisions: PartnerDecisions | None = None,
    units: Units | None = None,
) -> pd.DataFrame:
    """Likely duplicates among the partners of a territory, for a delegate to review.

    Returns
    -------
    pandas.DataFrame
        :data:`REVIEW_COLUMNS`: the most frequent spelling of each partner, the score
        (0-100), both ids and both partners' numbers of centres; highest score first.
    """
    identified = _identified(centres, decisions)
    frame = partner_centres(identified, within, units=units)
    if not len(frame):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REVIEW_COLUMNS})
    proposals = propose_duplicates(frame["partner_key"].dropna().unique(), decisions)
    names = _spellings(frame)["name"]
    sizes = frame.groupby("partner_id").size()
    rows = []
    for row in proposals.itertuples(index=False):
        id_a, id_b = partner_id(row.key_a), partner_id(row.key_b)
        rows.append((names[id_a], names[id_b], row.score, id_a, id_b, int(sizes[id_a]),
                     int(sizes[id_b])))
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))


def partner_count(centres: pd.DataFrame) -> tuple[int, int]:
    """(partners, centres run by one) among ``centres`` (e.g. the counted centres of a
    territory); ids from a ``partner_id`` column, else from the names."""
    ids = centre_partner_ids(centres)
    run = ids.notna().to_numpy(dtype=bool)
    return int(ids[run].nunique()), int(run.sum())


def same_partner(first: str, second: str, decisions: PartnerDecisions | None = None) -> bool:
    """Whether two names as typed are one partner (equal normalised forms or merged)."""
    decisions = decisions or PartnerDecisions()
    return decisions.resolve(normalise_partner(first)) == \
        decisions.resolve(normalise_partner(second))
