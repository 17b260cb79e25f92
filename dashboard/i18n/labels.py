"""Labels looked up by a name known only at run time (a page, a level, a column...).

Each table maps a name to its English message id, marked with :func:`~dashboard.i18n.N_`
(or :func:`~dashboard.i18n.NC_` when the English needs its own context) so that
``make messages`` extracts it; :func:`label` translates the entry of ``name``, or gives
``name`` itself when the table has none. A new label of a family is one line here, and its
translations go in the catalogs (``dashboard/i18n/locale``).
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.i18n import N_, NC_, t

__all__ = [
    "CANDIDATES",
    "CHANGES",
    "COLUMNS",
    "COMMUNE_COVERAGE",
    "COMMUNE_FILTER",
    "COMMUNE_KINDS",
    "COMMUNE_SUMMARIES",
    "COVERAGE_RATES",
    "COVERAGE_VIEWS",
    "DATA_KINDS",
    "DEMAND_GROUPS",
    "ISSUE_SEVERITIES",
    "LEVELS",
    "PAGE_TITLES",
    "PLAN_STATUSES",
    "SAVE_MODES",
    "SCHEME_NAMES",
    "SERVICE_CHARTS",
    "SERVICE_LEGENDS",
    "SERVICE_SPLITS",
    "SEVERITIES",
    "SHADE_NAMES",
    "SUPPLIES",
    "UNIT_LINES",
    "UPLOAD_LABELS",
    "label_of",
]

PAGE_TITLES: dict[str, str] = {
    "overview": N_("Overview"),
    "coverage": N_("Coverage"),
    "services": N_("Services per cercle"),
    "funding": N_("Funding density"),
    "underserved": N_("Underserved"),
    "data": N_("Data"),
    "planning": N_("Planning"),
    "partners": N_("Partners"),
}
"""Page titles in the navigation, by page name."""

LEVELS: dict[str, str] = {
    "region": N_("Regions"),
    "province": N_("Provinces"),
    "cercle": N_("Cercles"),
    "commune": N_("Communes"),
}
"""Administrative levels in the plural ("Regions"), by level."""

COMMUNE_KINDS: dict[str, str] = {
    "urban": N_("urban"),
    "rural": N_("rural"),
}
"""Commune kinds (``urban``, ``rural``) as an adjective."""

COMMUNE_FILTER: dict[str, str] = {
    "all": NC_("communes", "all"),
    "urban": NC_("communes", "urban"),
    "rural": NC_("communes", "rural"),
}
"""Which communes a page lists ("all", "urban", "rural" communes: plural, feminine in French)."""

COMMUNE_COVERAGE: dict[str, str] = {
    "urban_covered": N_("Urban, covered"),
    "urban_uncovered": N_("Urban, no centre"),
    "rural_covered": N_("Rural, covered"),
    "rural_uncovered": N_("Rural, no centre"),
}
"""A commune's kind and coverage on a map's legend, by ``<kind>_<covered|uncovered>``."""

DEMAND_GROUPS: dict[str, str] = {
    "population": N_("inhabitants"),
    "under_15": N_("children under 15"),
    "60_plus": N_("people aged 60 and over"),
    "disability": N_("people with a disability"),
    "illiteracy": N_("illiterate people (aged 10 and over)"),
}
"""The population groups access is computed for."""

SCHEME_NAMES: dict[str, str] = {
    "quantiles": N_("Quantiles"),
    "natural_breaks": N_("Natural breaks (Jenks)"),
    "equal_interval": N_("Equal interval"),
}
"""Map classification schemes (mapclassify names)."""

DATA_KINDS: dict[str, str] = {
    "centres": N_("centres"),
    "funding": N_("funding"),
}
"""The two kinds of input file."""

UPLOAD_LABELS: dict[str, str] = {
    "centres": N_("Centres file (CSV, XLSX, GeoJSON)"),
    "funding": N_("Funding file (optional)"),
}
"""The file pickers' labels, by kind of file."""

SAVE_MODES: dict[str, str] = {
    "existing": N_("new version of an existing dataset"),
    "new": N_("new dataset"),
}
"""Ways to save checked files."""

COVERAGE_VIEWS: dict[str, str] = {
    "communes": N_("Communes covered / without a centre"),
    "rate": N_("Coverage rate per unit"),
}
"""The Coverage page's views."""

COVERAGE_RATES: dict[str, str] = {
    "all": N_("all communes"),
    "urban": N_("urban communes"),
    "rural": N_("rural communes"),
}
"""Which communes a coverage rate counts."""

SERVICE_SPLITS: dict[str, str] = {
    "type": N_("centre type"),
    "mode": N_("management mode"),
}
"""How the Services page splits services."""

SERVICE_LEGENDS: dict[str, str] = {
    "cercle": N_("{metric} per cercle"),
    "region": N_("{metric} per region"),
}
"""The Services map's legend title by unit level (``{metric}`` filled in)."""

SERVICE_CHARTS: dict[str, str] = {
    "cercle": N_("Cercles ranked"),
    "region": N_("Regions ranked"),
}
"""The Services page's ranking chart title."""

SHADE_NAMES: dict[str, str] = {
    "access": N_("access score (2SFCA)"),
    "e2sfca": N_("access score with distance steps (E2SFCA)"),
    "nearest_km": N_("distance to the nearest centre"),
}
"""What the Planning page's map shades."""

SUPPLIES: dict[str, str] = {
    "centres": NC_("supply", "centres"),
    "services": NC_("supply", "services"),
    "capacity": NC_("supply", "places"),
}
"""What a centre supplies on the Planning page (:data:`dashboard.calc.access.SUPPLY_MEASURES`)."""

CANDIDATES: dict[str, str] = {
    "all": NC_("candidate sites", "all"),
    "uncovered": N_("not served"),
}
"""Which communes may receive a new centre."""

SEVERITIES: dict[str, str] = {
    "all": NC_("severities", "all"),
    "error": N_("errors (row rejected)"),
    "warning": N_("warnings"),
}
"""Validation severities (``all`` for the filter)."""

UNIT_LINES: dict[str, str] = {
    "country": N_("Kingdom of Morocco"),
    "region": N_("Region, code {code}"),
    "province": N_("Province or prefecture, code {code}"),
    "cercle": N_("Cercle, code {code}"),
    "commune": N_("Commune, code {code}"),
}
"""A report's line naming the territory's level (``{code}`` filled in)."""

COMMUNE_SUMMARIES: dict[str, str] = {
    "rural": N_("In {name}, {covered} of {total} rural communes have a centre."),
    "urban": N_("In {name}, {covered} of {total} urban communes have a centre."),
}
"""A commune's one-line summary, by kind."""

PLAN_STATUSES: dict[str, str] = {
    "optimal": N_("optimal"),
}
"""The optimiser's outcome."""

CHANGES: dict[str, str] = {
    "gained": N_("gained"),
    "lost": N_("lost"),
    "same": N_("same"),
}
"""A commune's coverage change between two versions."""

ISSUE_SEVERITIES: dict[str, str] = {
    "error": NC_("severity", "error"),
    "warning": NC_("severity", "warning"),
}
"""A validation issue's severity, in an issues table or a row report."""

ROW_OUTCOMES: dict[str, str] = {
    "accepted": NC_("row", "accepted"),
    "rejected": NC_("row", "rejected"),
}
"""What became of a file's row, in a row-by-row report."""

MATCH_METHODS: dict[str, str] = {
    "code": N_("commune code"),
    "point": N_("coordinates"),
    "name": N_("commune name"),
    "fuzzy_name": N_("close commune name"),
    "centre_id": N_("centre id (its centre's commune)"),
}
"""How a row was matched to its commune, in a row-by-row report."""

COLUMNS: dict[str, str] = {
    "name": N_("Name"),
    "code": N_("Code"),
    "kind": N_("Commune type"),
    "population_2024": N_("Population 2024"),
    "area_km2": N_("Area (km²)"),
    "communes_total": N_("Communes"),
    "communes_covered": N_("Communes covered"),
    "communes_covered_urban": N_("Urban covered"),
    "communes_covered_rural": N_("Rural covered"),
    "communes_urban": N_("Urban communes"),
    "communes_rural": N_("Rural communes"),
    "coverage_rate": N_("Coverage rate"),
    "coverage_rate_urban": N_("Urban coverage"),
    "coverage_rate_rural": N_("Rural coverage"),
    "centres": N_("Centres"),
    "services": N_("Services"),
    "people_per_centre": N_("People per centre"),
    "centres_per_100k": N_("Centres per 100,000"),
    "funding_mad": N_("Funding (MAD)"),
    "funding_per_capita_mad": N_("MAD per inhabitant"),
    "funding_per_km2_mad": N_("MAD per km²"),
    "funding_per_centre_mad": N_("MAD per centre"),
    "covered": N_("Covered"),
    "distance_km": N_("Distance to nearest centre (km)"),
    "need_score": N_("Need score"),
    "rank": N_("Rank"),
    "type": N_("Type"),
    "mode": N_("Management mode"),
    "source": N_("Source"),
    "year": N_("Year"),
    "priority_rank": N_("Priority rank"),
    "priority_score": N_("Priority score"),
    "province": N_("Province"),
    "grants": N_("Grants"),
    "share": N_("Share"),
    "unknown": N_("not given"),
    "cercle": N_("Cercle"),
    "region": N_("Region"),
    "communes": N_("Communes"),
    "row": N_("Row"),
    "column": N_("Column"),
    "value": N_("Value"),
    "problem": N_("Problem"),
    "what_to_do": N_("What to do"),
    "severity": N_("Severity"),
    "access": N_("Access (per 10,000)"),
    "nearest_km": N_("Estimated distance to the nearest centre (km)"),
    "demand": N_("Target group"),
    "new_demand_served": N_("Newly served"),
    "capacity": N_("Places"),
    "capacity_unknown": N_("Centres without places given"),
    "beneficiaries": N_("People reached"),
    "places_per_1000": N_("Places per 1,000 inhabitants"),
    "occupancy": N_("Occupancy"),
    "over_capacity": N_("Centres over capacity"),
    "opened_year": N_("Opening year"),
    "closed_year": N_("Closing year"),
    "status": N_("Status"),
    "commune": N_("Commune"),
    "flag": N_("Flag"),
    "centres_no_opening_year": N_("Centres without an opening year"),
    "centre_id": N_("Centre id"),
    "commune_code": N_("Commune code"),
    "amount_mad": N_("Amount (MAD)"),
    "match_method": N_("How matched"),
    "match_score": N_("Match score"),
    "messages": N_("Messages"),
}
"""Column headings, by column name."""


def label_of(table: Mapping[str, str], name: object, lang: str = "fr", /,
             **values: object) -> str:
    """The entry of ``name`` in ``table`` translated to ``lang`` (``str(name)`` if none).

    Parameters
    ----------
    table : mapping
        One of this module's tables.
    name : object
        The run-time name (a page, a level, a column...).
    lang : {"fr", "ar", "en"}
    **values
        Placeholders of the message.
    """
    message = table.get(str(name))
    if message is None:
        return "" if name is None else str(name)
    return t(message, lang, **values)
