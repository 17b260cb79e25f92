"""What the Planning page shows, computed without Streamlit: maps, cards and tables.

The numbers come from :mod:`dashboard.calc.access` and :mod:`dashboard.calc.location`
(through the cached wrappers of :mod:`dashboard.app.cache`); this module only turns them
into map specifications, labels and display tables in the current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.app import view
from dashboard.app.map_files import Point
from dashboard.app.maps import LegendEntry, MapSpec
from dashboard.calc.indicators import Filters
from dashboard.choices import DEFAULT_DETOUR
from dashboard.i18n import N_, pt, t
from dashboard.i18n.columns import format_values
from dashboard.i18n.labels import COMMUNE_KINDS, DEMAND_GROUPS, label_of
from dashboard.reports.palette import (
    NEWLY_SERVED_COLOUR,
    NO_DATA_COLOUR,
    SERVED_COLOUR,
    SITE_COLOUR,
)
from dashboard.reports.planning_slide import plan_cards, plan_note, served_share, site_served
from loaders.vocabulary import CENTRE_TYPES

UNSERVED_COLOUR = NO_DATA_COLOUR  # grey: still out of reach


@dataclass(frozen=True)
class PlanRequest:
    """What a plan of new sites was asked for: the dataset (its content token), territory,
    counted centres (filters and what-if scenario) and the planner's settings.

    A plan is solved only when a planner asks (the page's "Propose sites" button): the page
    keeps the last plan with its request and, when the current request differs, says so
    instead of solving again on a rerun.
    """

    token: str
    territory: str | None
    filters: Filters
    add: int
    radius_km: float
    group: str
    candidates: str
    scenario: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    places: int | None = None  # places per new centre: every centre serves at most its places

    def plan_arguments(self) -> tuple:
        """The arguments of :func:`dashboard.app.cache.plan` (after the dataset)."""
        return (self.territory, self.filters, self.add, self.radius_km, self.group,
                self.candidates, self.scenario, self.places)


def planning_filters(filters: Filters, centre_type: str) -> Filters:
    """The sidebar's filters, with the page's centre type when one is chosen."""
    if centre_type == "all":
        return filters
    return Filters(types=(centre_type,), modes=filters.modes, statuses=filters.statuses,
                   years=filters.years, sources=filters.sources, partners=filters.partners)


def group_label(group: str, lang: str) -> str:
    return label_of(DEMAND_GROUPS, group, lang)


def reach_note(radius_km: float, lang: str, method: str = "2sfca") -> str:
    """The access method and how distances are estimated (shown under the access map)."""
    if method == "e2sfca":
        key = N_("E2SFCA (Luo & Qi 2009), radius {radius} km: weights 1, 0.68 then 0.22 per "
                 "third of the radius. Estimated distance: straight line × {detour} (not a "
                 "travel time). Population: RGPH 2024.")
    else:
        key = N_("2SFCA (Luo & Wang 2003), radius {radius} km. Estimated distance: straight "
                 "line × {detour} (not a travel time). Population: RGPH 2024.")
    return t(key, lang, radius=i18n.number(radius_km, lang),
             detour=i18n.number(DEFAULT_DETOUR, lang, 1))


def access_title(supply: str, group: str, lang: str) -> str:
    """The access score with its unit: centres or services per 10,000, places per 1,000 of
    the target group (:func:`dashboard.calc.access.access_scale`)."""
    group_name = group_label(group, lang)
    if supply == "capacity":
        return t("Access: places per 1,000 {group}", lang, group=group_name)
    if supply == "services":
        return t("Access: services per 10,000 {group}", lang, group=group_name)
    return t("Access: centres per 10,000 {group}", lang, group=group_name)


def access_spec(table: pd.DataFrame, shade: str, geometry, bounds, lang: str, *,
                radius_km: float, group: str, points: Sequence[Point] = (),
                cluster: bool = False, context=None, supply: str = "centres") -> MapSpec:
    """Communes classed by access score (``shade`` "access": 2SFCA, "e2sfca": E2SFCA; in
    centres, services or places, ``supply``) or by estimated distance to the nearest centre
    (``shade`` "nearest_km")."""
    column = "access" if shade in ("access", "e2sfca") else shade
    if column == "access":
        title = access_title(supply, group, lang)
        # no centre in reach (access 0) gets its own grey class; the others are classed
        table = table.assign(access=table["access"].where(table["access"] > 0))
        missing = t("No centre in reach", lang)
    else:
        title = t("Estimated distance to the nearest centre (km)", lang)
        missing = t("No centre counted", lang)
    spec = view.choropleth_spec(
        table, column, geometry, bounds, lang, scheme="quantiles", k=5, title=title,
        note=reach_note(radius_km, lang, "e2sfca" if shade == "e2sfca" else "2sfca"),
        extra_columns=("access", "nearest_km", "demand", "population_2024"),
        points=points, cluster=cluster, context=context)
    spec.legend_entries = [LegendEntry(e.colour, missing, e.shape)
                           if e.colour == NO_DATA_COLOUR and e.shape == "square" else e
                           for e in spec.legend_entries]
    return spec


def site_points(sites: pd.DataFrame, lang: str) -> list[Point]:
    """Proposed sites as labelled markers (their rank), tooltips in ``lang``."""
    other = "name_fr" if lang == "ar" else "name_ar"
    column, heading = site_served(sites, lang)
    points = []
    for row in sites.to_dict("records"):
        title = t("Proposed site no. {rank}: {name}", lang, rank=int(row["rank"]),
                  name=i18n.unit_name(row, lang))
        rows = ((heading, i18n.number(row[column], lang)),)
        points.append(Point(float(row["lat"]), float(row["lon"]), title, str(row[other]), rows,
                            colour=SITE_COLOUR, label=str(int(row["rank"]))))
    return points


def plan_spec(communes: pd.DataFrame, sites: pd.DataFrame, geometry, bounds, lang: str, *,
              radius_km: float, status: str, centres: Sequence[Point] = (),
              cluster: bool = False, context=None, places: int | None = None) -> MapSpec:
    """Communes newly served by the proposed sites, served already, or still out of reach;
    existing centres and the proposed sites (numbered) on top."""
    in_places = "people_served_after" in communes.columns
    if in_places:  # a plan in places
        labels = {"newly": t("More people served", lang),
                  "served": t("Some people served today", lang),
                  "unserved": t("No one served", lang)}
    else:
        labels = {"newly": pt("commune", "Newly served", lang),
                  "served": pt("commune", "Served today", lang),
                  "unserved": t("Still out of reach", lang)}
    colours = {"newly": NEWLY_SERVED_COLOUR, "served": SERVED_COLOUR,
               "unserved": UNSERVED_COLOUR}
    shown = [format_values(communes["demand"].to_numpy(), "number", lang)]
    rows = [t("Service", lang), t("Target group", lang)]
    if in_places:  # the people of the commune served today and with the new sites
        for column, label in (("people_served_before", t("People served today", lang)),
                              ("people_served_after", t("People served", lang))):
            shown.append(format_values(communes[column].round(0).to_numpy(), "number", lang))
            rows.append(label)
    styles = {}
    for row, *values in zip(communes.itertuples(index=False), *shown, strict=True):
        state = ("newly" if row.newly_served else "served" if row.served_before
                 else "unserved")
        styles[str(row.code)] = (colours[state], labels[state], *values)
    entries = [LegendEntry(colours[k], labels[k]) for k in ("newly", "served", "unserved")]
    entries.append(LegendEntry(SITE_COLOUR, t("Proposed site (rank)", lang), "circle"))
    note = plan_note({"radius_km": radius_km, "status": status, "places": places}, lang)
    spec = view._spec(lang, geometry=geometry, styles=styles, bounds=bounds,
                      title=t("Communes and proposed sites", lang), entries=entries, note=note,
                      labels=tuple(rows),
                      points=centres, cluster=cluster, context=context)
    # the centres as on the access map (their file and a bitmask), the few sites inline
    spec.sites = site_points(sites, lang)
    return spec


def sites_table(sites: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Proposed sites for display and download: rank, name, code, kind, new demand served
    (people served by each site, in places)."""
    column, heading = site_served(sites, lang)
    return pd.DataFrame({
        t("Rank", lang): sites["rank"].to_numpy(),
        t("Name", lang): i18n.unit_names(sites, lang),
        t("Code", lang): sites["code"].astype(str).to_numpy(),
        t("Commune type", lang): [label_of(COMMUNE_KINDS, k, lang) for k in sites["kind"]],
        heading: sites[column].round(0).to_numpy(),
    })


def places_counted(centres: pd.DataFrame) -> float:
    """Places of the counted centres that report them (the others count none)."""
    if "capacity" not in centres.columns:
        return 0.0
    return float(pd.to_numeric(centres["capacity"], errors="coerce").sum())


def capacity_unknown_table(unknown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Counted centres reporting no capacity, for display: file row, id, name, type,
    commune code (what a delegate needs to find and fix the row)."""
    return pd.DataFrame({
        t("Row", lang): unknown["row"].to_numpy() if "row" in unknown else None,
        t("Centre id", lang): unknown["centre_id"].to_numpy(),
        t("Name", lang): unknown["name"].to_numpy(),
        t("Centre type", lang): [i18n.term_label(CENTRE_TYPES, v, lang)
                                 for v in unknown["centre_type"]],
        t("Code", lang): unknown["commune_code"].astype(str).to_numpy(),
    })


__all__ = ["PlanRequest", "access_spec", "access_title", "capacity_unknown_table",
           "places_counted", "plan_cards", "plan_spec", "planning_filters", "served_share",
           "site_points", "sites_table"]
