"""Coverage, services and funding indicators per administrative unit (pure functions).

Everything the app, the command line and the board report show is computed here, from the
*accepted* frames of :mod:`loaders` (centres and grants already matched to a 2024 commune)
and the reference geography of :mod:`geodata`. No I/O beyond reading that reference
geography (cached), no Streamlit.

How the numbers are built
-------------------------
1. Centres that count are selected with :class:`Filters` (by default: ``operating``
   centres of every type and management mode).
2. Grants that count are selected by year and source, and located in a commune *through
   their centre* (the centre's commune, whatever the centre's status) or, for grants
   without a known centre, through their own ``commune_code``. Centre-type and
   management-mode filters reach grants through their centre; a grant that names no known
   centre is therefore kept only when no type or mode filter is set.
3. Centres and grants are aggregated once per commune (vectorised), then summed to the
   requested level through the commune table's ``region_code``, ``province_code`` and
   ``cercle_code`` columns. Urban communes carry the cercle code ``<province>.01`` (the
   province's "municipalities" group), so the cercles of a province add up to it.

A commune is *covered* when at least one counted centre lies in it. Units without any
centre appear with zeros; a rate over zero communes (for example the rural coverage of a
province without rural communes) is ``NaN``, never zero.

Public API
----------
Filters
    Frozen selection of centre types, management modes, statuses, funding years and sources
    (:mod:`dashboard.calc.filters`, with :func:`counted_centres`).
compute_indicators(centres, funding, level="province", within=None, filters=Filters(), units=None)
    One row per unit of ``level`` inside ``within`` with every column of
    :data:`INDICATOR_COLUMNS`.
communes_within(within, units=None)
    Commune table restricted to a territory.
counted_centres(centres, filters)
    The centres that count under ``filters``.
located_grants(centres, funding, filters)
    The grants that count under ``filters``, each with the commune it is located in.
reference_units()
    The reference attribute tables of :mod:`geodata` (no geometry), per level.
totals(table), with_ratios(sums)
    A table's additive columns summed, its ratios made again from the sums.

Breakdowns (by mode, type, source, year, urban/rural, Lorenz/Gini) are in
:mod:`dashboard.calc.breakdowns`; the underserved list for planners in
:mod:`dashboard.calc.planning`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.calc import service, timeline
from dashboard.calc.filters import (  # noqa: F401 (re-exported: the indicators' filters)
    DEFAULT_FILTERS,
    Filters,
    _centre_mask,
    _isin,
    _lookup,
    counted_centres,
    counted_mask,
    is_member,
)
from dashboard.calc.reference import (  # noqa: F401 (re-exported: the indicators' reference)
    COMMUNE_COLUMNS,
    UNIT_COLUMNS,
    Units,
    _check_level,
    _check_units,
    _reference_units,
    communes_within,
    reference_units,
)
from geodata.hierarchy import CODE_COLUMN, LEVELS  # noqa: F401 (re-exported)
from loaders.vocabulary import (
    CENTRE_TYPE_KEYS,
)

TYPE_COLUMNS: tuple[str, ...] = tuple(f"centres_{key}" for key in CENTRE_TYPE_KEYS)
"""One centre-count column per centre type key, in vocabulary order."""

INDICATOR_COLUMNS: tuple[str, ...] = (
    *UNIT_COLUMNS,
    "communes_total",
    "communes_urban",
    "communes_rural",
    "communes_covered",
    "communes_covered_urban",
    "communes_covered_rural",
    "coverage_rate",
    "coverage_rate_urban",
    "coverage_rate_rural",
    "centres",
    "services",
    *TYPE_COLUMNS,
    "people_per_centre",
    "centres_per_100k",
    "funding_mad",
    "funding_per_capita_mad",
    "funding_per_km2_mad",
    "funding_per_centre_mad",
    *service.SERVICE_COLUMNS,
)
"""Columns of :func:`compute_indicators`, in order (then those of :data:`EXTRA_COLUMNS` that
apply)."""

EXTRA_COLUMNS: tuple[str, ...] = ("demand_population", "centres_no_opening_year")
"""Columns after :data:`INDICATOR_COLUMNS` when they apply: a demand group's population, and
as of a year the centres left out of it for want of an opening year."""


def _commune_positions(codes: pd.Series, commune_codes: pd.Series, what: str) -> np.ndarray:
    position = _lookup(codes, commune_codes)
    unknown = (position < 0) & codes.notna().to_numpy(dtype=bool)
    if unknown.any():
        sample = sorted({str(v) for v in codes[unknown]})[:5]
        raise ValueError(
            f"{what} commune_code must be the dotted 2024 code of a reference commune "
            f"(as the loaders produce); unknown: {', '.join(sample)}"
        )
    return position


class _Grants:
    """Grants kept under some filters, as arrays aligned on the funding frame."""

    def __init__(
        self,
        centres: pd.DataFrame,
        funding: pd.DataFrame | None,
        filters: Filters,
        commune_codes: pd.Series,
    ) -> None:
        n = 0 if funding is None else len(funding)
        self.commune = np.full(n, -1, dtype=np.intp)  # position in commune_codes, -1 = out
        self.centre = np.full(n, -1, dtype=np.intp)  # position in centres, -1 = none
        self.amount = np.zeros(n, dtype="float64")
        if funding is None or n == 0:
            return
        keep = np.ones(n, dtype=bool)
        if filters.years is not None:
            years = pd.to_numeric(funding["year"], errors="coerce").to_numpy(
                dtype="float64", na_value=np.nan
            )
            keep &= (years >= filters.years[0]) & (years <= filters.years[1])
        if filters.sources is not None:
            keep &= _isin(funding["source"], filters.sources)

        if "centre_id" in funding.columns and len(centres):
            self.centre = _lookup(funding["centre_id"], centres["centre_id"])
        has_centre = self.centre >= 0
        if "commune_code" in funding.columns:
            own = _commune_positions(funding["commune_code"], commune_codes, "funding")
        else:
            own = np.full(n, -1, dtype=np.intp)
        if len(centres):
            centre_commune = _commune_positions(centres["commune_code"], commune_codes, "centre")
            through_centre = centre_commune[np.where(has_centre, self.centre, 0)]
        else:
            through_centre = own
        commune = np.where(has_centre, through_centre, own)
        if filters.filters_centre_kind:
            if len(centres):
                centre_ok = _centre_mask(centres, filters, statuses=False)
                keep &= has_centre & centre_ok[np.where(has_centre, self.centre, 0)]
            else:
                keep[:] = False
        keep &= commune >= 0
        self.commune = np.where(keep, commune, -1)
        self.amount = pd.to_numeric(funding["amount_mad"], errors="coerce").to_numpy(
            dtype="float64", na_value=0.0
        )
        self.amount = np.where(keep, self.amount, 0.0)

    @property
    def kept(self) -> np.ndarray:
        return self.commune >= 0


def located_grants(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Grants that count under ``filters``, each located in a commune.

    A grant is located through its centre when its ``centre_id`` names an accepted centre
    (whatever that centre's status), otherwise through its own ``commune_code``. Years and
    sources filter grants directly; centre types and management modes filter them through
    their centre, so a grant that names no known centre is kept only when no type or mode
    filter is set. Statuses never filter grants. Grants that cannot be located are dropped.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (every status).
    funding : pandas.DataFrame or None
        Accepted grants (``loaders.load_funding(...).accepted``); ``None`` = no grants.
    filters : Filters
    units : mapping of level to DataFrame, optional
        Reference tables (default :func:`reference_units`).

    Returns
    -------
    pandas.DataFrame
        The kept grants with every original column, ``commune_code`` replaced by the
        commune the grant is located in, plus ``centre_type`` and ``management_mode`` of its
        centre (``<NA>`` when it names none).

    Raises
    ------
    ValueError
        If a centre or grant carries a commune code absent from the reference.
    """
    units = _check_units(units)
    if funding is None:
        funding = pd.DataFrame(
            {
                "centre_id": pd.Series(dtype="str"),
                "year": pd.Series(dtype="int64"),
                "amount_mad": pd.Series(dtype="float64"),
                "source": pd.Series(dtype="str"),
                "commune_code": pd.Series(dtype="str"),
            }
        )
    codes = units["commune"]["code"].reset_index(drop=True)
    grants = _Grants(centres, funding, filters, codes)
    kept = grants.kept
    located = funding[kept].copy()
    located["commune_code"] = codes.to_numpy()[grants.commune[kept]]
    centre = grants.centre[kept]
    for column in ("centre_type", "management_mode"):
        if len(centres) and column in centres.columns:
            values = centres[column].astype(object).to_numpy()[np.where(centre >= 0, centre, 0)]
            located[column] = pd.array(np.where(centre >= 0, values, None), dtype="str")
        else:
            located[column] = pd.array([None] * len(located), dtype="str")
    return located


# --------------------------------------------------------------------------- aggregation


def _commune_table(
    centres: pd.DataFrame, funding: pd.DataFrame | None, filters: Filters,
    commune_codes: pd.Series,
) -> pd.DataFrame:
    """Per-commune counts of counted centres, services, centres by type and funding."""
    n = len(commune_codes)
    table = pd.DataFrame(index=pd.Index(commune_codes.to_numpy(), name="code"))

    counted = counted_centres(centres, filters)
    position = _commune_positions(counted["commune_code"], commune_codes, "centre")
    inside = position >= 0
    position = position[inside]
    table["centres"] = np.bincount(position, minlength=n).astype("int64")
    if "services" in counted.columns:
        services = pd.to_numeric(counted["services"], errors="coerce").to_numpy(
            dtype="float64", na_value=1.0
        )[inside]
    else:
        services = np.ones(len(position))
    table["services"] = np.rint(np.bincount(position, weights=services, minlength=n)).astype(
        "int64"
    )
    type_code = _lookup(counted["centre_type"], pd.Series(CENTRE_TYPE_KEYS))[inside]
    known = type_code >= 0
    by_type = np.bincount(
        position[known] * len(CENTRE_TYPE_KEYS) + type_code[known],
        minlength=n * len(CENTRE_TYPE_KEYS),
    ).reshape(n, len(CENTRE_TYPE_KEYS))
    for column, counts in zip(TYPE_COLUMNS, by_type.T, strict=True):
        table[column] = counts.astype("int64")
    for column, sums in service.service_sums(counted[inside], position, n).items():
        table[column] = sums
    if filters.as_of is not None:
        undated = _centre_mask(centres, filters, statuses=False) & timeline.undated_mask(
            centres, filters.as_of)
        where = _commune_positions(centres["commune_code"][undated], commune_codes, "centre")
        table["centres_no_opening_year"] = np.bincount(where[where >= 0], minlength=n)

    grants = _Grants(centres, funding, filters, commune_codes)
    kept = grants.kept
    table["funding_mad"] = np.bincount(
        grants.commune[kept], weights=grants.amount[kept], minlength=n
    )
    return table


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    denominator = denominator.astype("float64")
    return (numerator.astype("float64") * scale / denominator).where(denominator > 0)


def compute_indicators(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None = None,
    level: str = "province",
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
    demand: str = "population",
    census: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Coverage, services and funding indicators, one row per unit of ``level``.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (``loaders.load_centres(...).accepted``): at least ``centre_id``,
        ``centre_type``, ``services``, ``management_mode``, ``status``, ``commune_code``.
    funding : pandas.DataFrame, optional
        Accepted grants (``loaders.load_funding(...).accepted``): ``centre_id``, ``year``,
        ``amount_mad``, ``source``, ``commune_code``. ``None`` = no funding (zeros).
    level : {"region", "province", "cercle", "commune"}
        The cercle level includes each province's "municipalities" group ``<province>.01``
        holding its urban communes, so cercles add up to provinces.
    within : str, optional
        Code of a unit of any level, dotted or 9-digit; ``None`` = Morocco. The result holds
        the units of ``level`` that ``within`` contains, or for a coarser ``level`` the unit
        that contains ``within`` (``level="province", within="05.301"`` is the province's
        own row).
    filters : Filters
        Which centres and grants count (default: operating centres, every grant).
    units : mapping of level to DataFrame, optional
        Reference attribute tables (default :func:`reference_units`); tests inject small ones.
    demand : str
        Population behind ``places_per_1000``: ``population`` (``population_2024``) or a
        demand group of :data:`dashboard.choices.DEMAND_GROUPS`, whose population is
        then the column ``demand_population``.
    census : pandas.DataFrame, optional
        Commune census shares for ``demand`` (default ``geodata.census("commune")``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INDICATOR_COLUMNS`, one row per unit, sorted by ``code``:

        - ``communes_*``: counts of communes; ``communes_covered*``: those with at least one
          counted centre; ``coverage_rate*`` = covered / total, in [0, 1], ``NaN`` over zero
          communes.
        - ``centres``, ``services``, ``centres_<type>``: counted centres, the sum of their
          services, and counted centres per type.
        - ``people_per_centre`` = population_2024 / centres (``NaN`` without centres);
          ``centres_per_100k`` = centres per 100,000 inhabitants (2024).
        - ``funding_mad``: sum of the counted grants (see :func:`located_grants`);
          ``funding_per_capita_mad`` = funding / population_2024; ``funding_per_km2_mad`` =
          funding / area_km2 (area in EPSG:6933, equal-area); ``funding_per_centre_mad`` =
          funding / centres (``NaN`` without centres).
        - Service columns (:mod:`dashboard.calc.service`): ``capacity``,
          ``capacity_unknown``, ``beneficiaries``, ``places_per_1000``, ``occupancy`` (and
          its additive terms), ``over_capacity``.
        - With ``filters.as_of``, ``centres_no_opening_year``: centres that would stand that
          year but have no opening year, left out of the figures.

    Raises
    ------
    ValueError
        If ``level`` is not one of :data:`LEVELS`, ``within`` is not a unit code, or a
        centre or grant carries a commune code absent from the reference.
    """
    _check_level(level)
    units = _check_units(units)
    communes = communes_within(within, units)

    all_codes = units["commune"]["code"].reset_index(drop=True)
    per_commune = _commune_table(centres, funding, filters, all_codes).loc[communes["code"]]
    if service.check_demand(demand) != "population":
        per_commune["demand_population"] = service.group_population(communes, demand, census)

    key = CODE_COLUMN[level]
    urban = communes["kind"].to_numpy() == "urban"
    covered = per_commune["centres"].to_numpy() > 0
    sums = per_commune.assign(
        communes_total=1,
        communes_urban=urban.astype("int64"),
        communes_rural=(~urban).astype("int64"),
        communes_covered=covered.astype("int64"),
        communes_covered_urban=(covered & urban).astype("int64"),
        communes_covered_rural=(covered & ~urban).astype("int64"),
        _unit=communes[key].to_numpy(),
    ).groupby("_unit", sort=True).sum()

    reference = units[level].set_index("code")
    table = reference.loc[sums.index, list(UNIT_COLUMNS[1:])].join(sums)
    table.index.name = "code"
    table = table.reset_index()
    table["level"] = level

    table["coverage_rate"] = _ratio(table["communes_covered"], table["communes_total"])
    table["coverage_rate_urban"] = _ratio(
        table["communes_covered_urban"], table["communes_urban"]
    )
    table["coverage_rate_rural"] = _ratio(
        table["communes_covered_rural"], table["communes_rural"]
    )
    table["people_per_centre"] = _ratio(table["population_2024"], table["centres"])
    table["centres_per_100k"] = _ratio(table["centres"], table["population_2024"], 100_000)
    table["funding_per_capita_mad"] = _ratio(table["funding_mad"], table["population_2024"])
    table["funding_per_km2_mad"] = _ratio(table["funding_mad"], table["area_km2"])
    table["funding_per_centre_mad"] = _ratio(table["funding_mad"], table["centres"])
    service.add_service_ratios(table, table.get("demand_population", table["population_2024"]))
    extra = [c for c in EXTRA_COLUMNS if c in table.columns]
    return table.loc[:, [*INDICATOR_COLUMNS, *extra]].reset_index(drop=True)


ADDITIVE_COLUMNS: tuple[str, ...] = (
    "population_2024", "area_km2", "communes_total", "communes_urban", "communes_rural",
    "communes_covered", "communes_covered_urban", "communes_covered_rural", "centres",
    "services", "funding_mad", *service.SERVICE_SUM_COLUMNS, *EXTRA_COLUMNS)
"""Indicator columns that add up from communes to any level (:func:`totals`)."""


def totals(table: pd.DataFrame) -> dict[str, float]:
    """Sum of the additive indicator columns of a table, with the ratios recomputed."""
    return with_ratios({c: float(table[c].sum()) for c in ADDITIVE_COLUMNS
                        if c in table.columns})


def with_ratios(sums: dict[str, float]) -> dict[str, float]:
    """``sums`` (of :data:`ADDITIVE_COLUMNS`) with the ratios made from them added: what
    :func:`totals` gives for a table whose sums these are."""
    out = dict(sums)

    def ratio(a: str, b: str, scale: float = 1.0) -> float:
        return out[a] / out[b] * scale if out.get(b) else float("nan")

    out["coverage_rate"] = ratio("communes_covered", "communes_total")
    out["coverage_rate_urban"] = ratio("communes_covered_urban", "communes_urban")
    out["coverage_rate_rural"] = ratio("communes_covered_rural", "communes_rural")
    out["people_per_centre"] = ratio("population_2024", "centres")
    out["funding_per_capita_mad"] = ratio("funding_mad", "population_2024")
    if "capacity" in out:
        demand = "demand_population" if "demand_population" in out else "population_2024"
        out["places_per_1000"] = ratio("capacity", demand, service.PLACES_SCALE)
        out["occupancy"] = ratio("occupancy_beneficiaries", "occupancy_capacity")
    return out
